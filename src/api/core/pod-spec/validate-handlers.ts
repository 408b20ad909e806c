// Probe and lifecycle handlers (upstream validateHandler): exactly one of exec, httpGet, tcpSocket,
// grpc (probes) or sleep (lifecycle hooks), each with its own rules.

import { isHTTPHeaderName, isValidPortName, isValidPortNum } from '../../../machinery/validation/names.ts';
import { type FieldError, forbidden, invalid, notSupported, required } from '../../internal/field-errors.ts';
import { child } from '../../internal/field-paths.ts';
import { isObj, type JsonObject } from '../../internal/loose-json.ts';

type HandlerKind = 'exec' | 'httpGet' | 'tcpSocket' | 'grpc' | 'sleep';

const PROBE_HANDLERS: readonly HandlerKind[] = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const LIFECYCLE_HANDLERS: readonly HandlerKind[] = ['exec', 'httpGet', 'tcpSocket', 'sleep'];

export function validateProbeHandler(
  probe: JsonObject,
  gracePeriod: number | undefined,
  path: string,
): FieldError[] {
  return validateHandler(probe, PROBE_HANDLERS, gracePeriod, path);
}

export function validateLifecycle(
  lifecycle: JsonObject,
  gracePeriod: number | undefined,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  for (const hook of ['postStart', 'preStop'] as const) {
    if (isObj(lifecycle[hook]))
      errs.push(...validateHandler(lifecycle[hook], LIFECYCLE_HANDLERS, gracePeriod, child(path, hook)));
  }
  return errs;
}

function validateHandler(
  handler: JsonObject,
  kinds: readonly HandlerKind[],
  gracePeriod: number | undefined,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  for (const kind of kinds) {
    if (handler[kind] == null) continue;
    const hPath = child(path, kind);
    if (count > 0) {
      errs.push(forbidden(hPath, 'may not specify more than 1 handler type'));
      continue;
    }
    count++;
    const action: JsonObject = isObj(handler[kind]) ? handler[kind] : {};
    switch (kind) {
      case 'exec':
        if (!Array.isArray(action.command) || action.command.length === 0)
          errs.push(required(child(hPath, 'command')));
        break;
      case 'httpGet':
        errs.push(...validateHTTPGet(action, hPath));
        break;
      case 'tcpSocket':
        errs.push(...validatePortNumOrName(action.port, child(hPath, 'port')));
        break;
      case 'grpc':
        errs.push(
          ...validatePortNumOrName(typeof action.port === 'number' ? action.port : 0, child(hPath, 'port')),
        );
        break;
      case 'sleep': {
        const seconds = typeof action.seconds === 'number' ? action.seconds : 0;
        if (gracePeriod !== undefined && (seconds <= 0 || seconds > gracePeriod)) {
          errs.push(
            invalid(
              hPath,
              seconds,
              `must be greater than 0 and less than terminationGracePeriodSeconds (${gracePeriod}). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.`,
            ),
          );
        }
        break;
      }
    }
  }
  if (count === 0) errs.push(required(path, 'must specify a handler type'));
  return errs;
}

function validateHTTPGet(action: JsonObject, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (typeof action.path !== 'string' || action.path === '') errs.push(required(child(path, 'path')));
  errs.push(...validatePortNumOrName(action.port, child(path, 'port')));
  if (action.scheme !== 'HTTP' && action.scheme !== 'HTTPS') {
    errs.push(notSupported(child(path, 'scheme'), action.scheme ?? '', ['HTTP', 'HTTPS']));
  }
  for (const header of Array.isArray(action.httpHeaders) ? action.httpHeaders : []) {
    const name = isObj(header) && typeof header.name === 'string' ? header.name : '';
    errs.push(...isHTTPHeaderName(name).map((m) => invalid(child(path, 'httpHeaders'), name, m)));
  }
  return errs;
}

/** `ValidatePortNumOrName` for an IntOrString port. */
export function validatePortNumOrName(port: unknown, path: string): FieldError[] {
  if (typeof port === 'string') return isValidPortName(port).map((m) => invalid(path, port, m));
  const n = typeof port === 'number' ? port : 0;
  return isValidPortNum(n).map((m) => invalid(path, n, m));
}
