import assert from 'node:assert/strict';
import test from 'node:test';
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.d.ts';
import { CLASSES, claim, lookupOf, storageClass, volume } from '../../testing/storage.ts';
import {
  ERR_REASON_BIND_CONFLICT,
  ERR_REASON_NODE_CONFLICT,
  ERR_REASON_PV_NOT_EXIST,
  eligibleNodes,
  findMatchingVolume,
  findPodVolumes,
  type NodeFacts,
} from './find-pod-volumes.ts';
import type { PodVolumeClaims } from './pod-claims.ts';

const node = (name: string, zone = 'a'): NodeFacts => ({
  name,
  labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': zone },
});

interface Case {
  name: string;
  bound?: PersistentVolumeClaim[];
  unbound?: PersistentVolumeClaim[];
  volumes?: PersistentVolume[];
  node?: NodeFacts;
  /** Reasons, or the bindings as `claim=volume` / `claim:provision`. */
  want: string[];
}

test('filter decisions per node: bound volumes must reach the node, unbound claims need a volume or a provisioner', () => {
  const cases: Case[] = [
    {
      name: 'bound volume without node affinity fits anywhere',
      bound: [claim('c', { volumeName: 'pv', bound: true })],
      volumes: [volume('pv', { claimRef: 'c' })],
      want: [],
    },
    {
      name: 'bound volume pinned to another node',
      bound: [claim('c', { volumeName: 'pv', bound: true })],
      volumes: [volume('pv', { claimRef: 'c', hosts: ['n2'] })],
      want: [ERR_REASON_NODE_CONFLICT],
    },
    {
      name: 'bound volume pinned to another zone',
      bound: [claim('c', { volumeName: 'pv', bound: true })],
      volumes: [volume('pv', { claimRef: 'c', zone: 'b' })],
      want: [ERR_REASON_NODE_CONFLICT],
    },
    {
      name: 'bound to a volume that does not exist',
      bound: [claim('c', { volumeName: 'pv', bound: true })],
      want: [ERR_REASON_PV_NOT_EXIST],
    },
    {
      name: 'default class provisions on any node',
      unbound: [claim('c', { class: 'local-path' })],
      want: ['c:provision'],
    },
    {
      name: 'a static volume on this node is preferred to provisioning',
      unbound: [claim('c', { class: 'local-path' })],
      volumes: [volume('pv', { class: 'local-path', hosts: ['n1'] })],
      want: ['c=pv'],
    },
    {
      name: 'static class without a fitting volume: nothing to bind',
      unbound: [claim('c', { class: 'manual' })],
      volumes: [
        volume('pv-n2', { hosts: ['n2'] }),
        volume('small', { size: '100Mi' }),
        volume('taken', { claimRef: 'x' }),
      ],
      want: [ERR_REASON_BIND_CONFLICT],
    },
    {
      name: 'static class: the smallest fitting volume',
      unbound: [claim('c', { class: 'manual', size: '2Gi' })],
      volumes: [
        volume('big', { size: '10Gi' }),
        volume('mid', { size: '3Gi' }),
        volume('small', { size: '1Gi' }),
      ],
      want: ['c=mid'],
    },
    {
      name: 'two claims cannot take one volume',
      unbound: [claim('c1', { class: 'manual' }), claim('c2', { class: 'manual' })],
      volumes: [volume('only')],
      want: [ERR_REASON_BIND_CONFLICT],
    },
    {
      name: 'a volume pre-bound to the claim is taken even when not Available',
      unbound: [claim('c', { class: 'manual' })],
      volumes: [volume('mine', { claimRef: 'c', phase: 'Pending', hosts: ['n1'] }), volume('other')],
      want: ['c=mine'],
    },
    {
      name: 'a claim already sent to another node fits only there',
      unbound: [claim('c', { class: 'local-path', selectedNode: 'n2' })],
      want: [ERR_REASON_BIND_CONFLICT],
    },
    {
      name: 'a claim already sent to this node is provisioned here',
      unbound: [claim('c', { class: 'local-path', selectedNode: 'n1' })],
      want: ['c:provision'],
    },
    {
      name: 'allowed topologies admit the node',
      unbound: [claim('c', { class: 'zonal' })],
      want: ['c:provision'],
    },
    {
      name: 'allowed topologies exclude the node',
      unbound: [claim('c', { class: 'zonal' })],
      node: node('n1', 'b'),
      want: [ERR_REASON_BIND_CONFLICT],
    },
    {
      name: 'bound and unbound conflicts are both reported, in upstream order',
      bound: [claim('b', { volumeName: 'pv', bound: true })],
      unbound: [claim('c', { class: 'manual' })],
      volumes: [volume('pv', { claimRef: 'b', hosts: ['n2'] })],
      want: [ERR_REASON_NODE_CONFLICT, ERR_REASON_BIND_CONFLICT],
    },
  ];
  for (const c of cases) {
    const claims: PodVolumeClaims = {
      bound: c.bound ?? [],
      unboundDelayBinding: c.unbound ?? [],
      unboundImmediate: [],
    };
    const { podVolumes, reasons } = findPodVolumes(
      claims,
      c.node ?? node('n1'),
      lookupOf([], c.volumes ?? []),
    );
    const got = reasons.length
      ? reasons
      : [
          ...podVolumes.staticBindings.map((b) => `${b.claim.metadata?.name}=${b.volume.metadata?.name}`),
          ...podVolumes.dynamicProvisions.map((p) => `${p.metadata?.name}:provision`),
        ];
    assert.deepEqual(got, c.want, c.name);
  }
});

test('claims to provision without a class or with a missing class are errors (as upstream)', () => {
  const claims = (c: PersistentVolumeClaim): PodVolumeClaims => ({
    bound: [],
    unboundDelayBinding: [c],
    unboundImmediate: [],
  });
  assert.throws(
    () => findPodVolumes(claims(claim('c', { class: 'gone', selectedNode: 'n1' })), node('n1'), lookupOf([])),
    /failed to find storage class "gone"/,
  );
  const noProvisioner = lookupOf([], [], [...CLASSES, storageClass('empty', 'WaitForFirstConsumer', '')]);
  const { reasons } = findPodVolumes(claims(claim('c', { class: 'empty' })), node('n1'), noProvisioner);
  assert.deepEqual(reasons, [ERR_REASON_BIND_CONFLICT]);
});

test('matching honours the claim selector, access modes and volume mode', () => {
  const c = claim('c', { class: 'manual', accessModes: ['ReadWriteMany'] });
  const rwx = volume('rwx');
  rwx.spec!.accessModes = ['ReadWriteMany'];
  assert.equal(findMatchingVolume(c, [volume('rwo'), rwx], node('n1'), new Set())?.metadata?.name, 'rwx');
  const sel = claim('s', { class: 'manual' });
  sel.spec!.selector = { matchLabels: { tier: 'gold' } };
  const gold = volume('gold', { labels: { tier: 'gold' } });
  assert.equal(
    findMatchingVolume(sel, [volume('plain'), gold], node('n1'), new Set())?.metadata?.name,
    'gold',
  );
  const block = claim('b', { class: 'manual' });
  block.spec!.volumeMode = 'Block';
  assert.equal(findMatchingVolume(block, [volume('fs')], node('n1'), new Set()), undefined);
});

test('bound local volumes restrict the nodes worth filtering', () => {
  const lookup = lookupOf(
    [],
    [volume('a', { hosts: ['n1', 'n2'] }), volume('b', { hosts: ['n2', 'n3'] }), volume('z', { zone: 'a' })],
  );
  const bound = (v: string) => claim(`c-${v}`, { volumeName: v, bound: true });
  assert.deepEqual(eligibleNodes([bound('a'), bound('b')], lookup), new Set(['n2']));
  assert.equal(eligibleNodes([bound('z')], lookup), undefined);
  assert.equal(eligibleNodes([], lookup), undefined);
});
