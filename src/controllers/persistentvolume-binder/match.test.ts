import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.d.ts';
import {
  boundClaim,
  boundClaimStatus,
  boundVolume,
  findMatchingVolume,
  volumeFitsNode,
  volumePhase,
} from './match.ts';

const pv = (
  name: string,
  size: string,
  o: {
    modes?: string[];
    sc?: string;
    labels?: Record<string, string>;
    claimRef?: PersistentVolume['spec'] extends infer S
      ? S extends { claimRef?: infer C }
        ? C
        : never
      : never;
    phase?: string;
    node?: string;
    mode?: string;
  } = {},
): PersistentVolume => ({
  metadata: { name, ...(o.labels ? { labels: o.labels } : {}) },
  spec: {
    capacity: { storage: size },
    accessModes: o.modes ?? ['ReadWriteOnce'],
    ...(o.sc !== undefined ? { storageClassName: o.sc } : {}),
    ...(o.claimRef ? { claimRef: o.claimRef } : {}),
    ...(o.mode ? { volumeMode: o.mode } : {}),
    ...(o.node
      ? {
          nodeAffinity: {
            required: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [o.node] }] },
              ],
            },
          },
        }
      : {}),
  },
  status: { phase: o.phase ?? 'Available' },
});
const claim = (
  size: string,
  o: { modes?: string[]; sc?: string; selector?: Record<string, string>; name?: string } = {},
): PersistentVolumeClaim => ({
  metadata: { name: o.name ?? 'data', namespace: 'ns', uid: `uid-${o.name ?? 'data'}`, resourceVersion: '7' },
  spec: {
    accessModes: o.modes ?? ['ReadWriteOnce'],
    resources: { requests: { storage: size } },
    ...(o.sc !== undefined ? { storageClassName: o.sc } : {}),
    ...(o.selector ? { selector: { matchLabels: o.selector } } : {}),
  },
});

test('findMatchingVolume: the smallest volume that fits every constraint', () => {
  const volumes = [
    pv('small', '1Gi', { sc: 'manual', labels: { tier: 'fast' } }),
    pv('medium', '5Gi', { sc: 'manual' }),
    pv('large', '10Gi', { sc: 'manual', modes: ['ReadWriteOnce', 'ReadWriteMany'] }),
    pv('other-class', '2Gi', { sc: 'gold' }),
    pv('taken', '2Gi', { sc: 'manual', claimRef: { name: 'someone', namespace: 'ns', uid: 'x' } }),
    pv('released', '2Gi', { sc: 'manual', phase: 'Released' }),
    pv('block', '2Gi', { sc: 'manual', mode: 'Block' }),
  ];
  const name = (c: PersistentVolumeClaim, node?: string) =>
    findMatchingVolume(c, volumes, node)?.metadata?.name;
  assert.equal(name(claim('2Gi', { sc: 'manual' })), 'medium');
  assert.equal(name(claim('500Mi', { sc: 'manual' })), 'small');
  assert.equal(name(claim('1Gi', { sc: 'manual', modes: ['ReadWriteMany'] })), 'large');
  assert.equal(name(claim('1Gi', { sc: 'manual', selector: { tier: 'fast' } })), 'small');
  assert.equal(name(claim('2Gi', { sc: 'manual', selector: { tier: 'fast' } })), undefined);
  assert.equal(name(claim('20Gi', { sc: 'manual' })), undefined);
  assert.equal(name(claim('1Gi', { sc: 'gold' })), 'other-class');
  assert.equal(name(claim('1Gi')), undefined, 'a claim without class only takes class-less volumes');
  // A volume reserved for the claim by name wins over any other.
  const reserved = [
    ...volumes,
    pv('mine', '100Gi', { sc: 'manual', claimRef: { name: 'data', namespace: 'ns' } }),
  ];
  assert.equal(findMatchingVolume(claim('1Gi', { sc: 'manual' }), reserved)?.metadata?.name, 'mine');
  // Node affinity against the selected node.
  const local = [
    pv('on-a', '1Gi', { sc: 'local', node: 'a' }),
    pv('on-b', '1Gi', { sc: 'local', node: 'b' }),
  ];
  assert.equal(findMatchingVolume(claim('1Gi', { sc: 'local' }), local, 'b')?.metadata?.name, 'on-b');
  assert.equal(volumeFitsNode(local[0]!, 'b'), false);
});

test('binding marks both sides; volume phases follow the claim', () => {
  const c = claim('2Gi', { sc: 'manual' });
  const v = boundVolume(pv('medium', '5Gi', { sc: 'manual' }), c);
  assert.deepEqual(v.spec?.claimRef, {
    kind: 'PersistentVolumeClaim',
    apiVersion: 'v1',
    namespace: 'ns',
    name: 'data',
    uid: 'uid-data',
    resourceVersion: '7',
  });
  assert.equal(v.metadata?.annotations?.['pv.kubernetes.io/bound-by-controller'], 'yes');
  const bc = boundClaim(c, v);
  assert.equal(bc.spec?.volumeName, 'medium');
  assert.deepEqual(bc.metadata?.annotations, {
    'pv.kubernetes.io/bind-completed': 'yes',
    'pv.kubernetes.io/bound-by-controller': 'yes',
  });
  assert.deepEqual(boundClaimStatus(v), {
    phase: 'Bound',
    accessModes: ['ReadWriteOnce'],
    capacity: { storage: '5Gi' },
  });
  assert.equal(volumePhase(v, bc), 'Bound');
  assert.equal(volumePhase(v, c), undefined, 'the claim has not taken it yet');
  assert.equal(volumePhase(v, undefined), 'Released');
  assert.equal(volumePhase(pv('free', '1Gi'), undefined), 'Available');
  assert.equal(volumePhase(v, { ...bc, metadata: { ...bc.metadata, uid: 'other' } }), 'Released');
});
