// Splits a container image reference into repository, tag and digest, as upstream's
// `parsers.ParseImageName` (docker's reference grammar) does. The defaulter uses the tag to pick
// the image pull policy: `:latest` or no tag at all means Always, anything else IfNotPresent.

export interface ImageReference {
  /** Fully qualified repository, e.g. `docker.io/library/nginx`. */
  repository: string;
  /** The tag; `latest` when neither a tag nor a digest is given. */
  tag: string;
  digest: string;
}

const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:.]+\\])(?::[0-9]+)?`;
const NAME = new RegExp(`^(?:(${DOMAIN})/)?(${COMPONENT}(?:/${COMPONENT})*)$`);
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const NAME_TOTAL_LENGTH_MAX = 255;

/** Parses `image`; undefined when it is not a valid reference (upstream then gets an empty tag). */
export function parseImageReference(image: string): ImageReference | undefined {
  let rest = image;
  let digest = '';
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return undefined;
  }
  let tag = '';
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return undefined;
  }
  if (rest.length > NAME_TOTAL_LENGTH_MAX) return undefined;
  const match = NAME.exec(rest);
  if (!match) return undefined;
  let domain: string | undefined = match[1];
  let path = match[2]!;
  // docker's normalisation: a first component without '.', ':' and other than localhost is a path.
  if (
    domain !== undefined &&
    !/[.:]/.test(domain) &&
    domain !== 'localhost' &&
    domain.toLowerCase() === domain
  ) {
    path = `${domain}/${path}`;
    domain = undefined;
  }
  if (domain === undefined) {
    domain = 'docker.io';
    if (!path.includes('/')) path = `library/${path}`;
  }
  if (tag === '' && digest === '') tag = 'latest';
  return { repository: `${domain}/${path}`, tag, digest };
}

/** The pull policy upstream defaults for `image`: Always for `:latest` (or no tag), else IfNotPresent. */
export function defaultPullPolicy(image: string | undefined): 'Always' | 'IfNotPresent' {
  const ref = parseImageReference(image ?? '');
  return ref?.tag === 'latest' ? 'Always' : 'IfNotPresent';
}
