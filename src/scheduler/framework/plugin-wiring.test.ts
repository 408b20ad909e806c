import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Handle, Plugin, PluginFactory } from './interfaces.ts';
import { expandMultiPoint, wirePlugins } from './plugin-wiring.ts';

const noop = () => null;
const filterer =
  (name: string): PluginFactory =>
  () =>
    ({ name, filter: noop }) as Plugin;
const scorer =
  (name: string): PluginFactory =>
  () =>
    ({ name, filter: noop, score: noop }) as Plugin;
const sorter: PluginFactory = () => ({ name: 'Sort', less: () => true }) as Plugin;
const registry: Record<string, PluginFactory> = {
  A: filterer('A'),
  B: scorer('B'),
  C: scorer('C'),
  Sort: sorter,
};
const handle = {} as Handle;
const names = (ps: readonly Plugin[]) => ps.map((p) => p.name);

test('multiPoint plugins join every point they implement, with their weights', () => {
  const wired = wirePlugins(
    { plugins: { multiPoint: { enabled: [{ name: 'Sort' }, { name: 'A' }, { name: 'B', weight: 3 }] } } },
    registry,
    handle,
  );
  assert.deepEqual(names(wired.byPoint.queueSort), ['Sort']);
  assert.deepEqual(names(wired.byPoint.filter), ['A', 'B']);
  assert.deepEqual(names(wired.byPoint.score), ['B']);
  assert.deepEqual(wired.scoreWeights, [3]);
  assert.deepEqual(wired.byPoint.bind, []);
});

test('an explicit setting at a point overrides multiPoint and comes first; disabled drops it', () => {
  const plugins = new Map<string, Plugin>([
    ['A', registry.A!(undefined, handle)],
    ['B', registry.B!(undefined, handle)],
    ['C', registry.C!(undefined, handle)],
  ]);
  const multi = { enabled: [{ name: 'A' }, { name: 'B' }, { name: 'C' }] };
  assert.deepEqual(expandMultiPoint('filter', { enabled: [{ name: 'C' }] }, multi, plugins), ['C', 'A', 'B']);
  assert.deepEqual(expandMultiPoint('filter', { disabled: [{ name: 'A' }] }, multi, plugins), ['B', 'C']);
  assert.deepEqual(
    expandMultiPoint('score', { enabled: [{ name: 'A' }], disabled: [{ name: '*' }] }, multi, plugins),
    ['A'],
  );
});

test('unknown plugins, stray args, duplicates and plugins lacking the point are refused', () => {
  assert.throws(
    () => wirePlugins({ plugins: { filter: { enabled: [{ name: 'Nope' }] } } }, registry, handle),
    /plugin "Nope" does not exist/,
  );
  assert.throws(
    () => wirePlugins({ plugins: {}, pluginConfig: [{ name: 'A', args: {} }] }, registry, handle),
    /there is no plugin "A" enabled for the args given/,
  );
  assert.throws(
    () => wirePlugins({ plugins: { filter: { enabled: [{ name: 'A' }, { name: 'A' }] } } }, registry, handle),
    /plugin "A" already registered as "filter"/,
  );
  assert.throws(
    () => wirePlugins({ plugins: { score: { enabled: [{ name: 'A' }] } } }, registry, handle),
    /plugin "A" does not extend score plugin/,
  );
});
