// Output negotiation: which representation a client asked for in its Accept header —
// the object as JSON or YAML, a meta.k8s.io Table (kubectl get), or PartialObjectMetadata.
import { notAcceptable } from '../machinery/status.ts';

export type OutputKind = 'object' | 'table' | 'partial';

export interface OutputFormat {
  kind: OutputKind;
  /** Serialization of the chosen representation. */
  encoding: 'json' | 'yaml';
}

interface MediaRange {
  type: string;
  params: Record<string, string>;
}

export function parseAccept(header: string | null): MediaRange[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part) => {
      const [type, ...params] = part.split(';').map((p) => p.trim());
      const record: Record<string, string> = {};
      for (const p of params) {
        const eq = p.indexOf('=');
        if (eq > 0) record[p.slice(0, eq).trim().toLowerCase()] = p.slice(eq + 1).trim();
      }
      return { type: (type ?? '').toLowerCase(), params: record };
    })
    .filter((r) => r.type !== '');
}

const SUPPORTED =
  'application/json, application/yaml, application/vnd.kubernetes.protobuf, application/json;stream=watch, application/vnd.kubernetes.protobuf;stream=watch';

/**
 * Picks the first representation we can produce, in the client's order. Protobuf is accepted
 * as a request but answered with the next acceptable type (clients always offer JSON too);
 * when nothing acceptable is offered, 406 NotAcceptable.
 */
export function negotiateOutput(header: string | null): OutputFormat {
  // What nearly every client sends (ours and client-go for objects): no parsing needed.
  if (header === null || header === 'application/json') return { kind: 'object', encoding: 'json' };
  const ranges = parseAccept(header);
  if (ranges.length === 0) return { kind: 'object', encoding: 'json' };
  for (const r of ranges) {
    const as = r.params.as;
    const jsonLike = r.type === 'application/json' || r.type === 'application/*' || r.type === '*/*';
    if (as) {
      if (r.params.g !== 'meta.k8s.io' || (r.params.v !== 'v1' && r.params.v !== 'v1beta1')) continue;
      if (!jsonLike && r.type !== 'application/yaml') continue;
      const encoding = r.type === 'application/yaml' ? 'yaml' : 'json';
      if (as === 'Table') return { kind: 'table', encoding };
      if (as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList')
        return { kind: 'partial', encoding };
      continue;
    }
    if (jsonLike) return { kind: 'object', encoding: 'json' };
    if (r.type === 'application/yaml') return { kind: 'object', encoding: 'yaml' };
  }
  // Only protobuf (or nothing we know) on offer.
  if (ranges.every((r) => r.type === 'application/vnd.kubernetes.protobuf'))
    return { kind: 'object', encoding: 'json' };
  throw notAcceptable(`only the following media types are accepted: ${SUPPORTED}`);
}
