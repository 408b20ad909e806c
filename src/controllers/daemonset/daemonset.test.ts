import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Taint } from 'kubernetes-types/core/v1.js';
import { toleratesTaint } from '../../api/core/taints.ts';
import { POD_REVISION_LABEL } from '../workload-common/controller-revisions.ts';
import type { DaemonSet, Node, Pod } from '../workload-common/types.ts';
import { nodeToPods } from './controller.ts';
import { revisionsToPrune } from './history.ts';
import { requiredNodeAffinityMatches } from './node-match.ts';
import { daemonStatusCounts, FailedPodBackoff, nodeShouldRunDaemonPod, planNodes } from './placement.ts';
import {
  addDaemonPodTolerations,
  daemonPodTemplate,
  isPodUpdated,
  pinToNode,
  targetNodeName,
} from './pod-template.ts';
import { rollingUpdatePlan } from './rolling-update.ts';

const node = (name: string, labels: Record<string, string> = {}, taints: Taint[] = []): Node => ({
  metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } },
  spec: { taints },
});

function ds(
  o: {
    nodeSelector?: Record<string, string>;
    maxSurge?: number;
    maxUnavailable?: number;
    tolerations?: object[];
  } = {},
): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: {
      name: 'agent',
      namespace: 'default',
      uid: 'ds-uid',
      annotations: { 'deprecated.daemonset.template.generation': '2' },
    },
    spec: {
      selector: { matchLabels: { name: 'agent' } },
      template: {
        metadata: { labels: { name: 'agent' } },
        spec: {
          containers: [{ name: 'a', image: 'a' }],
          ...(o.nodeSelector ? { nodeSelector: o.nodeSelector } : {}),
          ...(o.tolerations ? { tolerations: o.tolerations as never } : {}),
        },
      },
      updateStrategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: o.maxUnavailable ?? 1, maxSurge: o.maxSurge ?? 0 },
      },
    },
  };
}

let n = 0;
function dpod(
  nodeName: string,
  o: {
    hash?: string;
    phase?: string;
    ready?: boolean;
    created?: number;
    deleting?: boolean;
    bound?: boolean;
  } = {},
): Pod {
  const p: Pod = {
    metadata: {
      name: `agent-${++n}`,
      namespace: 'default',
      uid: `p${n}`,
      labels: { name: 'agent', [POD_REVISION_LABEL]: o.hash ?? 'h1' },
      creationTimestamp: new Date(Date.UTC(2024, 0, 1) + (o.created ?? n) * 1000).toISOString(),
    },
    spec: {
      containers: [],
      affinity: pinToNode(undefined, nodeName),
      ...(o.bound === false ? {} : { nodeName }),
    },
    status: {
      phase: o.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }],
    },
  };
  if (o.deleting) (p.metadata as { deletionTimestamp?: string }).deletionTimestamp = '2024-01-01T01:00:00Z';
  return p;
}

describe('DaemonSet node eligibility', () => {
  it('follows nodeSelector, node affinity and taints, with the daemon tolerations', () => {
    assert.deepEqual(nodeShouldRunDaemonPod(node('a'), ds()), {
      shouldRun: true,
      shouldContinueRunning: true,
    });
    assert.equal(nodeShouldRunDaemonPod(node('a'), ds({ nodeSelector: { disk: 'ssd' } })).shouldRun, false);
    assert.equal(
      nodeShouldRunDaemonPod(node('a', { disk: 'ssd' }), ds({ nodeSelector: { disk: 'ssd' } })).shouldRun,
      true,
    );
    // Daemon pods tolerate unschedulable and the pressure taints …
    assert.equal(
      nodeShouldRunDaemonPod(
        node('a', {}, [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]),
        ds(),
      ).shouldRun,
      true,
    );
    // … but not arbitrary ones: NoSchedule keeps running pods, NoExecute evicts them.
    assert.deepEqual(
      nodeShouldRunDaemonPod(node('a', {}, [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }]), ds()),
      {
        shouldRun: false,
        shouldContinueRunning: true,
      },
    );
    assert.deepEqual(
      nodeShouldRunDaemonPod(node('a', {}, [{ key: 'dedicated', value: 'x', effect: 'NoExecute' }]), ds()),
      {
        shouldRun: false,
        shouldContinueRunning: false,
      },
    );
    const tolerant = ds({ tolerations: [{ key: 'dedicated', operator: 'Exists' }] });
    assert.equal(
      nodeShouldRunDaemonPod(node('a', {}, [{ key: 'dedicated', value: 'x', effect: 'NoExecute' }]), tolerant)
        .shouldRun,
      true,
    );
  });

  it('matches node affinity expressions and fields', () => {
    const pod = (terms: object[]): Pod => ({
      spec: {
        containers: [],
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms as never },
          },
        },
      },
    });
    const gpu = node('n1', { gpu: '4' });
    assert.equal(
      requiredNodeAffinityMatches(
        pod([{ matchExpressions: [{ key: 'gpu', operator: 'Gt', values: ['2'] }] }]),
        gpu,
      ),
      true,
    );
    assert.equal(
      requiredNodeAffinityMatches(
        pod([{ matchExpressions: [{ key: 'gpu', operator: 'Lt', values: ['2'] }] }]),
        gpu,
      ),
      false,
    );
    assert.equal(
      requiredNodeAffinityMatches(
        pod([{ matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }]),
        gpu,
      ),
      true,
    );
    assert.equal(
      requiredNodeAffinityMatches(
        pod([
          { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n2'] }] },
          { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] },
        ]),
        gpu,
      ),
      true,
    );
    assert.equal(requiredNodeAffinityMatches(pod([{}]), gpu), false);
    assert.equal(toleratesTaint({ operator: 'Exists' }, { key: 'k', effect: 'NoSchedule' }), true);
    assert.equal(
      toleratesTaint({ key: 'k', value: 'v' }, { key: 'k', value: 'w', effect: 'NoSchedule' }),
      false,
    );
  });
});

describe('DaemonSet pods', () => {
  it('carry the daemon tolerations (network-unavailable with hostNetwork), the revision labels and a pin to their node', () => {
    const spec = {
      containers: [],
      hostNetwork: true,
      tolerations: [
        {
          key: 'node.kubernetes.io/not-ready',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 5,
        },
      ],
    };
    addDaemonPodTolerations(spec as never);
    const keys = spec.tolerations.map((t) => `${t.key}:${t.effect}`);
    assert.deepEqual(keys, [
      'node.kubernetes.io/not-ready:NoExecute',
      'node.kubernetes.io/unreachable:NoExecute',
      'node.kubernetes.io/disk-pressure:NoSchedule',
      'node.kubernetes.io/memory-pressure:NoSchedule',
      'node.kubernetes.io/pid-pressure:NoSchedule',
      'node.kubernetes.io/unschedulable:NoSchedule',
      'node.kubernetes.io/network-unavailable:NoSchedule',
    ]);
    assert.equal(
      (spec.tolerations[0] as { tolerationSeconds?: number }).tolerationSeconds,
      undefined,
      'replaced by the daemon toleration',
    );
    const t = daemonPodTemplate(ds(), 'abc');
    assert.deepEqual(t.metadata?.labels, {
      name: 'agent',
      'pod-template-generation': '2',
      'controller-revision-hash': 'abc',
    });
    const pinned = pinToNode(
      {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: 'x', operator: 'Exists' }] }],
          },
        },
      },
      'n7',
    );
    assert.deepEqual(pinned.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms, [
      { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n7'] }] },
    ]);
    assert.equal(targetNodeName({ spec: { containers: [], affinity: pinned } }), 'n7');
    assert.equal(isPodUpdated({ metadata: { labels: { 'pod-template-generation': '2' } } }, 'zzz', 2), true);
  });
});

describe('DaemonSet placement', () => {
  const nodes = [node('a'), node('b'), node('c', {}, [{ key: 'x', effect: 'NoExecute' }])];

  it('creates on nodes without a pod, deletes from nodes that should not run one, keeps the oldest of duplicates', () => {
    const keep = dpod('a', { created: 1 });
    const dup = dpod('a', { created: 5 });
    const evicted = dpod('c');
    const orphanPin = dpod('gone', { bound: false });
    const plan = planNodes(
      ds(),
      nodes,
      nodeToPods([keep, dup, evicted, orphanPin]),
      'h1',
      new FailedPodBackoff(),
      0,
    );
    assert.deepEqual(plan.create, ['b']);
    assert.deepEqual(
      plan.delete.map((p) => p.metadata?.name).sort(),
      [dup, evicted, orphanPin].map((p) => p.metadata!.name).sort(),
    );
  });

  it('deletes failed pods with back-off', () => {
    const failed = dpod('a', { phase: 'Failed' });
    const backoff = new FailedPodBackoff();
    const first = planNodes(ds(), [node('a')], nodeToPods([failed]), 'h1', backoff, 0);
    assert.deepEqual(
      first.failed.map((f) => f.node),
      ['a'],
    );
    assert.equal(first.delete.length, 1);
    const again = planNodes(
      ds(),
      [node('a')],
      nodeToPods([dpod('a', { phase: 'Failed' })]),
      'h1',
      backoff,
      500,
    );
    assert.equal(again.delete.length, 0);
    assert.equal(again.requeueAfter, 500);
  });

  it('counts the status', () => {
    const pods = [dpod('a', { hash: 'h2' }), dpod('b', { ready: false }), dpod('c')];
    const c = daemonStatusCounts(
      ds(),
      nodes,
      nodeToPods(pods),
      'h2',
      (p) => p.status?.conditions?.[0]?.status === 'True',
      () => true,
    );
    assert.deepEqual(c, {
      desiredNumberScheduled: 2,
      currentNumberScheduled: 2,
      numberMisscheduled: 1,
      numberReady: 1,
      updatedNumberScheduled: 1,
      numberAvailable: 1,
      numberUnavailable: 1,
    });
  });
});

describe('DaemonSet rolling update', () => {
  const nodes = [node('a'), node('b'), node('c')];
  const available = (p: Pod) => p.status?.conditions?.[0]?.status === 'True';

  it('without surge: replaces at most maxUnavailable old pods, unavailable ones first', () => {
    const pods = [
      dpod('a', { hash: 'old' }),
      dpod('b', { hash: 'old', ready: false }),
      dpod('c', { hash: 'old' }),
    ];
    const plan = rollingUpdatePlan(ds({ maxUnavailable: 1 }), nodes, nodeToPods(pods), 'new', available);
    // As upstream: b is unavailable anyway and is replaced outside the budget; a takes the one slot.
    assert.deepEqual(
      plan.deletePods.map((p) => p.spec?.nodeName),
      ['b', 'a'],
    );
    const healthy = [dpod('a', { hash: 'old' }), dpod('b', { hash: 'old' }), dpod('c', { hash: 'old' })];
    assert.deepEqual(
      rollingUpdatePlan(
        ds({ maxUnavailable: 2 }),
        nodes,
        nodeToPods(healthy),
        'new',
        available,
      ).deletePods.map((p) => p.spec?.nodeName),
      ['a', 'b'],
    );
  });

  it('with surge: starts new pods beside old ones, deletes old ones once the new are available', () => {
    const pods = [dpod('a', { hash: 'old' }), dpod('b', { hash: 'old' }), dpod('c', { hash: 'old' })];
    const plan = rollingUpdatePlan(
      ds({ maxSurge: 1, maxUnavailable: 0 }),
      nodes,
      nodeToPods(pods),
      'new',
      available,
    );
    assert.deepEqual(plan, { deletePods: [], createOnNodes: ['a'] });
    const surged = [...pods, dpod('a', { hash: 'new' })];
    const next = rollingUpdatePlan(
      ds({ maxSurge: 1, maxUnavailable: 0 }),
      nodes,
      nodeToPods(surged),
      'new',
      available,
    );
    assert.deepEqual(
      next.deletePods.map((p) => p.metadata?.name),
      [pods[0]!.metadata!.name],
    );
    assert.deepEqual(next.createOnNodes, ['b']);
  });

  it('prunes old revisions no pod runs', () => {
    const rev = (name: string, revision: number) => ({
      metadata: { name, labels: { [POD_REVISION_LABEL]: name } },
      revision,
    });
    const old = [rev('r1', 1), rev('r2', 2), rev('r3', 3)];
    assert.deepEqual(
      revisionsToPrune(old, [dpod('a', { hash: 'r1' })], 1).map((r) => r.metadata?.name),
      ['r2', 'r3'],
    );
    assert.deepEqual(
      revisionsToPrune(old, [dpod('a', { hash: 'r1' })], 2).map((r) => r.metadata?.name),
      ['r2'],
    );
  });
});
