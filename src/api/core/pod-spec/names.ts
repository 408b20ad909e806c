// Name, label and selector rules of apimachinery (IsDNS1123Label, IsQualifiedName, ValidateLabels,
// ValidateLabelSelector, LabelSelectorAsSelector) as pod-spec validation needs them.
// NOTE: private stand-ins until src/machinery's labels/validation modules land; the exports keep
// the names those modules use so that swapping is an import change.
import { child, type FieldError, forbidden, index, invalid, required, tooLong } from './field-errors.ts';
import { maxLenError, regexError } from './strings.ts';

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_LABEL = new RegExp(`^${DNS1123_LABEL_FMT}$`);
const DNS1123_SUBDOMAIN = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME = new RegExp(`^${QUALIFIED_NAME_FMT}$`);
const QUALIFIED_NAME_ERR =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const LABEL_VALUE = new RegExp(`^${LABEL_VALUE_FMT}$`);

export function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!DNS1123_LABEL.test(value)) {
    if (DNS1123_SUBDOMAIN.test(value)) errs.push('must not contain dots');
    else
      errs.push(
        regexError(
          "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
          DNS1123_LABEL_FMT,
          'my-name',
          '123-abc',
        ),
      );
  }
  return errs;
}

export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push(maxLenError(253));
  if (!DNS1123_SUBDOMAIN.test(value)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        DNS1123_SUBDOMAIN_FMT,
        'example.com',
      ),
    );
  }
  return errs;
}

export function isDNS1035Label(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!new RegExp(`^${DNS1035_LABEL_FMT}$`).test(value)) {
    errs.push(
      regexError(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
        DNS1035_LABEL_FMT,
        'my-name',
        'abc-123',
      ),
    );
  }
  return errs;
}

export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0]!;
  } else if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else errs.push(...isDNS1123Subdomain(prefix).map((m) => `prefix part ${m}`));
  } else {
    return [
      `a qualified name ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push(`name part ${maxLenError(63)}`);
  if (!QUALIFIED_NAME.test(name)) {
    errs.push(
      `name part ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}`,
    );
  }
  return errs;
}

export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!LABEL_VALUE.test(value)) {
    errs.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        LABEL_VALUE_FMT,
        'MyValue',
        'my_value',
        '12345',
      ),
    );
  }
  return errs;
}

/** `NameIsDNSSubdomain(name, false)` etc. as field errors at `path`. */
export function validateDNS1123Label(value: string, path: string): FieldError[] {
  return isDNS1123Label(value).map((m) => invalid(path, value, m));
}

export function validateDNS1123Subdomain(value: string, path: string): FieldError[] {
  return isDNS1123Subdomain(value).map((m) => invalid(path, value, m));
}

export function validateQualifiedName(value: string, path: string): FieldError[] {
  return isQualifiedName(value).map((m) => invalid(path, value, m));
}

/** `ValidateLabelName`. */
export function validateLabelName(name: string, path: string): FieldError[] {
  return isQualifiedName(name).map((m) => invalid(path, name, m));
}

/** `ValidateLabels`: errors are reported at the map's path, not the key's, as upstream does. */
export function validateLabels(labels: unknown, path: string): FieldError[] {
  if (typeof labels !== 'object' || labels === null) return [];
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels as Record<string, unknown>)) {
    errs.push(...validateLabelName(k, path));
    const value = typeof v === 'string' ? v : String(v);
    errs.push(...isValidLabelValue(value).map((m) => invalid(path, value, m)));
  }
  return errs;
}

const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/** `ValidateAnnotations`. */
export function validateAnnotations(annotations: unknown, path: string): FieldError[] {
  if (typeof annotations !== 'object' || annotations === null) return [];
  const errs: FieldError[] = [];
  let total = 0;
  for (const [k, v] of Object.entries(annotations as Record<string, unknown>)) {
    errs.push(...isQualifiedName(k.toLowerCase()).map((m) => invalid(path, k, m)));
    total += Buffer.byteLength(k) + Buffer.byteLength(String(v));
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT) errs.push(tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT));
  return errs;
}

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

/** `ValidateLabelSelector` (strict label values, as for workloads' selectors). */
export function validateLabelSelector(
  selector: LabelSelector | undefined | null,
  path: string,
  allowInvalidLabelValue = false,
): FieldError[] {
  if (!selector || typeof selector !== 'object') return [];
  const errs = validateLabels(selector.matchLabels, child(path, 'matchLabels'));
  (Array.isArray(selector.matchExpressions) ? selector.matchExpressions : []).forEach((req, i) => {
    const reqPath = index(child(path, 'matchExpressions'), i);
    const values = Array.isArray(req?.values) ? req.values : [];
    switch (req?.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) {
          errs.push(
            required(child(reqPath, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"),
          );
        }
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) {
          errs.push(
            forbidden(
              child(reqPath, 'values'),
              "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
            ),
          );
        }
        break;
      default:
        errs.push(invalid(child(reqPath, 'operator'), req?.operator ?? '', 'not a valid selector operator'));
    }
    errs.push(...validateLabelName(String(req?.key ?? ''), child(reqPath, 'key')));
    if (!allowInvalidLabelValue) {
      values.forEach((v, vi) => {
        errs.push(
          ...isValidLabelValue(String(v)).map((m) => invalid(index(child(reqPath, 'values'), vi), v, m)),
        );
      });
    }
  });
  return errs;
}

/**
 * `LabelSelectorAsSelector(selector).Matches(labels)`: a missing selector matches nothing, an
 * empty one everything. Undefined when the selector cannot be converted (an unknown operator).
 */
export function labelSelectorMatches(
  selector: LabelSelector | undefined | null,
  labels: Record<string, string> | undefined,
): boolean | undefined {
  if (!selector) return false;
  const have = labels ?? {};
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (have[k] !== v) return false;
  }
  for (const req of selector.matchExpressions ?? []) {
    const present = Object.hasOwn(have, req.key);
    const values = req.values ?? [];
    switch (req.operator) {
      case 'In':
        if (!present || !values.includes(have[req.key]!)) return false;
        break;
      case 'NotIn':
        if (present && values.includes(have[req.key]!)) return false;
        break;
      case 'Exists':
        if (!present) return false;
        break;
      case 'DoesNotExist':
        if (present) return false;
        break;
      default:
        return undefined;
    }
  }
  return true;
}

/** True when the selector selects everything (no requirements at all). */
export function labelSelectorIsEmpty(selector: LabelSelector | undefined | null): boolean {
  return (
    !!selector &&
    Object.keys(selector.matchLabels ?? {}).length === 0 &&
    (selector.matchExpressions ?? []).length === 0
  );
}

/** `labels.FormatLabels`: `k=v` pairs sorted by key, `<none>` when empty. */
export function formatLabels(labels: Record<string, string> | undefined | null): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels![k]}`).join(',');
}

/** `selector.String()` of a converted LabelSelector: requirements sorted by key. */
export function labelSelectorString(selector: LabelSelector | undefined | null): string {
  if (!selector) return '';
  const reqs: { key: string; text: string }[] = [];
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) reqs.push({ key: k, text: `${k}=${v}` });
  for (const req of selector.matchExpressions ?? []) {
    const values = [...new Set(req.values ?? [])].sort().join(',');
    let text: string;
    switch (req.operator) {
      case 'In':
        text = `${req.key} in (${values})`;
        break;
      case 'NotIn':
        text = `${req.key} notin (${values})`;
        break;
      case 'Exists':
        text = req.key;
        break;
      case 'DoesNotExist':
        text = `!${req.key}`;
        break;
      default:
        return '<error>';
    }
    reqs.push({ key: req.key, text });
  }
  reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return reqs.map((r) => r.text).join(',');
}

/** `metav1.FormatLabelSelector`: `<none>` for a missing or empty selector. */
export function formatLabelSelector(selector: LabelSelector | undefined | null): string {
  const text = labelSelectorString(selector);
  return text === '' ? '<none>' : text;
}
