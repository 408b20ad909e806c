// The bridge between client-side and server-side apply that upstream's API server keeps for the
// manager named "kubectl" (k8s.io/apimachinery/pkg/util/managedfields/internal/lastapplied*.go):
// - a server-side apply by "kubectl" may take over, without conflict, fields whose live value is
//   still what the `kubectl.kubernetes.io/last-applied-configuration` annotation says;
// - after such an apply, an existing annotation is rewritten to the newly applied configuration,
//   so that a later client-side apply computes its patch from the right base.
import { isJsonObject } from '../patch-errors.ts';
import { compareValuesTyped } from './compare.ts';
import type { FieldSet } from './field-set.ts';
import type { SchemaTypes } from './schema-types.ts';
import { toFieldSet } from './to-field-set.ts';
import { validateTyped } from './validate.ts';
import { goJson } from './value-order.ts';

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
export const LAST_APPLIED_MANAGER = 'kubectl';

function annotationsOf(obj: unknown): Record<string, unknown> | undefined {
  if (!isJsonObject(obj) || !isJsonObject(obj.metadata)) return undefined;
  const annotations = obj.metadata.annotations;
  return isJsonObject(annotations) ? annotations : undefined;
}

function lastApplied(obj: unknown): string | undefined {
  const v = annotationsOf(obj)?.[LAST_APPLIED_ANNOTATION];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * The fields "kubectl" may take over: those of the last-applied configuration whose values the
 * live object still has. Undefined when there is no usable annotation.
 */
export function allowedConflictsFromLastApplied(
  types: SchemaTypes,
  live: unknown,
  apiVersion: string,
): FieldSet | undefined {
  const text = lastApplied(live);
  if (text === undefined) return undefined;
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isJsonObject(config) || config.apiVersion !== apiVersion) return undefined;
  if (validateTyped(types, config, false).length > 0) return undefined;
  const cmp = compareValuesTyped(types, config, live);
  return toFieldSet(types, config).difference(cmp.modified).difference(cmp.added).difference(cmp.removed);
}

/** Rewrites an existing last-applied annotation of `result` to `applied` (without that annotation). */
export function refreshLastApplied(result: Record<string, unknown>, applied: Record<string, unknown>): void {
  if (lastApplied(result) === undefined) return;
  const config = structuredClone(applied);
  const configAnnotations = annotationsOf(config);
  if (configAnnotations) delete configAnnotations[LAST_APPLIED_ANNOTATION];
  annotationsOf(result)![LAST_APPLIED_ANNOTATION] = `${goJson(config)}\n`;
}
