// Content negotiation as upstream's API server does it: `Accept` parsed like goautoneg (clauses by
// q, then specificity, stable), then the first clause some supported media type satisfies, with
// its parameters (`as`/`g`/`v` conversions such as Table, `stream=watch`, `pretty`) checked against
// what the endpoint allows. Request bodies pick their decoder from `Content-Type`.
import { notAcceptable, type StatusError, unsupportedMediaType } from '../status.ts';

export const JSON_MEDIA_TYPE = 'application/json';
export const YAML_MEDIA_TYPE = 'application/yaml';
export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';
export const JSON_PATCH = 'application/json-patch+json';
export const MERGE_PATCH = 'application/merge-patch+json';
export const STRATEGIC_MERGE_PATCH = 'application/strategic-merge-patch+json';
export const APPLY_PATCH_YAML = 'application/apply-patch+yaml';

/** Patch content types in upstream's order (the order its 415 message lists them). */
export const PATCH_MEDIA_TYPES: readonly string[] = [
  JSON_PATCH,
  MERGE_PATCH,
  STRATEGIC_MERGE_PATCH,
  APPLY_PATCH_YAML,
];

/** Media types upstream serves for built-in kinds, in its order. */
export const BUILTIN_MEDIA_TYPES: readonly string[] = [JSON_MEDIA_TYPE, YAML_MEDIA_TYPE, PROTOBUF_MEDIA_TYPE];

export interface MediaRange {
  type: string;
  subtype: string;
  /** Parameters other than q, names as written. */
  params: Record<string, string>;
  q: number;
}

/** Parses an Accept header as goautoneg.ParseAccept: malformed ranges are skipped, q defaults to 1. */
export function parseAccept(header: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  for (const part of header.split(',')) {
    const [range = '', ...paramParts] = part.trim().split(';');
    const slash = range.split('/');
    const type = slash[0]!.trim();
    let subtype: string;
    if (slash.length === 1 && type === '*') subtype = '*';
    else if (slash.length === 2) subtype = slash[1]!.trim();
    else continue;
    const clause: MediaRange = { type, subtype, params: {}, q: 1 };
    for (const param of paramParts) {
      const eq = param.indexOf('=');
      if (eq < 0) continue;
      const name = param.slice(0, eq).trim();
      const value = param.slice(eq + 1);
      if (name === 'q') {
        const q = Number.parseFloat(value);
        clause.q = Number.isNaN(q) ? 0 : q;
      } else {
        clause.params[name] = value.trim();
      }
    }
    ranges.push(clause);
  }
  const specificity = (r: MediaRange) =>
    (r.type !== '*' ? 4 : 0) + (r.subtype !== '*' ? 2 : 0) + Object.keys(r.params).length / 1000;
  return ranges
    .map((r, i) => ({ r, i }))
    .sort((a, b) => b.r.q - a.r.q || specificity(b.r) - specificity(a.r) || a.i - b.i)
    .map((x) => x.r);
}

/** `type/subtype` of a Content-Type, lower-cased, without parameters; undefined if malformed (as mime.ParseMediaType). */
export function parseContentType(value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (value === 'application/json') return value;
  const base = value.split(';')[0]!.trim().toLowerCase();
  return /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(base) ? base : undefined;
}

/** A conversion requested with `as`, `g` and `v` (e.g. Table in meta.k8s.io/v1). */
export interface ConversionTarget {
  group: string;
  version: string;
  kind: string;
}

export const TABLE_TARGETS: readonly ConversionTarget[] = [
  { group: 'meta.k8s.io', version: 'v1', kind: 'Table' },
  { group: 'meta.k8s.io', version: 'v1beta1', kind: 'Table' },
];
export const PARTIAL_METADATA_TARGETS: readonly ConversionTarget[] = [
  { group: 'meta.k8s.io', version: 'v1', kind: 'PartialObjectMetadata' },
  { group: 'meta.k8s.io', version: 'v1', kind: 'PartialObjectMetadataList' },
  { group: 'meta.k8s.io', version: 'v1beta1', kind: 'PartialObjectMetadata' },
  { group: 'meta.k8s.io', version: 'v1beta1', kind: 'PartialObjectMetadataList' },
];
export const AGGREGATED_DISCOVERY_TARGETS: readonly ConversionTarget[] = [
  { group: 'apidiscovery.k8s.io', version: 'v2', kind: 'APIGroupDiscoveryList' },
  { group: 'apidiscovery.k8s.io', version: 'v2beta1', kind: 'APIGroupDiscoveryList' },
];

export interface NegotiationRules {
  /** The media types this endpoint can write, preferred first (no parameters). */
  mediaTypes: readonly string[];
  /** Conversions this endpoint can perform; a clause asking for another one is passed over. Default none. */
  targets?: readonly ConversionTarget[];
  /** Whether `stream=watch` is acceptable (watch requests). */
  stream?: boolean;
}

export interface NegotiatedOutput {
  mediaType: string;
  /** The conversion asked for, when the chosen clause had `as`/`g`/`v`. */
  target?: ConversionTarget;
  /** `stream=watch` was asked for. */
  stream?: string;
  /** `pretty=1` was asked for in the media type. */
  pretty: boolean;
}

/**
 * Picks the response media type as upstream's NegotiateMediaTypeOptions does; undefined means
 * 406 (see `notAcceptableError`). An empty Accept gets the first media type.
 */
export function negotiateOutput(
  accept: string | undefined,
  rules: NegotiationRules,
): NegotiatedOutput | undefined {
  if (!accept?.trim())
    return rules.mediaTypes[0] ? { mediaType: rules.mediaTypes[0], pretty: false } : undefined;
  for (const clause of parseAccept(accept)) {
    for (const mediaType of rules.mediaTypes) {
      const [type, subtype] = mediaType.split('/') as [string, string];
      const matches =
        (clause.type === type && (clause.subtype === subtype || clause.subtype === '*')) ||
        (clause.type === '*' && clause.subtype === '*');
      if (!matches) continue;
      const accepted = acceptParams(clause.params, mediaType, rules);
      if (accepted) return accepted;
    }
  }
  return undefined;
}

function acceptParams(
  params: Record<string, string>,
  mediaType: string,
  rules: NegotiationRules,
): NegotiatedOutput | undefined {
  const out: NegotiatedOutput = { mediaType, pretty: false };
  let target: ConversionTarget | undefined;
  for (const [name, value] of Object.entries(params)) {
    if (name === 'as' || name === 'g' || name === 'v') {
      target ??= { group: '', version: '', kind: '' };
      if (name === 'as') target.kind = value;
      else if (name === 'g') target.group = value;
      else target.version = value;
    } else if (name === 'stream') {
      if (value && (!rules.stream || value !== 'watch')) return undefined;
      if (value) out.stream = value;
    } else if (name === 'pretty') {
      out.pretty = value === '1';
    } else if (name === 'sv') {
      if (value) return undefined;
    }
    // Anything else (charset …) is ignored, as upstream does.
  }
  if (target) {
    const t = target;
    if (!rules.targets?.some((a) => a.group === t.group && a.version === t.version && a.kind === t.kind))
      return undefined;
    out.target = t;
  }
  return out;
}

/**
 * The Content-Type to answer with. Upstream names the conversion in it only for aggregated
 * discovery (`application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList`); Table and
 * PartialObjectMetadata answers say just `application/json`.
 */
export function responseContentType(output: NegotiatedOutput, withTarget = false): string {
  if (!output.target || !withTarget) return output.mediaType;
  const { group, version, kind } = output.target;
  return `${output.mediaType}${group ? `;g=${group}` : ''}${version ? `;v=${version}` : ''}${kind ? `;as=${kind}` : ''}`;
}

/** 406: `only the following media types are accepted: application/json, …` */
export function notAcceptableError(mediaTypes: readonly string[]): StatusError {
  return notAcceptable(`only the following media types are accepted: ${mediaTypes.join(', ')}`);
}

/** 415: `the body of the request was in an unknown format - accepted media types include: …` */
export function unsupportedMediaTypeError(mediaTypes: readonly string[]): StatusError {
  return unsupportedMediaType(
    `the body of the request was in an unknown format - accepted media types include: ${mediaTypes.join(', ')}`,
  );
}
