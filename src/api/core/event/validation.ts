// Event validation as upstream's pkg/apis/core/validation/events.go: the legacy rules every
// Event passes (namespaces consistent with involvedObject, new-style fields for events with an
// eventTime) and the strict rules of the events.k8s.io/v1 API. Paths are the core/v1 ones, as
// upstream validates the internal (core-shaped) object whatever the request's version.
import {
  isDNS1123Subdomain,
  isQualifiedName,
  nameIsDNSSubdomain,
} from '../../../machinery/validation/names.ts';
import {
  type FieldError,
  immutableError,
  invalid,
  invalidEach,
  required,
} from '../../internal/field-errors.ts';
import { validateObjectName } from '../../internal/meta.ts';
import { semanticEqual } from '../../internal/semantic.ts';
import type { CoreEventObj } from './conversion.ts';

const REPORTING_INSTANCE_LIMIT = 128;
const ACTION_LIMIT = 128;
const REASON_LIMIT = 128;
const NOTE_LIMIT = 1024;

const isZeroTime = (t: string | undefined | null) => !t;

/** `legacyValidateEvent`: what every Event must satisfy, whichever API wrote it. */
export function legacyValidateEvent(e: CoreEventObj): FieldError[] {
  const errs: FieldError[] = [];
  const ns = e.metadata?.namespace ?? '';
  const involvedNs = e.involvedObject?.namespace ?? '';
  const nsPath = 'involvedObject.namespace';
  const mismatch = () => invalid(nsPath, involvedNs, 'does not match event.namespace');
  if (isZeroTime(e.eventTime)) {
    // Old-style events: the namespaces agree (or the event is in default, for old clients).
    if (!involvedNs) {
      if (ns !== '' && ns !== 'default') errs.push(mismatch());
    } else if (ns !== involvedNs) errs.push(mismatch());
  } else {
    if (!involvedNs && ns !== 'default' && ns !== 'kube-system') errs.push(mismatch());
    const controller = e.reportingComponent ?? '';
    if (!controller) errs.push(required('reportingController'));
    errs.push(...invalidEach('reportingController', controller, isQualifiedName(controller)));
    const instance = e.reportingInstance ?? '';
    if (!instance) errs.push(required('reportingInstance'));
    if (instance.length > REPORTING_INSTANCE_LIMIT) {
      errs.push(invalid('reportingInstance', '', `can have at most ${REPORTING_INSTANCE_LIMIT} characters`));
    }
    const action = e.action ?? '';
    if (!action) errs.push(required('action'));
    if (action.length > ACTION_LIMIT)
      errs.push(invalid('action', '', `can have at most ${ACTION_LIMIT} characters`));
    const reason = e.reason ?? '';
    if (!reason) errs.push(required('reason'));
    if (reason.length > REASON_LIMIT)
      errs.push(invalid('reason', '', `can have at most ${REASON_LIMIT} characters`));
    if ((e.message ?? '').length > NOTE_LIMIT)
      errs.push(invalid('message', '', `can have at most ${NOTE_LIMIT} characters`));
  }
  errs.push(...invalidEach('namespace', ns, isDNS1123Subdomain(ns)));
  return errs;
}

function validateSeries(e: CoreEventObj): FieldError[] {
  if (!e.series) return [];
  const errs: FieldError[] = [];
  if ((e.series.count ?? 0) < 2) errs.push(invalid('series.count', '', 'should be at least 2'));
  if (isZeroTime(e.series.lastObservedTime)) errs.push(required('series.lastObservedTime'));
  return errs;
}

/** `ValidateEventCreate` for events.k8s.io/v1 requests: the legacy rules plus the strict ones. */
export function validateEventsV1Create(e: CoreEventObj): FieldError[] {
  const errs = legacyValidateEvent(e);
  errs.push(...validateObjectName(e, nameIsDNSSubdomain));
  errs.push(...validateSeries(e));
  if (isZeroTime(e.eventTime)) errs.push(required('eventTime'));
  if (e.type !== 'Normal' && e.type !== 'Warning')
    errs.push(invalid('type', '', `has invalid value: ${e.type ?? ''}`));
  if (!isZeroTime(e.firstTimestamp)) errs.push(invalid('firstTimestamp', '', 'needs to be unset'));
  if (!isZeroTime(e.lastTimestamp)) errs.push(invalid('lastTimestamp', '', 'needs to be unset'));
  if (e.count) errs.push(invalid('count', '', 'needs to be unset'));
  if (e.source?.component || e.source?.host) errs.push(invalid('source', '', 'needs to be unset'));
  return errs;
}

/** `ValidateEventUpdate` for events.k8s.io/v1 requests: what happened may not be rewritten. */
export function validateEventsV1Update(e: CoreEventObj, old: CoreEventObj): FieldError[] {
  const errs = legacyValidateEvent(e);
  if (!semanticEqual(e.series, old.series)) errs.push(...validateSeries(e));
  const fields: [string, unknown, unknown][] = [
    ['involvedObject', e.involvedObject, old.involvedObject],
    ['reason', e.reason, old.reason],
    ['message', e.message, old.message],
    ['source', e.source, old.source],
    ['firstTimestamp', e.firstTimestamp, old.firstTimestamp],
    ['lastTimestamp', e.lastTimestamp, old.lastTimestamp],
    ['count', e.count, old.count],
    ['reason', e.reason, old.reason],
    ['type', e.type, old.type],
    ['eventTime', e.eventTime, old.eventTime],
    ['action', e.action, old.action],
    ['related', e.related, old.related],
    ['reportingController', e.reportingComponent, old.reportingComponent],
    ['reportingInstance', e.reportingInstance, old.reportingInstance],
  ];
  for (const [path, now, before] of fields)
    if (!semanticEqual(now, before)) errs.push(immutableError(path, now ?? ''));
  return errs;
}
