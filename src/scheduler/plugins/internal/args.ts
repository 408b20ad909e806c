// Reading plugin args from a KubeSchedulerConfiguration (plain JSON objects): typed accessors
// that fail with upstream-style messages.

export function argsObject(name: string, args: unknown): Record<string, unknown> {
  if (args === undefined || args === null) return {};
  if (typeof args !== 'object' || Array.isArray(args)) throw new Error(`${name}: args must be an object`);
  const { apiVersion: _a, kind: _k, ...rest } = args as Record<string, unknown>;
  return rest;
}

export interface ResourceSpec {
  name: string;
  weight: number;
}

/** `resources: [{name, weight}]` with weight defaulting to 1 and validated to 1..100. */
export function resourceSpecs(path: string, v: unknown, fallback: ResourceSpec[]): ResourceSpec[] {
  if (v === undefined) return fallback;
  if (!Array.isArray(v)) throw new Error(`${path}: must be a list`);
  const seen = new Set<string>();
  return v.map((r: { name?: string; weight?: number }, i) => {
    if (!r?.name) throw new Error(`${path}[${i}].name: Required value`);
    if (seen.has(r.name)) throw new Error(`${path}[${i}].name: Duplicate value: "${r.name}"`);
    seen.add(r.name);
    const weight = r.weight ?? 1;
    if (!Number.isInteger(weight) || weight < 1 || weight > 100)
      throw new Error(
        `${path}[${i}].weight: Invalid value: ${weight}: resource weight of ${r.name} not in valid range [1, 100]`,
      );
    return { name: r.name, weight };
  });
}
