// Label and field selectors as the client sends them (query strings) and as listers apply
// them to cached objects. Accepts the three shapes callers have at hand: a selector string
// (`app=web,tier!=db`), a plain label map (equality on each), or a meta/v1 LabelSelector
// (`matchLabels` + `matchExpressions`, e.g. a Deployment's `spec.selector`).

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | string;
  values?: string[];
}

/** meta/v1 LabelSelector. An empty selector matches everything (upstream's LabelSelectorAsSelector). */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export type LabelSelectorInput = string | LabelSelector | Record<string, string>;

/** Anything that can decide whether a label set is selected. */
export interface LabelMatcher {
  matches(labels: Readonly<Record<string, string>> | undefined): boolean;
}

type Requirement = { key: string; op: 'in' | 'notin' | 'exists' | '!'; values: string[] };

function isLabelSelector(v: object): v is LabelSelector {
  return 'matchLabels' in v || 'matchExpressions' in v;
}

function requirementsOf(sel: LabelSelectorInput): Requirement[] {
  if (typeof sel === 'string') return parseLabelSelector(sel);
  if (!isLabelSelector(sel)) {
    if (Object.keys(sel).length === 0) return [];
    return Object.entries(sel as Record<string, string>).map(([key, v]) => ({ key, op: 'in', values: [v] }));
  }
  const reqs: Requirement[] = Object.entries(sel.matchLabels ?? {}).map(([key, v]) => ({
    key,
    op: 'in',
    values: [v],
  }));
  for (const e of sel.matchExpressions ?? []) {
    const op = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' }[e.operator] as
      | Requirement['op']
      | undefined;
    if (!op) throw new Error(`"${e.operator}" is not a valid label selector operator`);
    reqs.push({ key: e.key, op, values: [...(e.values ?? [])] });
  }
  return reqs;
}

/** Parses a selector string (`a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`, comma-separated). */
export function parseLabelSelector(text: string): Requirement[] {
  const reqs: Requirement[] = [];
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  for (const raw of parts) {
    const part = raw.trim();
    if (!part) continue;
    let m = /^([^\s!=(),]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(part);
    if (m) {
      reqs.push({ key: m[1]!, op: m[2] as 'in' | 'notin', values: m[3]!.split(',').map((v) => v.trim()) });
      continue;
    }
    m = /^([^\s!=(),]+)\s*(==|=|!=)\s*([^\s!=(),]*)$/.exec(part);
    if (m) {
      reqs.push({ key: m[1]!, op: m[2] === '!=' ? 'notin' : 'in', values: [m[3]!] });
      continue;
    }
    m = /^(!?)\s*([^\s!=(),]+)$/.exec(part);
    if (m) {
      reqs.push({ key: m[2]!, op: m[1] ? '!' : 'exists', values: [] });
      continue;
    }
    throw new Error(`unable to parse requirement: ${JSON.stringify(part)}`);
  }
  return reqs;
}

/** A matcher for any selector shape. Usage: `labelMatcher(rs.spec.selector).matches(pod.metadata.labels)`. */
export function labelMatcher(sel: LabelSelectorInput | LabelMatcher | undefined): LabelMatcher {
  if (sel === undefined) return { matches: () => true };
  if (typeof sel === 'object' && 'matches' in sel && typeof sel.matches === 'function')
    return sel as LabelMatcher;
  const reqs = requirementsOf(sel as LabelSelectorInput);
  return {
    matches(labels) {
      for (const r of reqs) {
        const has = labels !== undefined && Object.hasOwn(labels, r.key);
        const v = has ? labels![r.key]! : undefined;
        switch (r.op) {
          case 'in':
            if (!has || !r.values.includes(v!)) return false;
            break;
          case 'notin':
            if (has && r.values.includes(v!)) return false;
            break;
          case 'exists':
            if (!has) return false;
            break;
          case '!':
            if (has) return false;
            break;
        }
      }
      return true;
    },
  };
}

/** The query-string form of a selector. Usage: `formatLabelSelector({ matchLabels: { app: 'web' } }) === 'app=web'`. */
export function formatLabelSelector(sel: LabelSelectorInput): string {
  if (typeof sel === 'string') return sel;
  return requirementsOf(sel)
    .map((r) => {
      switch (r.op) {
        case 'in':
          return r.values.length === 1
            ? `${r.key}=${r.values[0]}`
            : `${r.key} in (${[...r.values].sort().join(',')})`;
        case 'notin':
          return r.values.length === 1
            ? `${r.key}!=${r.values[0]}`
            : `${r.key} notin (${[...r.values].sort().join(',')})`;
        case 'exists':
          return r.key;
        default:
          return `!${r.key}`;
      }
    })
    .join(',');
}

/** Field selector query string from a map of equalities. Usage: `formatFieldSelector({ 'spec.nodeName': 'n1' }) === 'spec.nodeName=n1'`. */
export function formatFieldSelector(sel: string | Record<string, string>): string {
  if (typeof sel === 'string') return sel;
  return Object.entries(sel)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}
