// events.k8s.io/v1 Event: the same objects as core/v1 Events (`storageResource: 'events'`),
// stored in the core/v1 shape. `convert(obj, version)` turns a stored core Event into the
// events.k8s.io shape and an events.k8s.io Event into the stored core shape, so the API server
// calls it both on the way out and on the way in; `toCoreEvent` / `toEventsEvent` (core/event)
// state the direction explicitly. Validation is the strict events.k8s.io/v1 one.

import {
  EVENT_TTL_SECONDS,
  type EventsEventObj,
  eventTable,
  involvedObjectFields,
  isEventsShape,
  toCoreEvent,
  toEventsEvent,
  validateEventsV1Create,
  validateEventsV1Update,
} from '../core/event/index.ts';
import { noGeneration } from '../internal/generation.ts';
import type { KubeObject, ResourceStrategy, TableDefinition } from '../strategy.ts';

export const EVENTS_GROUP = 'events.k8s.io';

/** Field selectors under their events.k8s.io/v1 names (upstream's field label conversion). */
function eventsFields(obj: KubeObject): Record<string, string> {
  const e = toCoreEvent(obj);
  return {
    ...involvedObjectFields(e, 'regarding'),
    reason: e.reason ?? '',
    reportingController: e.reportingComponent ?? '',
    type: e.type ?? '',
  };
}

export const eventsEventStrategy: ResourceStrategy<EventsEventObj> = {
  group: EVENTS_GROUP,
  kind: 'Event',
  resource: 'events',
  singular: 'event',
  namespaced: true,
  versions: ['v1'],
  shortNames: ['ev'],
  storageResource: 'events',
  ttlSeconds: EVENT_TTL_SECONDS,
  nameRule: 'custom',
  generationChanged: noGeneration,

  convert(obj, toVersion) {
    if (toVersion === `${EVENTS_GROUP}/v1`) return toEventsEvent(obj);
    if (toVersion === 'core/v1') return toCoreEvent(obj) as unknown as EventsEventObj;
    // 'v1': the served shape for a stored (core) Event, the stored shape for a served one.
    return (isEventsShape(obj) ? toCoreEvent(obj) : toEventsEvent(obj)) as EventsEventObj;
  },

  validate: (e) => validateEventsV1Create(toCoreEvent(e)),
  validateUpdate: (e, old) => validateEventsV1Update(toCoreEvent(e), toCoreEvent(old)),

  selectableFields: eventsFields,
  table: eventTable as TableDefinition<EventsEventObj>,
};
