// Wiring a profile's plugins (upstream's NewFramework + expandMultiPointPlugins): each plugin
// named anywhere in the merged profile is instantiated once with its args; plugins enabled
// under `multiPoint` join every extension point they implement, unless disabled there or
// configured there explicitly (which keeps the explicit setting and its place).
import type { PluginSet, Plugins } from '../config/types.ts';
import type { Handle, Plugin, PluginFactory } from './interfaces.ts';

export type ExtensionPoint = Exclude<keyof Plugins, 'multiPoint'>;

/** Which method marks a plugin as implementing an extension point. */
const EXTENSION_METHODS: Record<ExtensionPoint, string> = {
  preEnqueue: 'preEnqueue',
  queueSort: 'less',
  preFilter: 'preFilter',
  filter: 'filter',
  postFilter: 'postFilter',
  preScore: 'preScore',
  score: 'score',
  reserve: 'reserve',
  permit: 'permit',
  preBind: 'preBind',
  bind: 'bind',
  postBind: 'postBind',
};

export const EXTENSION_POINTS = Object.keys(EXTENSION_METHODS) as ExtensionPoint[];

export function implementsPoint(p: Plugin, point: ExtensionPoint): boolean {
  return typeof (p as unknown as Record<string, unknown>)[EXTENSION_METHODS[point]] === 'function';
}

export interface WiredPlugins {
  plugins: Map<string, Plugin>;
  byPoint: Record<ExtensionPoint, Plugin[]>;
  /** Weights of byPoint.score, in the same order. */
  scoreWeights: number[];
}

/** Instantiates and orders a profile's plugins; throws on unknown plugins, stray args, double registration. */
export function wirePlugins(
  spec: { plugins: Plugins; pluginConfig?: { name: string; args?: unknown }[] },
  registry: Readonly<Record<string, PluginFactory>>,
  handle: Handle,
): WiredPlugins {
  const args = new Map<string, unknown>();
  for (const pc of spec.pluginConfig ?? []) {
    if (args.has(pc.name)) throw new Error(`repeated config for plugin ${pc.name}`);
    args.set(pc.name, pc.args);
  }
  const named = new Set<string>();
  for (const set of [spec.plugins.multiPoint, ...EXTENSION_POINTS.map((p) => spec.plugins[p])])
    for (const ref of set?.enabled ?? []) named.add(ref.name);
  const plugins = new Map<string, Plugin>();
  for (const name of named) {
    const factory = registry[name];
    if (!factory) throw new Error(`plugin "${name}" does not exist`);
    const plugin = factory(args.get(name), handle);
    if (plugin.name !== name) throw new Error(`plugin ${name} reports the name ${plugin.name}`);
    plugins.set(name, plugin);
  }
  for (const name of args.keys())
    if (!plugins.has(name)) throw new Error(`there is no plugin "${name}" enabled for the args given`);
  const weights = new Map<string, number>();
  for (const ref of spec.plugins.multiPoint?.enabled ?? []) if (ref.weight) weights.set(ref.name, ref.weight);
  for (const ref of spec.plugins.score?.enabled ?? []) if (ref.weight) weights.set(ref.name, ref.weight);
  const byPoint = Object.fromEntries(EXTENSION_POINTS.map((p) => [p, [] as Plugin[]])) as Record<
    ExtensionPoint,
    Plugin[]
  >;
  const scoreWeights: number[] = [];
  for (const point of EXTENSION_POINTS) {
    for (const name of expandMultiPoint(point, spec.plugins[point], spec.plugins.multiPoint, plugins)) {
      const plugin = plugins.get(name)!;
      if (!implementsPoint(plugin, point))
        throw new Error(`plugin "${name}" does not extend ${point} plugin`);
      byPoint[point].push(plugin);
      if (point === 'score') scoreWeights.push(weights.get(name) ?? 1);
    }
  }
  return { plugins, byPoint, scoreWeights };
}

/**
 * The plugin names for one extension point, in upstream's order: plugins configured explicitly
 * at the point that are also multi-point plugins first, then the other multi-point plugins, then
 * the remaining explicit ones.
 */
export function expandMultiPoint(
  point: ExtensionPoint,
  explicit: PluginSet | undefined,
  multi: PluginSet | undefined,
  plugins: ReadonlyMap<string, Plugin>,
): string[] {
  const enabled = (explicit?.enabled ?? []).map((r) => r.name);
  const disabled = new Set((explicit?.disabled ?? []).map((r) => r.name));
  if (disabled.has('*')) return enabled;
  const multiEnabled: string[] = [];
  const overrides = new Set<string>();
  for (const ref of multi?.enabled ?? []) {
    const pl = plugins.get(ref.name);
    if (!pl || !implementsPoint(pl, point) || disabled.has(ref.name)) continue;
    if (enabled.includes(ref.name)) {
      overrides.add(ref.name);
      continue;
    }
    if (multiEnabled.includes(ref.name))
      throw new Error(`plugin "${ref.name}" already registered as "${point}"`);
    multiEnabled.push(ref.name);
  }
  const seen = new Set<string>();
  const out: string[] = [];
  for (const name of [
    ...enabled.filter((n) => overrides.has(n)),
    ...multiEnabled,
    ...enabled.filter((n) => !overrides.has(n)),
  ]) {
    if (seen.has(name)) throw new Error(`plugin "${name}" already registered as "${point}"`);
    seen.add(name);
    out.push(name);
  }
  return out;
}
