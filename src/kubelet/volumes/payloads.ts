// The files of configMap, secret, downwardAPI and projected volumes (upstream's MakePayload
// functions): keys or `items`, per-file modes over the volume's defaultMode, optional sources,
// and the error texts upstream's FailedMount events carry. Pure: the objects are inputs.
import type {
  ConfigMap,
  DownwardAPIVolumeFile,
  KeyToPath,
  Pod,
  ProjectedVolumeSource,
  Secret,
} from 'kubernetes-types/core/v1.js';
import {
  containerResourceValue,
  extractFieldPathAsString,
  type NodeAllocatable,
} from '../pod/downward-api.ts';
import type { FileProjection } from './atomic-writer.ts';

export const DEFAULT_MODE = 0o644;

export class PayloadError extends Error {}

type Payload = Map<string, FileProjection>;

function keyedPayload(
  values: Map<string, Buffer>,
  items: KeyToPath[] | undefined,
  defaultMode: number,
  missingKey: (key: string) => string,
  optional: boolean,
): Payload {
  const payload: Payload = new Map();
  if (!items?.length) {
    for (const [key, data] of values) payload.set(key, { data, mode: defaultMode });
    return payload;
  }
  for (const item of items) {
    const data = values.get(item.key);
    if (data === undefined) {
      if (optional) continue;
      throw new PayloadError(missingKey(item.key));
    }
    payload.set(item.path, { data, mode: item.mode ?? defaultMode });
  }
  return payload;
}

export function configMapValues(cm: ConfigMap): Map<string, Buffer> {
  const values = new Map<string, Buffer>();
  for (const [k, v] of Object.entries(cm.data ?? {})) values.set(k, Buffer.from(v, 'utf8'));
  for (const [k, v] of Object.entries(cm.binaryData ?? {})) values.set(k, Buffer.from(v, 'base64'));
  return values;
}

export function secretValues(secret: Secret): Map<string, Buffer> {
  const values = new Map<string, Buffer>();
  for (const [k, v] of Object.entries(secret.data ?? {})) values.set(k, Buffer.from(v, 'base64'));
  for (const [k, v] of Object.entries(secret.stringData ?? {}))
    if (!values.has(k)) values.set(k, Buffer.from(v, 'utf8'));
  return values;
}

export function configMapPayload(
  name: string,
  cm: ConfigMap | undefined,
  source: { items?: KeyToPath[]; optional?: boolean },
  defaultMode: number,
): Payload {
  if (!cm) {
    if (source.optional) return new Map();
    throw new PayloadError(`configmap "${name}" not found`);
  }
  return keyedPayload(
    configMapValues(cm),
    source.items,
    defaultMode,
    (key) => `configmap references non-existent config key: ${key}`,
    source.optional === true,
  );
}

export function secretPayload(
  name: string,
  secret: Secret | undefined,
  source: { items?: KeyToPath[]; optional?: boolean },
  defaultMode: number,
): Payload {
  if (!secret) {
    if (source.optional) return new Map();
    throw new PayloadError(`secret "${name}" not found`);
  }
  return keyedPayload(
    secretValues(secret),
    source.items,
    defaultMode,
    (key) => `references non-existent secret key: ${key}`,
    source.optional === true,
  );
}

export function downwardAPIPayload(
  pod: Pod,
  items: DownwardAPIVolumeFile[] | undefined,
  defaultMode: number,
  allocatable: NodeAllocatable,
): Payload {
  const payload: Payload = new Map();
  for (const item of items ?? []) {
    let value: string;
    try {
      if (item.fieldRef) value = extractFieldPathAsString(pod, item.fieldRef.fieldPath);
      else if (item.resourceFieldRef) {
        const name = item.resourceFieldRef.containerName;
        const container = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find(
          (c) => c.name === name,
        );
        if (!container) throw new Error(`container ${name} not found`);
        value = containerResourceValue(item.resourceFieldRef, pod, container, allocatable);
      } else continue;
    } catch (err) {
      throw new PayloadError(
        `error while processing downwardAPI item ${item.path}: ${(err as Error).message}`,
      );
    }
    payload.set(item.path, { data: Buffer.from(value, 'utf8'), mode: item.mode ?? defaultMode });
  }
  return payload;
}

/** The token a serviceAccountToken source wrote, or why there is none. */
export type TokenResult = { token: string } | { error: string };

export interface ProjectedInputs {
  configMaps: ReadonlyMap<string, ConfigMap | undefined>;
  secrets: ReadonlyMap<string, Secret | undefined>;
  /** Tokens by source index. */
  tokens: ReadonlyMap<number, TokenResult>;
  allocatable: NodeAllocatable;
}

/**
 * A projected volume's files. Token sources that could not be fetched are left out and
 * returned as warnings; everything else failing is an error.
 */
export function projectedPayload(
  pod: Pod,
  source: ProjectedVolumeSource,
  inputs: ProjectedInputs,
): { payload: Payload; warnings: string[] } {
  const defaultMode = source.defaultMode ?? DEFAULT_MODE;
  const payload: Payload = new Map();
  const warnings: string[] = [];
  (source.sources ?? []).forEach((s, i) => {
    let part: Payload = new Map();
    if (s.configMap) {
      const name = s.configMap.name ?? '';
      part = configMapPayload(name, inputs.configMaps.get(name), s.configMap, defaultMode);
    } else if (s.secret) {
      const name = s.secret.name ?? '';
      part = secretPayload(name, inputs.secrets.get(name), s.secret, defaultMode);
    } else if (s.downwardAPI) {
      part = downwardAPIPayload(pod, s.downwardAPI.items, defaultMode, inputs.allocatable);
    } else if (s.serviceAccountToken) {
      const token = inputs.tokens.get(i);
      if (token && 'token' in token) {
        part.set(s.serviceAccountToken.path, { data: Buffer.from(token.token, 'utf8'), mode: defaultMode });
      } else warnings.push(token?.error ?? 'no service account token');
    }
    for (const [path, f] of part) payload.set(path, f);
  });
  return { payload, warnings };
}
