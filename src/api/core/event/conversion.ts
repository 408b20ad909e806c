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

const EVENTS_ONLY = [
  'regarding',
  'note',
  'reportingController',
  'deprecatedSource',
  'deprecatedFirstTimestamp',
  'deprecatedLastTimestamp',
  'deprecatedCount',
];
const CORE_ONLY = [
  'involvedObject',
  'message',
  'reportingComponent',
  'source',
  'firstTimestamp',
  'lastTimestamp',
  'count',
];

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
  const e = obj as EventsEventObj;
  const out: Record<string, unknown> = { apiVersion: 'v1', kind: 'Event', metadata: e.metadata ?? {} };
  out.involvedObject = e.regarding ?? {};
  copyIfSet(out, 'reason', e.reason);
  copyIfSet(out, 'message', e.note);
  copyIfSet(out, 'source', e.deprecatedSource);
  copyIfSet(out, 'firstTimestamp', e.deprecatedFirstTimestamp);
  copyIfSet(out, 'lastTimestamp', e.deprecatedLastTimestamp);
  copyIfSet(out, 'count', e.deprecatedCount);
  copyIfSet(out, 'type', e.type);
  copyIfSet(out, 'eventTime', e.eventTime);
  copyIfSet(out, 'series', e.series);
  copyIfSet(out, 'action', e.action);
  copyIfSet(out, 'related', e.related);
  copyIfSet(out, 'reportingComponent', e.reportingController);
  copyIfSet(out, 'reportingInstance', e.reportingInstance);
  return out as CoreEventObj;
}

/** An Event in either shape as events.k8s.io/v1. */
export function toEventsEvent(obj: KubeObject): EventsEventObj {
  if (isEventsShape(obj))
    return { ...(obj as EventsEventObj), apiVersion: EVENTS_API_VERSION, kind: 'Event' };
  const e = obj as CoreEventObj;
  const out: Record<string, unknown> = {
    apiVersion: EVENTS_API_VERSION,
    kind: 'Event',
    metadata: e.metadata ?? {},
  };
  copyIfSet(out, 'eventTime', e.eventTime);
  copyIfSet(out, 'series', e.series);
  copyIfSet(out, 'reportingController', e.reportingComponent);
  copyIfSet(out, 'reportingInstance', e.reportingInstance);
  copyIfSet(out, 'action', e.action);
  copyIfSet(out, 'reason', e.reason);
  copyIfSet(out, 'regarding', e.involvedObject);
  copyIfSet(out, 'related', e.related);
  copyIfSet(out, 'note', e.message);
  copyIfSet(out, 'type', e.type);
  copyIfSet(out, 'deprecatedSource', e.source);
  copyIfSet(out, 'deprecatedFirstTimestamp', e.firstTimestamp);
  copyIfSet(out, 'deprecatedLastTimestamp', e.lastTimestamp);
  copyIfSet(out, 'deprecatedCount', e.count);
  return out as EventsEventObj;
}
