// core/v1 Event: namespaced, short name `ev`, kept for an hour (upstream's --event-ttl), names
// only need to be path segments. The events.k8s.io/v1 strategy (src/api/events) shares this
// storage; both accept an Event in either shape and answer in their own.
import type { FieldError } from '../../../machinery/status.ts';
import { nameIsPathSegment } from '../../../machinery/validation/names.ts';
import { noGeneration } from '../../internal/generation.ts';
import { validateObjectName } from '../../internal/meta.ts';
import { column, NAME_COLUMN, since } from '../../internal/table.ts';
import type { KubeObject, ResourceStrategy, TableDefinition } from '../../strategy.ts';
import { type CoreEventObj, toCoreEvent } from './conversion.ts';
import { legacyValidateEvent } from './validation.ts';

export {
  type CoreEventObj,
  type EventsEventObj,
  isEventsShape,
  toCoreEvent,
  toEventsEvent,
} from './conversion.ts';
export { legacyValidateEvent, validateEventsV1Create, validateEventsV1Update } from './validation.ts';

/** Upstream's default --event-ttl: events disappear an hour after their last write. */
export const EVENT_TTL_SECONDS = 3600;

/** `translateMicroTimestampSince` / `translateTimestampSince`. */
function ago(ts: string | undefined, now: Date): string {
  return ts ? since(ts, now) : '<unknown>';
}

/** `formatEventSource`: component (or reporting controller), then host (or instance). */
function eventSource(e: CoreEventObj): string {
  const component = e.source?.component || e.reportingComponent || '';
  const instance = e.source?.host || e.reportingInstance || '';
  return instance ? `${component}, ${instance}` : component;
}

/** The `kubectl get events` table, for an Event in either shape. */
export const eventTable: TableDefinition<KubeObject> = {
  columns: [
    column('Last Seen', 'The time at which the most recent occurrence of this event was recorded.'),
    column('Type', 'Type of this event (Normal, Warning), new types could be added in the future'),
    column(
      'Reason',
      "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
    ),
    column('Object', 'The object that this event is about.'),
    column('Subobject', 'The field of the object the event is about, if any.', { priority: 1 }),
    column('Source', 'The component reporting this event.', { priority: 1 }),
    column('Message', 'A human-readable description of the status of this operation.'),
    column('First Seen', 'The time at which the event was first recorded.', { priority: 1 }),
    column('Count', 'The number of times this event has occurred.', { priority: 1 }),
    { ...NAME_COLUMN, priority: 1 },
  ],
  row(obj, now) {
    const e = toCoreEvent(obj);
    const first = e.firstTimestamp ? ago(e.firstTimestamp, now) : ago(e.eventTime, now);
    let last = e.lastTimestamp ? ago(e.lastTimestamp, now) : first;
    let count = e.count ?? 0;
    if (e.series) {
      last = ago(e.series.lastObservedTime, now);
      count = e.series.count ?? 0;
    } else if (count === 0) count = 1; // singleton events of the new API carry no count
    const kind = (e.involvedObject?.kind ?? '').toLowerCase();
    const target = e.involvedObject?.name ? `${kind}/${e.involvedObject.name}` : kind;
    return [
      last,
      e.type ?? '',
      e.reason ?? '',
      target,
      e.involvedObject?.fieldPath ?? '',
      eventSource(e),
      (e.message ?? '').trim(),
      first,
      count,
      e.metadata?.name ?? '',
    ];
  },
};

/**
 * The field selectors on the involved object, under the name each API gives it (`involvedObject`
 * in core/v1, `regarding` in events.k8s.io/v1, upstream's field label conversion).
 */
export function involvedObjectFields(e: CoreEventObj, prefix: string): Record<string, string> {
  const o = e.involvedObject ?? {};
  return {
    [`${prefix}.kind`]: o.kind ?? '',
    [`${prefix}.namespace`]: o.namespace ?? '',
    [`${prefix}.name`]: o.name ?? '',
    [`${prefix}.uid`]: o.uid ?? '',
    [`${prefix}.apiVersion`]: o.apiVersion ?? '',
    [`${prefix}.resourceVersion`]: o.resourceVersion ?? '',
    [`${prefix}.fieldPath`]: o.fieldPath ?? '',
  };
}

/** Field selectors of events as upstream's `ToSelectableFields` (core/v1 names). */
export function coreEventFields(obj: KubeObject): Record<string, string> {
  const e = toCoreEvent(obj);
  return {
    ...involvedObjectFields(e, 'involvedObject'),
    reason: e.reason ?? '',
    reportingComponent: e.reportingComponent ?? '',
    source: e.source?.component || e.reportingComponent || '',
    type: e.type ?? '',
  };
}

/** core/v1 accepts the legacy rules, on create and update alike. */
function validateCoreEvent(e: CoreEventObj): FieldError[] {
  return [...validateObjectName(e, nameIsPathSegment), ...legacyValidateEvent(toCoreEvent(e))];
}

export const eventStrategy: ResourceStrategy<CoreEventObj> = {
  group: '',
  kind: 'Event',
  resource: 'events',
  singular: 'event',
  namespaced: true,
  versions: ['v1'],
  shortNames: ['ev'],
  ttlSeconds: EVENT_TTL_SECONDS,
  nameRule: 'custom',
  generationChanged: noGeneration,

  /** An events.k8s.io-shaped object (shared storage) read through core/v1 becomes core-shaped. */
  convert: (obj) => toCoreEvent(obj),

  validate: validateCoreEvent,
  validateUpdate: (e) => validateCoreEvent(e),

  selectableFields: coreEventFields,
  table: eventTable as TableDefinition<CoreEventObj>,
};
