// Checks upstream's custom resource validator makes beside the schema: the replica counts and
// label selector the scale subresource reads (they must be integers / a string where the CRD
// says they live), and warnings for finalizer names that are not domain-qualified.
import type { KubeObject, ScaleSubresource } from '../../api/strategy.ts';
import { goQuote, goTypeName, goV } from '../../machinery/go-format.ts';
import type { FieldError } from '../../machinery/status.ts';
import { isQualifiedName } from '../../machinery/validation/names.ts';

const MAX_INT32 = 2147483647;

type Nested = { value: unknown; found: boolean; error?: string };

/** unstructured.NestedFieldNoCopy plus the typed accessors' errors (`.spec.replicas accessor error: …`). */
function nested(obj: KubeObject, path: string, want: 'int64' | 'string'): Nested {
  const fields = path.replace(/^\./, '').split('.');
  let current: unknown = obj;
  for (let i = 0; i < fields.length; i++) {
    if (current === null) return { value: undefined, found: false };
    if (typeof current !== 'object' || Array.isArray(current)) {
      const at = `.${fields.slice(0, i + 1).join('.')}`;
      return {
        value: undefined,
        found: false,
        error: `${at} accessor error: ${goV(current)} is of the type ${goTypeName(current)}, expected map[string]interface{}`,
      };
    }
    const next = (current as Record<string, unknown>)[fields[i]!];
    if (next === undefined) return { value: undefined, found: false };
    current = next;
  }
  const ok =
    want === 'int64' ? typeof current === 'number' && Number.isInteger(current) : typeof current === 'string';
  if (!ok)
    return {
      value: undefined,
      found: false,
      error: `.${fields.join('.')} accessor error: ${goV(current)} is of the type ${goTypeName(current)}, expected ${want}`,
    };
  return { value: current, found: true };
}

function replicas(obj: KubeObject, path: string): FieldError[] {
  const r = nested(obj, path, 'int64');
  if (r.error) return [{ type: 'FieldValueInvalid', field: path, value: 0, detail: r.error }];
  const n = (r.value as number | undefined) ?? 0;
  if (n < 0)
    return [{ type: 'FieldValueInvalid', field: path, value: n, detail: 'should be a non-negative integer' }];
  if (n > MAX_INT32)
    return [
      {
        type: 'FieldValueInvalid',
        field: path,
        value: n,
        detail: `should be less than or equal to ${MAX_INT32}`,
      },
    ];
  return [];
}

/** ValidateScaleSpec: the desired replicas at specReplicasPath. */
export function validateScaleSpec(obj: KubeObject, scale: ScaleSubresource | undefined): FieldError[] {
  return scale ? replicas(obj, scale.specReplicasPath) : [];
}

/** ValidateScaleStatus: the observed replicas at statusReplicasPath, and the selector at labelSelectorPath. */
export function validateScaleStatus(obj: KubeObject, scale: ScaleSubresource | undefined): FieldError[] {
  if (!scale) return [];
  const errs = replicas(obj, scale.statusReplicasPath);
  if (scale.labelSelectorPath) {
    const sel = nested(obj, scale.labelSelectorPath, 'string');
    if (sel.error)
      errs.push({ type: 'FieldValueInvalid', field: scale.labelSelectorPath, value: '', detail: sel.error });
  }
  return errs;
}

const STANDARD_FINALIZERS = new Set(['orphan', 'foregroundDeletion', 'kubernetes']);

/** Warnings for finalizers added by this write whose names are not domain-qualified (upstream's generateWarningsFromObj). */
export function finalizerWarnings(obj: KubeObject, old?: KubeObject): string[] {
  const before = new Set(old?.metadata?.finalizers ?? []);
  const added = [...new Set(obj.metadata?.finalizers ?? [])].filter((f) => !before.has(f)).sort();
  const warnings: string[] = [];
  const path = 'metadata.finalizers';
  for (const f of added) {
    for (const msg of isQualifiedName(f)) warnings.push(`${path}: ${goQuote(f)}: ${msg}`);
    if (!f.includes('/') && !STANDARD_FINALIZERS.has(f)) {
      warnings.push(
        f.includes('.')
          ? `${path}: ${goQuote(f)}: prefer a domain-qualified finalizer name including a path (/) to avoid accidental conflicts with other finalizer writers`
          : `${path}: ${goQuote(f)}: prefer a domain-qualified finalizer name to avoid accidental conflicts with other finalizer writers`,
      );
    }
  }
  return warnings;
}
