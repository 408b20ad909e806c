import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Framework } from '../framework/framework.ts';
import { inTreeRegistry } from '../plugins/registry.ts';
import { emptyCluster, recordingWriter, snapshot } from '../testing/builders.ts';
import { mergePluginSet, parseDuration, resolveConfiguration } from './defaults.ts';
import { parseConfiguration } from './load.ts';

function framework(yaml: string, profile = 0): Framework {
  const cfg = parseConfiguration(yaml);
  return new Framework(cfg.profiles[profile]!, inTreeRegistry, {
    snapshot: () => snapshot([]),
    cluster: emptyCluster,
    writer: recordingWriter(),
    nominatedPodsForNode: () => [],
    anyNominatedPods: () => false,
  });
}

const names = (ps: { name: string }[]) => ps.map((p) => p.name);
const HEADER = 'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n';

test('the default profile has upstream plugins, order and weights', () => {
  const f = framework(HEADER);
  assert.equal(f.profileName, 'default-scheduler');
  assert.deepEqual(names(f.filterPlugins), [
    'NodeUnschedulable',
    'NodeName',
    'TaintToleration',
    'NodeAffinity',
    'NodePorts',
    'NodeResourcesFit',
    'VolumeBinding',
    'PodTopologySpread',
    'InterPodAffinity',
  ]);
  assert.deepEqual(names(f.reservePlugins), ['VolumeBinding']);
  assert.deepEqual(names(f.preBindPlugins), ['VolumeBinding']);
  assert.deepEqual(names(f.scorePlugins), [
    'TaintToleration',
    'NodeAffinity',
    'NodeResourcesFit',
    'PodTopologySpread',
    'InterPodAffinity',
    'NodeResourcesBalancedAllocation',
    'ImageLocality',
  ]);
  assert.deepEqual(f.scoreWeights, [3, 2, 1, 2, 2, 1, 1]);
  assert.deepEqual(names(f.postFilterPlugins), ['DefaultPreemption']);
  assert.deepEqual(names(f.bindPlugins), ['DefaultBinder']);
  assert.deepEqual(names(f.preEnqueuePlugins), ['SchedulingGates']);
});

test('profiles disable, re-weigh and configure plugins', () => {
  const f = framework(`${HEADER}profiles:
- schedulerName: bin-packing
  percentageOfNodesToScore: 50
  plugins:
    score:
      disabled:
      - name: NodeResourcesBalancedAllocation
      - name: ImageLocality
      enabled:
      - name: NodeResourcesFit
        weight: 5
    filter:
      disabled:
      - name: NodePorts
  pluginConfig:
  - name: NodeResourcesFit
    args:
      scoringStrategy:
        type: MostAllocated
`);
  assert.equal(f.profileName, 'bin-packing');
  assert.equal(f.percentageOfNodesToScore, 50);
  assert.ok(!names(f.filterPlugins).includes('NodePorts'));
  // NodePorts stays a PreFilter plugin: it was disabled only as a filter.
  assert.ok(names(f.preFilterPlugins).includes('NodePorts'));
  // Explicitly configured plugins come first at their extension point.
  assert.deepEqual(names(f.scorePlugins), [
    'NodeResourcesFit',
    'TaintToleration',
    'NodeAffinity',
    'PodTopologySpread',
    'InterPodAffinity',
  ]);
  assert.deepEqual(f.scoreWeights, [5, 3, 2, 2, 2]);
});

test('disabling everything at a point with "*"', () => {
  const f = framework(`${HEADER}profiles:
- plugins:
    score:
      disabled:
      - name: '*'
`);
  assert.deepEqual(f.scorePlugins, []);
  assert.ok(f.filterPlugins.length > 0);
});

test('configuration errors', () => {
  assert.throws(() => parseConfiguration('apiVersion: v1\nkind: Pod\n'), /apiVersion: Unsupported value/);
  assert.throws(
    () => parseConfiguration(`${HEADER}percentageOfNodesToScore: 101\n`),
    /not in valid range \[0-100\]/,
  );
  assert.throws(
    () => parseConfiguration(`${HEADER}profiles:\n- schedulerName: a\n- schedulerName: a\n`),
    /Duplicate value: "a"/,
  );
  assert.throws(
    () =>
      framework(`${HEADER}profiles:\n- plugins:\n    filter:\n      enabled:\n      - name: NoSuchPlugin\n`),
    /"NoSuchPlugin" does not exist/,
  );
});

test('merging plugin sets as upstream', () => {
  assert.deepEqual(
    mergePluginSet(
      { enabled: [{ name: 'A' }, { name: 'B' }, { name: 'C' }] },
      { enabled: [{ name: 'B', weight: 3 }, { name: 'D' }], disabled: [{ name: 'C' }] },
    ),
    { enabled: [{ name: 'A' }, { name: 'B', weight: 3 }, { name: 'D' }], disabled: [{ name: 'C' }] },
  );
});

test('defaults', () => {
  const cfg = resolveConfiguration();
  assert.equal(cfg.leaderElection.leaseDurationMs, 15_000);
  assert.equal(cfg.leaderElection.resourceName, 'kube-scheduler');
  assert.equal(cfg.podMaxBackoffSeconds, 10);
  assert.equal(parseDuration('1m30s'), 90_000);
});
