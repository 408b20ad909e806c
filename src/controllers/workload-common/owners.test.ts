import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { type ObjectLike, type ResourceClient, SharedInformer } from '../../client/index.ts';
import type { ControllerContext } from '../controller-definition.ts';
import { DEPLOYMENTS, REPLICA_SETS } from './descriptors.ts';
import { CONTROLLER_UID_INDEXERS } from './indexes.ts';
import { WorkloadOwners } from './owners.ts';
import { pod, replicaSet } from './testing.ts';
import type { Deployment, Pod, ReplicaSet } from './types.ts';

/** A ResourceClient that records patches and answers get() with `fresh`. */
function recordingApi<T extends ObjectLike>(fresh: () => unknown) {
  const patches: string[] = [];
  const api = {
    namespace: () => ({
      get: async () => fresh(),
      patch: async (name: string, _type: string, body: unknown) => {
        patches.push(name);
        return { metadata: { name }, patched: body };
      },
    }),
  } as unknown as ResourceClient<T>;
  return { api, patches };
}

/** A context whose informers are unstarted caches filled by hand. */
function context(informers: Map<string, SharedInformer<any>>, api: ResourceClient<any>): ControllerContext {
  return {
    informers: {
      informerFor: (d: { resource: string }, o: { indexers?: never } = {}) => {
        let i = informers.get(d.resource);
        if (!i) informers.set(d.resource, (i = new SharedInformer(undefined as never, d as never, o)));
        return i;
      },
    },
    client: { resource: () => api },
  } as unknown as ControllerContext;
}

function deployment(name: string, selector: LabelSelector): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', uid: `uid-${name}` },
    spec: { selector, template: {} },
  };
}

describe('WorkloadOwners', () => {
  const informers = new Map<string, SharedInformer<any>>();
  const ownersApi = recordingApi<Deployment>(() => deployment('web', {}));
  const owners = new WorkloadOwners<Deployment>(context(informers, ownersApi.api), {
    descriptor: DEPLOYMENTS,
    apiVersion: 'apps/v1',
    kind: 'Deployment',
  });
  const web = deployment('web', { matchLabels: { app: 'web' } });
  owners.informer.indexer.upsert(web);
  owners.informer.indexer.upsert(deployment('all', {}));
  owners.informer.indexer.upsert(deployment('bad', { matchLabels: { 'bad key!': 'x' } }));

  it('parses and caches selectors; an unparsable one is null', () => {
    const s = owners.selector(web);
    assert.ok(s?.matches({ app: 'web' }));
    assert.equal(owners.selector(web), s);
    assert.equal(owners.selector(owners.get('default/bad')!), null);
  });

  it('maps a dependent to its controller of the owner kind, an orphan to every owner selecting it', () => {
    const owned = replicaSet({ name: 'rs', replicas: 1 });
    owned.metadata!.ownerReferences = [
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'other', uid: 'u', controller: true },
    ];
    assert.deepEqual(owners.keysFor(owned), ['default/other']);
    assert.equal(owners.controllerKey(owned), 'default/other');
    const foreign = pod({ name: 'p', owner: { kind: 'StatefulSet', name: 'web', uid: 'uid-web' } });
    assert.deepEqual(owners.keysFor(foreign), []);
    assert.equal(owners.controllerKey(foreign), undefined);
    // The empty selector ('all') and the invalid one ('bad') adopt nothing.
    assert.deepEqual(owners.keysFor(replicaSet({ name: 'orphan', replicas: 1 })), []);
    const orphan = pod({ name: 'o', labels: { app: 'web' } });
    assert.deepEqual(owners.keysFor(orphan), ['default/web']);
  });

  it('names a live owner only for the same uid (and, when asked, the same API group)', () => {
    const ref = (uid: string, apiVersion = 'apps/v1') =>
      pod({ name: 'p', owner: { kind: 'Deployment', name: 'web', uid, apiVersion } });
    assert.equal(owners.liveOwnerKey(ref('uid-web')), 'default/web');
    assert.equal(owners.liveOwnerKey(ref('stale')), undefined);
    assert.equal(owners.liveOwnerKey(ref('uid-web', 'extensions/v1beta1')), 'default/web');
    assert.equal(owners.liveOwnerKey(ref('uid-web', 'extensions/v1beta1'), true), undefined);
  });

  it('claims from the controller-uid index: keeps its own, adopts filtered matching orphans', async () => {
    const rsInformer = new SharedInformer<ReplicaSet>(undefined as never, REPLICA_SETS, {
      indexers: CONTROLLER_UID_INDEXERS,
    });
    const mine = replicaSet({ name: 'mine', replicas: 1 });
    mine.metadata!.ownerReferences = [
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'uid-web', controller: true },
    ];
    for (const rs of [
      mine,
      replicaSet({ name: 'orphan', replicas: 1 }),
      replicaSet({ name: 'skip', replicas: 0 }),
    ])
      rsInformer.indexer.upsert(rs);
    const rsApi = recordingApi<ReplicaSet>(() => undefined);
    const claimed = await owners.claim(web, rsInformer, () => true, rsApi.api, {
      filter: (rs: ReplicaSet) => rs.metadata?.name !== 'skip',
    });
    assert.deepEqual(
      claimed.map((rs) => rs.metadata?.name),
      ['mine', 'orphan'],
    );
    assert.deepEqual(rsApi.patches, ['orphan']);
  });

  it('refuses to adopt when a fresh read shows another object under the name', async () => {
    const other = new WorkloadOwners<Deployment>(
      context(new Map(), recordingApi<Deployment>(() => deployment('recreated', {})).api),
      { descriptor: DEPLOYMENTS, apiVersion: 'apps/v1', kind: 'Deployment' },
    );
    const pods = new SharedInformer<Pod>(undefined as never, REPLICA_SETS, {
      indexers: CONTROLLER_UID_INDEXERS,
    });
    pods.indexer.upsert(pod({ name: 'orphan' }));
    const podApi = recordingApi<Pod>(() => undefined);
    await assert.rejects(
      other.claim(web, pods, () => true, podApi.api),
      /is gone/,
    );
    assert.deepEqual(podApi.patches, []);
  });
});
