// core/v1 Event ↔ events.k8s.io/v1 Event. Both versions share one storage (upstream stores the
// internal Event, whose wire form is core/v1); events.k8s.io renames fields: involvedObject →
// regarding, message → note, reportingComponent → reportingController, source →
// deprecatedSource, firstTimestamp/lastTimestamp/count → deprecated*.
import type { Event as CoreEvent } from 'kubernetes-types/core/v1.d.ts';
import type { Event as EventsEvent } from 'kubernetes-types/events/v1.d.ts';
import type { Obj } from '../../internal/types.ts';
import type { KubeObject } from '../../strategy.ts';

export type CoreEventObj = Obj<CoreEvent>;
export type EventsEventObj = Obj<EventsEvent>;

export const EVENTS_API_VERSION = 'events.k8s.io/v1';

/** Each core/v1 field with its events.k8s.io/v1 name, in core/v1's JSON field order. */
const CORE_TO_EVENTS: readonly [core: string, events: string][] = [
  ['involvedObject', 'regarding'],
  ['reason', 'reason'],
  ['message', 'note'],
  ['source', 'deprecatedSource'],
  ['firstTimestamp', 'deprecatedFirstTimestamp'],
  ['lastTimestamp', 'deprecatedLastTimestamp'],
  ['count', 'deprecatedCount'],
  ['type', 'type'],
  ['eventTime', 'eventTime'],
  ['series', 'series'],
  ['action', 'action'],
  ['related', 'related'],
  ['reportingComponent', 'reportingController'],
  ['reportingInstance', 'reportingInstance'],
];

/** events.k8s.io/v1's JSON field order. */
const EVENTS_FIELD_ORDER = [
  'eventTime',
  'series',
  'reportingController',
  'reportingInstance',
  'action',
  'reason',
  'regarding',
  'related',
  'note',
  'type',
  'deprecatedSource',
  'deprecatedFirstTimestamp',
  'deprecatedLastTimestamp',
  'deprecatedCount',
];

const EVENTS_TO_CORE = new Map(CORE_TO_EVENTS.map(([core, events]) => [events, core]));
const RENAMED = CORE_TO_EVENTS.filter(([core, events]) => core !== events);
const CORE_ONLY = RENAMED.map(([core]) => core);
const EVENTS_ONLY = RENAMED.map(([, events]) => events);

/** Whether `obj` is in the events.k8s.io/v1 shape (by apiVersion, else by its fields). */
export function isEventsShape(obj: KubeObject): boolean {
  if (obj.apiVersion === EVENTS_API_VERSION) return true;
  if (obj.apiVersion === 'v1') return false;
  const has = (keys: string[]) => keys.some((k) => obj[k] !== undefined);
  return has(EVENTS_ONLY) && !has(CORE_ONLY);
}

function copyIfSet(out: Record<string, unknown>, outKey: string, value: unknown): void {
  if (value !== undefined) out[outKey] = value;
}

/** An Event in either shape as core/v1. */
export function toCoreEvent(obj: KubeObject): CoreEventObj {
  if (!isEventsShape(obj)) return { ...(obj as CoreEventObj), apiVersion: 'v1', kind: 'Event' };
  const out: Record<string, unknown> = { apiVersion: 'v1', kind: 'Event', metadata: obj.metadata ?? {} };
  out.involvedObject = obj.regarding ?? {};
  for (const [core, events] of CORE_TO_EVENTS)
    if (core !== 'involvedObject') copyIfSet(out, core, obj[events]);
  return out as CoreEventObj;
}

/** An Event in either shape as events.k8s.io/v1. */
export function toEventsEvent(obj: KubeObject): EventsEventObj {
  if (isEventsShape(obj))
    return { ...(obj as EventsEventObj), apiVersion: EVENTS_API_VERSION, kind: 'Event' };
  const out: Record<string, unknown> = {
    apiVersion: EVENTS_API_VERSION,
    kind: 'Event',
    metadata: obj.metadata ?? {},
  };
  for (const events of EVENTS_FIELD_ORDER) copyIfSet(out, events, obj[EVENTS_TO_CORE.get(events)!]);
  return out as EventsEventObj;
}
