// Query parameters shared by the verbs, parsed and checked as upstream does.
import { badRequest, StatusError } from '../../machinery/status.ts';
import type { DeleteOptions, PropagationPolicy } from '../registry/deletion.ts';
import type { IncludeObject } from './codec.ts';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export function parseDryRun(q: URLSearchParams): boolean {
  const values = q.getAll('dryRun');
  if (values.length === 0) return false;
  for (const v of values) {
    if (v !== 'All')
      throw badRequest(`Invalid dry run value: ${v}`, [
        {
          reason: 'FieldValueNotSupported',
          message: `Unsupported value: "${v}": supported values: "All"`,
          field: 'dryRun',
        },
      ]);
  }
  return true;
}

export function parseFieldValidation(q: URLSearchParams): FieldValidation {
  const v = q.get('fieldValidation');
  if (v === null || v === '') return 'Warn';
  if (v === 'Strict' || v === 'Warn' || v === 'Ignore') return v;
  throw badRequest(`fieldValidation must be one of "Ignore", "Strict", "Warn", or empty, got "${v}"`);
}

export function parseIncludeObject(q: URLSearchParams): IncludeObject {
  const v = q.get('includeObject');
  if (v === null || v === '') return 'Metadata';
  if (v === 'None' || v === 'Metadata' || v === 'Object') return v;
  throw badRequest(
    `includeObject: Unsupported value: "${v}": supported values: "None", "Metadata", "Object"`,
  );
}

export function parseNonNegativeInt(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  if (!/^-?\d+$/.test(v)) throw badRequest(`invalid value for ${name}: ${JSON.stringify(v)}`);
  return Number(v);
}

export function parseBool(q: URLSearchParams, name: string): boolean | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw badRequest(`invalid value for ${name}: ${JSON.stringify(v)}`);
}

/** fieldManager: at most 128 printable characters (upstream's rule). */
export function parseFieldManager(q: URLSearchParams, fallback: string): string {
  const v = q.get('fieldManager');
  if (v === null || v === '') return fallback;
  if (v.length > 128) throw badRequest(`fieldManager: Too long: may not be more than 128 bytes`);
  if (/[^\x20-\x7e]/.test(v))
    throw badRequest(
      `fieldManager: Invalid value: ${JSON.stringify(v)}: must only contain printable characters`,
    );
  return v;
}

const POLICIES: readonly string[] = ['Orphan', 'Background', 'Foreground'];

/** DeleteOptions from the body (if any) overlaid by query parameters, validated. */
export function deleteOptionsFrom(q: URLSearchParams, body: unknown): DeleteOptions {
  const opts: DeleteOptions = {};
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    if (b.kind !== undefined && b.kind !== 'DeleteOptions')
      throw badRequest(`expected DeleteOptions, got ${String(b.kind)}`);
    if (typeof b.gracePeriodSeconds === 'number') opts.gracePeriodSeconds = b.gracePeriodSeconds;
    if (typeof b.propagationPolicy === 'string')
      opts.propagationPolicy = b.propagationPolicy as PropagationPolicy;
    if (typeof b.orphanDependents === 'boolean') opts.orphanDependents = b.orphanDependents;
    if (b.preconditions && typeof b.preconditions === 'object')
      opts.preconditions = b.preconditions as DeleteOptions['preconditions'];
    if (Array.isArray(b.dryRun)) opts.dryRun = b.dryRun as string[];
  }
  const grace = parseNonNegativeInt(q, 'gracePeriodSeconds');
  if (grace !== undefined) opts.gracePeriodSeconds = grace;
  const policy = q.get('propagationPolicy');
  if (policy) opts.propagationPolicy = policy as PropagationPolicy;
  const orphan = parseBool(q, 'orphanDependents');
  if (orphan !== undefined) opts.orphanDependents = orphan;
  if (opts.propagationPolicy !== undefined && !POLICIES.includes(opts.propagationPolicy)) {
    throw invalidDeleteOptions(
      'propagationPolicy',
      `Unsupported value: "${opts.propagationPolicy}": supported values: "Foreground", "Background", "Orphan"`,
    );
  }
  if (opts.propagationPolicy !== undefined && opts.orphanDependents !== undefined) {
    throw invalidDeleteOptions(
      'propagationPolicy',
      'Invalid value: "' +
        opts.propagationPolicy +
        '": orphanDependents and deletionPropagation cannot be both set',
    );
  }
  if (opts.dryRun)
    for (const v of opts.dryRun) if (v !== 'All') throw badRequest(`Invalid dry run value: ${v}`);
  return opts;
}

function invalidDeleteOptions(field: string, detail: string): StatusError {
  return new StatusError(422, 'Invalid', `DeleteOptions.meta.k8s.io "" is invalid: ${field}: ${detail}`, {
    group: 'meta.k8s.io',
    kind: 'DeleteOptions',
    causes: [
      {
        reason: detail.startsWith('Unsupported') ? 'FieldValueNotSupported' : 'FieldValueInvalid',
        message: detail,
        field,
      },
    ],
  });
}
