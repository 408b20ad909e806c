// A container's environment, as upstream's makeEnvironmentVariables builds it: envFrom sources
// in order, then env entries in order (literal values with `$(VAR)` expansion against what came
// before and the service variables; valueFrom fieldRef, resourceFieldRef, configMapKeyRef,
// secretKeyRef), and last the service link variables not set otherwise. Pure: the configMaps
// and secrets it may need are passed in (the pod worker fetches them).
import type { ConfigMap, Container, Pod, Secret } from 'kubernetes-types/core/v1.js';
import {
  containerResourceValue,
  type NodeAllocatable,
  type PodRuntimeFacts,
  podFieldValue,
} from './downward-api.ts';
import { expand, mappingFor } from './expansion.ts';

export interface EnvVar {
  name: string;
  value: string;
}

export interface EnvInputs extends PodRuntimeFacts {
  /** ConfigMaps of the pod's namespace by name; a name that is absent or undefined was not found. */
  configMaps: ReadonlyMap<string, ConfigMap | undefined>;
  /** Secrets of the pod's namespace by name (data base64-encoded, as the API returns them). */
  secrets: ReadonlyMap<string, Secret | undefined>;
  /** Service link variables (FOO_SERVICE_HOST…), lowest priority. */
  serviceEnv?: ReadonlyMap<string, string>;
  /** Node allocatable, the default for limits a container does not set (resourceFieldRef). */
  nodeAllocatable: NodeAllocatable;
}

/** A warning upstream records as a pod event. */
export interface EnvWarning {
  reason: 'InvalidEnvironmentVariableNames';
  message: string;
}

/** The container cannot be configured: the pod worker reports CreateContainerConfigError. */
export class EnvConfigError extends Error {
  readonly reason = 'CreateContainerConfigError';
}

/** Env var names as the relaxed validation (on by default since 1.32) accepts them. */
export function isValidEnvVarName(name: string): boolean {
  return name.length > 0 && /^[\x20-\x7e]+$/.test(name) && !name.includes('=');
}

function asConfigError(compute: () => string): string {
  try {
    return compute();
  } catch (err) {
    throw new EnvConfigError((err as Error).message);
  }
}

function secretValue(secret: Secret, key: string): string | undefined {
  const encoded = secret.data?.[key];
  if (encoded !== undefined) return Buffer.from(encoded, 'base64').toString('utf8');
  return secret.stringData?.[key];
}

function secretEntries(secret: Secret): [string, string][] {
  const keys = new Set([...Object.keys(secret.data ?? {}), ...Object.keys(secret.stringData ?? {})]);
  return [...keys].map((k) => [k, secretValue(secret, k)!]);
}

export function makeEnvironmentVariables(
  pod: Pod,
  container: Container,
  inputs: EnvInputs,
): { env: EnvVar[]; warnings: EnvWarning[] } {
  const namespace = pod.metadata?.namespace ?? '';
  const serviceEnv = inputs.serviceEnv ?? new Map<string, string>();
  const env = new Map<string, string>();
  const warnings: EnvWarning[] = [];

  for (const from of container.envFrom ?? []) {
    const kind = from.configMapRef ? 'configMap' : from.secretRef ? 'secret' : undefined;
    if (!kind) continue;
    const ref = (from.configMapRef ?? from.secretRef)!;
    const name = ref.name ?? '';
    const source = kind === 'configMap' ? inputs.configMaps.get(name) : inputs.secrets.get(name);
    if (!source) {
      if (ref.optional) continue;
      throw new EnvConfigError(`${kind === 'configMap' ? 'configmap' : 'secret'} "${name}" not found`);
    }
    const entries =
      kind === 'configMap'
        ? Object.entries((source as ConfigMap).data ?? {})
        : secretEntries(source as Secret);
    const invalid: string[] = [];
    for (const [key, value] of entries) {
      const k = `${from.prefix ?? ''}${key}`;
      if (!isValidEnvVarName(k)) {
        invalid.push(k);
        continue;
      }
      env.set(k, value);
    }
    if (invalid.length > 0) {
      warnings.push({
        reason: 'InvalidEnvironmentVariableNames',
        message: `Keys [${invalid.sort().join(', ')}] from the EnvFrom ${kind} ${namespace}/${name} were skipped since they are considered invalid environment variable names.`,
      });
    }
  }

  const mapping = mappingFor(env, serviceEnv);
  for (const v of container.env ?? []) {
    let value = v.value ?? '';
    if (value !== '') {
      value = expand(value, mapping);
    } else if (v.valueFrom) {
      const from = v.valueFrom;
      if (from.fieldRef) {
        value = asConfigError(() => podFieldValue(from.fieldRef!, pod, inputs));
      } else if (from.resourceFieldRef) {
        value = asConfigError(() =>
          containerResourceValue(from.resourceFieldRef!, pod, container, inputs.nodeAllocatable),
        );
      } else if (from.configMapKeyRef) {
        const { name = '', key, optional } = from.configMapKeyRef;
        const cm = inputs.configMaps.get(name);
        if (!cm) {
          if (optional) continue;
          throw new EnvConfigError(`configmap "${name}" not found`);
        }
        const found = cm.data?.[key];
        if (found === undefined) {
          if (optional) continue;
          throw new EnvConfigError(`couldn't find key ${key} in ConfigMap ${namespace}/${name}`);
        }
        value = found;
      } else if (from.secretKeyRef) {
        const { name = '', key, optional } = from.secretKeyRef;
        const secret = inputs.secrets.get(name);
        if (!secret) {
          if (optional) continue;
          throw new EnvConfigError(`secret "${name}" not found`);
        }
        const found = secretValue(secret, key);
        if (found === undefined) {
          if (optional) continue;
          throw new EnvConfigError(`couldn't find key ${key} in Secret ${namespace}/${name}`);
        }
        value = found;
      }
    }
    // A name set twice keeps its first place and takes the later value, as a map does.
    env.set(v.name, value);
  }

  for (const [k, v] of serviceEnv) if (!env.has(k)) env.set(k, v);
  return { env: [...env].map(([name, value]) => ({ name, value })), warnings };
}
