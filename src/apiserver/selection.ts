// Label and field selectors of LIST, WATCH and DELETE-collection requests → the cache's
// ObjectFilter. Unknown fields are rejected as upstream does (`field label not supported`).
import type { KubeObject } from '../api/strategy.ts';
import { FieldSelectorError, objectMetaFields, parseFieldSelector } from '../machinery/fields.ts';
import { LabelSelectorError, parseSelector } from '../machinery/labels.ts';
import { badRequest } from '../machinery/status.ts';
import type { ServedResource } from './registry/resource-table.ts';
import { objectKey } from './storage/object-codec.ts';
import type { ObjectFilter } from './storage/watch-cache.ts';

/** The selectable fields of one object of this resource. */
export function fieldsOf(served: ServedResource, obj: KubeObject): Record<string, string> {
  const base = objectMetaFields(obj.metadata, served.namespaced);
  const extra = served.strategy.selectableFields?.(obj);
  return extra ? { ...base, ...extra } : base;
}

function supportedFields(served: ServedResource): Set<string> {
  const fields = new Set(Object.keys(objectMetaFields({}, served.namespaced)));
  try {
    for (const k of Object.keys(served.strategy.selectableFields?.({ metadata: {} }) ?? {})) fields.add(k);
  } catch {
    // a strategy that needs a fuller object: its fields are still checked per object below
  }
  return fields;
}

export function filterFor(served: ServedResource, namespace: string, query: URLSearchParams): ObjectFilter {
  const filter: ObjectFilter = {};
  if (namespace) filter.namespace = namespace;
  const labelText = query.get('labelSelector') ?? '';
  const fieldText = query.get('fieldSelector') ?? '';
  let labels: ((l: Readonly<Record<string, string>> | null | undefined) => boolean) | undefined;
  if (labelText.trim()) {
    try {
      const sel = parseSelector(labelText);
      if (!sel.empty()) labels = (l) => sel.matches(l);
    } catch (e) {
      if (e instanceof LabelSelectorError) throw badRequest(e.message);
      throw e;
    }
  }
  let fields: ((f: Record<string, string>) => boolean) | undefined;
  if (fieldText.trim()) {
    let sel: ReturnType<typeof parseFieldSelector>;
    try {
      sel = parseFieldSelector(fieldText);
    } catch (e) {
      if (e instanceof FieldSelectorError) throw badRequest(e.message);
      throw e;
    }
    const supported = supportedFields(served);
    for (const r of sel.requirements) {
      if (!supported.has(r.field)) throw badRequest(`field label not supported: ${r.field}`);
    }
    const name = sel.requiresExactMatch('metadata.name');
    const ns = sel.requiresExactMatch('metadata.namespace');
    if (ns !== undefined && served.namespaced) {
      if (filter.namespace && filter.namespace !== ns)
        filter.key = '\u0000'; // matches nothing
      else filter.namespace = ns;
    }
    if (name !== undefined && (filter.namespace || !served.namespaced) && filter.key === undefined) {
      filter.key = objectKey(served.prefix, served.namespaced ? filter.namespace! : '', name);
    }
    if (!sel.empty()) fields = (f) => sel.matches(f);
  }
  if (labels || fields) {
    const matchLabels = labels;
    const matchFields = fields;
    filter.predicate = (obj) =>
      (!matchLabels || matchLabels(obj.metadata?.labels)) &&
      (!matchFields || matchFields(fieldsOf(served, obj)));
  }
  return filter;
}
