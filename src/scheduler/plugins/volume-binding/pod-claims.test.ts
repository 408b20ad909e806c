import assert from 'node:assert/strict';
import test from 'node:test';
import type { Pod, Volume } from 'kubernetes-types/core/v1.d.ts';
import { pod } from '../../testing/builders.ts';
import { claim, lookupOf } from '../../testing/storage.ts';
import { podClaimNames, podVolumeClaims } from './pod-claims.ts';

function withVolumes(volumes: Volume[]): Pod {
  const p = pod('p');
  return { ...p, metadata: { ...p.metadata, uid: 'pod-uid' }, spec: { ...p.spec!, volumes } };
}
const pvc = (name: string, claimName: string): Volume => ({ name, persistentVolumeClaim: { claimName } });
const eph = (name: string): Volume => ({ name, ephemeral: { volumeClaimTemplate: { spec: {} } } });

test('the claims a pod uses: persistentVolumeClaim volumes and <pod>-<volume> for ephemeral ones', () => {
  const p = withVolumes([pvc('data', 'c1'), { name: 'tmp', emptyDir: {} }, eph('scratch')]);
  assert.deepEqual(podClaimNames(p), [
    { name: 'c1', ephemeral: false },
    { name: 'p-scratch', ephemeral: true },
  ]);
});

test('pre-filter decisions: rejections with upstream messages, then the claims sorted by state', () => {
  const cases: { name: string; volumes: Volume[]; claims: ReturnType<typeof claim>[]; want: unknown }[] = [
    { name: 'no claims', volumes: [{ name: 'tmp', emptyDir: {} }], claims: [], want: undefined },
    {
      name: 'missing claim',
      volumes: [pvc('data', 'c1')],
      claims: [],
      want: { error: 'persistentvolumeclaim "c1" not found' },
    },
    {
      name: 'ephemeral claim not created yet',
      volumes: [eph('scratch')],
      claims: [],
      want: {
        error: 'waiting for ephemeral volume controller to create the persistentvolumeclaim "p-scratch"',
      },
    },
    {
      name: 'ephemeral claim of another pod',
      volumes: [eph('scratch')],
      claims: [claim('p-scratch', { class: 'local-path', ownerUid: 'other' })],
      want: { error: 'PVC default/p-scratch was not created for pod default/p (pod is not owner)' },
    },
    {
      name: 'terminating claim',
      volumes: [pvc('data', 'c1')],
      claims: [claim('c1', { class: 'local-path', deleting: true })],
      want: { error: 'persistentvolumeclaim "c1" is being deleted' },
    },
    {
      name: 'lost claim',
      volumes: [pvc('data', 'c1')],
      claims: [claim('c1', { class: 'local-path', volumeName: 'gone', lost: true })],
      want: { error: 'persistentvolumeclaim "c1" bound to non-existent persistentvolume "gone"' },
    },
    {
      name: 'bound, delayed, immediate, pre-bound and class-less claims',
      volumes: [
        pvc('a', 'bound'),
        pvc('b', 'delayed'),
        pvc('c', 'immediate'),
        pvc('d', 'prebound'),
        pvc('e', 'classless'),
        pvc('f', 'unknown-class'),
        eph('scratch'),
      ],
      claims: [
        claim('bound', { class: 'local-path', volumeName: 'pv1', bound: true }),
        claim('delayed', { class: 'local-path' }),
        claim('immediate', { class: 'fast' }),
        claim('prebound', { class: 'local-path', volumeName: 'pv2' }),
        claim('classless', { class: '' }),
        claim('unknown-class', { class: 'nope' }),
        claim('p-scratch', { class: 'local-path', ownerUid: 'pod-uid' }),
      ],
      want: {
        bound: ['bound'],
        unboundDelayBinding: ['delayed', 'p-scratch'],
        unboundImmediate: ['immediate', 'prebound', 'classless', 'unknown-class'],
      },
    },
  ];
  for (const c of cases) {
    const got = podVolumeClaims(withVolumes(c.volumes), lookupOf(c.claims));
    const simplified =
      got && 'claims' in got
        ? Object.fromEntries(
            Object.entries(got.claims).map(([k, list]) => [
              k,
              list.map((x: { metadata?: { name?: string } }) => x.metadata?.name),
            ]),
          )
        : got;
    assert.deepEqual(simplified, c.want, c.name);
  }
});
