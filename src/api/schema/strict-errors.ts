// The words upstream uses for field validation (`?fieldValidation=Strict|Warn|Ignore`):
// sigs.k8s.io/json's strict errors (`unknown field "spec.foo"`, `duplicate field "metadata.name"`),
// joined by runtime's strictDecodingError, wrapped by the create/update handlers in a 400 BadRequest
// and by the patch handler in a 422 Invalid on the field `patch`. Under Warn each strict error
// becomes one `Warning` header instead.
import { badRequest, type FieldError, invalid, type StatusError } from '../../machinery/status.ts';

export type FieldValidation = 'Ignore' | 'Warn' | 'Strict';

/** One strict-decoding problem: an unknown or a duplicated field at a path. */
export interface StrictFieldError {
  type: 'unknown' | 'duplicate';
  path: string;
}

/** `unknown field "spec.foo"` / `duplicate field "metadata.name"`, as sigs.k8s.io/json words it. */
export function strictErrorText(error: StrictFieldError): string {
  return `${error.type === 'unknown' ? 'unknown field' : 'duplicate field'} ${JSON.stringify(error.path)}`;
}

/**
 * YAML duplicate keys, as sigs.k8s.io/yaml's strict conversion reports them (one error for the
 * whole document): `yaml: unmarshal errors:\n  line 3: key "a" already set in map`.
 * Pass the `line N: key "x" already set in map` lines.
 */
export function yamlDuplicateText(lines: readonly string[]): string {
  return `yaml: unmarshal errors:\n${lines.map((line) => `  ${line}`).join('\n')}`;
}

/** `strict decoding error: <e1>, <e2>` (runtime.NewStrictDecodingError). */
export function strictDecodingText(errors: readonly string[]): string {
  return `strict decoding error: ${errors.join(', ')}`;
}

/**
 * The texts of the `Warning` headers under fieldValidation=Warn: one per strict error, and one per
 * line of a YAML duplicate-key error (as upstream's parseYAMLWarnings splits it).
 */
export function strictWarnings(errors: readonly string[]): string[] {
  const warnings: string[] = [];
  for (const error of errors) {
    const yaml = /^(?:error converting YAML to JSON: )?yaml: unmarshal errors:\n/.exec(error);
    if (yaml)
      warnings.push(
        ...error
          .slice(yaml[0].length)
          .split('\n')
          .map((line) => line.trim()),
      );
    else warnings.push(error);
  }
  return warnings;
}

/**
 * The create/update rejection under Strict:
 * `Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.foo"`.
 * `kind`/`version` are those of the request body; `expectedKind` the kind the endpoint serves.
 */
export function strictDecodingRejection(
  kind: string,
  version: string,
  expectedKind: string,
  errors: readonly string[],
): StatusError {
  return badRequest(
    `${kind} in version ${JSON.stringify(version)} cannot be handled as a ${expectedKind}: ${strictDecodingText(errors)}`,
  );
}

/**
 * The patch rejection under Strict: 422 Invalid on field `patch`, whose value is the patched
 * object's JSON (JSON and merge patches) or the patch as Go prints a map (strategic merge patch;
 * pass the text to show).
 */
export function strictPatchRejection(shownValue: string, errors: readonly string[]): StatusError {
  const error: FieldError = {
    type: 'FieldValueInvalid',
    field: 'patch',
    value: shownValue,
    detail: strictDecodingText(errors),
  };
  return invalid('', '', '', [error]);
}

/** Orders strict errors as one pass over the document would meet them (see `documentOrder`). */
export function orderStrictErrors(
  errors: StrictFieldError[],
  keyOrder: ReadonlyMap<string, number>,
): StrictFieldError[] {
  const rank = (e: StrictFieldError): number => {
    const at = keyOrder.get(e.path);
    // A duplicate is met after the first occurrence of its key.
    return at === undefined ? Number.MAX_SAFE_INTEGER : at + (e.type === 'duplicate' ? 0.5 : 0);
  };
  return errors
    .map((e, i) => ({ e, i, r: rank(e) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.e);
}

/** Position of every field path in a decoded document, in key order (for `orderStrictErrors`). */
export function documentOrder(value: unknown): Map<string, number> {
  const order = new Map<string, number>();
  const visit = (v: unknown, path: string): void => {
    if (Array.isArray(v)) {
      v.forEach((item, i) => {
        visit(item, `${path}[${i}]`);
      });
    } else if (typeof v === 'object' && v !== null) {
      for (const [key, child] of Object.entries(v)) {
        const childPath = path === '' ? key : `${path}.${key}`;
        order.set(childPath, order.size);
        visit(child, childPath);
      }
    }
  };
  visit(value, '');
  return order;
}
