// Reading `kts scheduler --config FILE`: a KubeSchedulerConfiguration in YAML or JSON,
// checked as upstream's validation does for the fields kts reads, then defaulted.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { type ResolvedConfiguration, resolveConfiguration } from './defaults.ts';
import type { KubeSchedulerConfiguration } from './types.ts';

export const CONFIG_API_VERSION = 'kubescheduler.config.k8s.io/v1';

/** Validates a parsed configuration; returns the error messages (empty when valid). */
export function validateConfiguration(cfg: KubeSchedulerConfiguration): string[] {
  const errs: string[] = [];
  if (cfg.apiVersion !== CONFIG_API_VERSION)
    errs.push(
      `apiVersion: Unsupported value: "${cfg.apiVersion ?? ''}": supported values: "${CONFIG_API_VERSION}"`,
    );
  if (cfg.kind !== 'KubeSchedulerConfiguration')
    errs.push(`kind: Invalid value: "${cfg.kind ?? ''}": must be KubeSchedulerConfiguration`);
  const pct = (v: number | undefined, path: string) => {
    if (v !== undefined && (!Number.isInteger(v) || v < 0 || v > 100))
      errs.push(`${path}: Invalid value: ${v}: not in valid range [0-100]`);
  };
  pct(cfg.percentageOfNodesToScore, 'percentageOfNodesToScore');
  if (cfg.podInitialBackoffSeconds !== undefined && cfg.podInitialBackoffSeconds <= 0)
    errs.push(
      `podInitialBackoffSeconds: Invalid value: ${cfg.podInitialBackoffSeconds}: must be greater than 0`,
    );
  if (
    cfg.podMaxBackoffSeconds !== undefined &&
    cfg.podMaxBackoffSeconds < (cfg.podInitialBackoffSeconds ?? 1)
  )
    errs.push(
      `podMaxBackoffSeconds: Invalid value: ${cfg.podMaxBackoffSeconds}: must be greater than or equal to PodInitialBackoffSeconds`,
    );
  const names = new Set<string>();
  (cfg.profiles ?? []).forEach((p, i) => {
    const name = p.schedulerName ?? 'default-scheduler';
    if (!name) errs.push(`profiles[${i}].schedulerName: Required value`);
    if (names.has(name)) errs.push(`profiles[${i}].schedulerName: Duplicate value: "${name}"`);
    names.add(name);
    pct(p.percentageOfNodesToScore, `profiles[${i}].percentageOfNodesToScore`);
    for (const [point, set] of Object.entries(p.plugins ?? {})) {
      for (const [j, ref] of (set?.enabled ?? []).entries()) {
        if (!ref?.name) errs.push(`profiles[${i}].plugins.${point}.enabled[${j}].name: Required value`);
        if (ref?.weight !== undefined && (point === 'score' || point === 'multiPoint') && ref.weight < 0)
          errs.push(
            `profiles[${i}].plugins.${point}.enabled[${j}].weight: Invalid value: ${ref.weight}: must be greater than 0`,
          );
      }
    }
    const seen = new Set<string>();
    (p.pluginConfig ?? []).forEach((pc, j) => {
      if (seen.has(pc.name)) errs.push(`profiles[${i}].pluginConfig[${j}]: Duplicate value: "${pc.name}"`);
      seen.add(pc.name);
    });
  });
  return errs;
}

/** Parses and validates configuration text (YAML or JSON); throws with every problem found. */
export function parseConfiguration(text: string): ResolvedConfiguration {
  const cfg = (parse(text) ?? {}) as KubeSchedulerConfiguration;
  const errs = validateConfiguration(cfg);
  if (errs.length) throw new Error(`invalid KubeSchedulerConfiguration: ${errs.join('; ')}`);
  return resolveConfiguration(cfg);
}

/** Reads `--config FILE`. */
export function loadConfiguration(path: string): ResolvedConfiguration {
  return parseConfiguration(readFileSync(path, 'utf8'));
}
