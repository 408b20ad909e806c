// The garbage collector through a real `kts server` and the real kubectl: `kubectl delete
// --cascade=background|foreground|orphan` on a ReplicaSet whose pods the test creates itself with
// ownerReferences (the ReplicaSet controller is not running), and dependents orphaned while the
// collector was down are collected after it starts again.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { garbageCollector } from '../src/controllers/garbage-collector/index.ts';
import { serviceAccountController } from '../src/controllers/serviceaccount/index.ts';
import { type RunningControllers, startControllers } from './support/controllers.ts';
import { type RunningServer, startServer } from './support/kts-server.ts';
import { kubectl, kubectlOk } from './support/kubectl.ts';
import { waitFor } from './support/wait.ts';
import { defineWidgets, widget } from './support/widget-crd.ts';

const NS = 'gc';

function replicaSet(name: string): string {
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: NS },
    spec: {
      replicas: 0,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'c', image: 'nginx' }] },
      },
    },
  });
}

function pod(
  name: string,
  owner: { name: string; uid: string },
  o: { block?: boolean; finalizers?: string[] } = {},
): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: NS,
      labels: { app: owner.name },
      ...(o.finalizers ? { finalizers: o.finalizers } : {}),
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: owner.name,
          uid: owner.uid,
          controller: true,
          blockOwnerDeletion: o.block ?? true,
        },
      ],
    },
    spec: { containers: [{ name: 'c', image: 'nginx' }] },
  });
}

describe('garbage-collector', { timeout: 240_000 }, () => {
  let server: RunningServer;
  let controllers: RunningControllers | undefined;
  let kc: string;
  const start = async () => {
    controllers = await startControllers(kc, [serviceAccountController, garbageCollector]);
  };
  const stop = async () => {
    await controllers?.stop();
    controllers = undefined;
  };
  const ownerWithPods = async (
    name: string,
    pods: { name: string; block?: boolean; finalizers?: string[] }[],
  ) => {
    await kubectlOk(kc, ['apply', '-f', '-'], { input: replicaSet(name) });
    const uid = (await kubectlOk(kc, ['get', 'rs', name, '-n', NS, '-o', 'jsonpath={.metadata.uid}'])).trim();
    for (const p of pods) await kubectlOk(kc, ['apply', '-f', '-'], { input: pod(p.name, { name, uid }, p) });
    return uid;
  };
  const podNames = async (app: string) =>
    (
      await kubectlOk(kc, [
        'get',
        'pods',
        '-n',
        NS,
        '-l',
        `app=${app}`,
        '-o',
        'jsonpath={.items[*].metadata.name}',
      ])
    )
      .split(' ')
      .filter(Boolean)
      .sort();
  const exists = async (kind: string, name: string) =>
    (await kubectl(kc, ['get', kind, name, '-n', NS])).code === 0;

  before(async () => {
    server = await startServer();
    kc = server.kubeconfig;
    await start();
    await kubectlOk(kc, ['create', 'namespace', NS]);
    await waitFor('default ServiceAccount', () => exists('sa', 'default'));
  });
  after(async () => {
    await stop();
    await server?.stop();
  });

  it('background: the ReplicaSet goes at once, its pods after it', async () => {
    await ownerWithPods('bg', [{ name: 'bg-1' }, { name: 'bg-2' }]);
    await kubectlOk(kc, ['delete', 'rs', 'bg', '-n', NS, '--cascade=background']);
    assert.equal(await exists('rs', 'bg'), false);
    await waitFor('pods of bg collected', async () => (await podNames('bg')).length === 0);
  });

  it('foreground: the ReplicaSet waits for its blocking pods, then goes', async () => {
    await ownerWithPods('fg', [
      { name: 'fg-1' },
      { name: 'fg-held', finalizers: ['example.com/hold'] },
      { name: 'fg-free', block: false },
    ]);
    await kubectlOk(kc, ['delete', 'rs', 'fg', '-n', NS, '--cascade=foreground', '--wait=false']);
    await waitFor('all but the held pod deleted', async () => (await podNames('fg')).join() === 'fg-held');
    const held = JSON.parse(await kubectlOk(kc, ['get', 'pod', 'fg-held', '-n', NS, '-o', 'json']));
    assert.ok(held.metadata.deletionTimestamp, 'the held pod is terminating');
    const rs = JSON.parse(await kubectlOk(kc, ['get', 'rs', 'fg', '-n', NS, '-o', 'json']));
    assert.ok(rs.metadata.deletionTimestamp);
    assert.deepEqual(rs.metadata.finalizers, ['foregroundDeletion']);
    await kubectlOk(kc, [
      'patch',
      'pod',
      'fg-held',
      '-n',
      NS,
      '--type=json',
      '-p',
      '[{"op":"remove","path":"/metadata/finalizers"}]',
    ]);
    await waitFor('ReplicaSet fg deleted after its pods', async () => !(await exists('rs', 'fg')));
    assert.deepEqual(await podNames('fg'), []);
  });

  it('orphan: the ReplicaSet goes, its pods stay without the reference', async () => {
    await ownerWithPods('or', [{ name: 'or-1' }, { name: 'or-2' }]);
    await kubectlOk(kc, ['delete', 'rs', 'or', '-n', NS, '--cascade=orphan']);
    await waitFor('ReplicaSet or deleted', async () => !(await exists('rs', 'or')));
    assert.deepEqual(await podNames('or'), ['or-1', 'or-2']);
    for (const name of ['or-1', 'or-2']) {
      const p = JSON.parse(await kubectlOk(kc, ['get', 'pod', name, '-n', NS, '-o', 'json']));
      assert.equal(p.metadata.ownerReferences, undefined, name);
    }
  });

  it('finds dependents orphaned while it was stopped, and spares those whose owner lives', async () => {
    await stop();
    await ownerWithPods('down', [{ name: 'down-1' }, { name: 'down-2' }]);
    await ownerWithPods('alive', [{ name: 'alive-1' }]);
    await kubectlOk(kc, ['delete', 'rs', 'down', '-n', NS, '--cascade=background']);
    // A pod naming a ReplicaSet re-created under the same name (another uid) is an orphan too.
    const oldUid = await ownerWithPods('again', []);
    await kubectlOk(kc, ['apply', '-f', '-'], { input: pod('again-1', { name: 'again', uid: oldUid }) });
    await kubectlOk(kc, ['delete', 'rs', 'again', '-n', NS]);
    await kubectlOk(kc, ['apply', '-f', '-'], { input: replicaSet('again') });
    assert.deepEqual(await podNames('down'), ['down-1', 'down-2']);
    await start();
    await waitFor(
      'orphans collected after restart',
      async () => (await podNames('down')).length === 0 && (await podNames('again')).length === 0,
    );
    assert.deepEqual(await podNames('alive'), ['alive-1']);
    assert.equal(await exists('rs', 'again'), true);
  });

  it('collects custom resources defined after it started, as owners and as dependents', async () => {
    await defineWidgets(kc);
    // A Widget owning a ConfigMap.
    await kubectlOk(kc, ['apply', '-f', '-'], { input: widget('parent', NS) });
    const parentUid = (
      await kubectlOk(kc, ['get', 'widget', 'parent', '-n', NS, '-o', 'jsonpath={.metadata.uid}'])
    ).trim();
    await kubectlOk(kc, ['apply', '-f', '-'], {
      input: JSON.stringify({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: 'child',
          namespace: NS,
          ownerReferences: [{ apiVersion: 'example.com/v1', kind: 'Widget', name: 'parent', uid: parentUid }],
        },
      }),
    });
    // A ConfigMap owning a Widget.
    await kubectlOk(kc, ['create', 'configmap', 'holder', '-n', NS]);
    const holderUid = (
      await kubectlOk(kc, ['get', 'configmap', 'holder', '-n', NS, '-o', 'jsonpath={.metadata.uid}'])
    ).trim();
    await kubectlOk(kc, ['apply', '-f', '-'], {
      input: widget('held', NS, { apiVersion: 'v1', kind: 'ConfigMap', name: 'holder', uid: holderUid }),
    });

    await kubectlOk(kc, ['delete', 'widget', 'parent', '-n', NS]);
    await waitFor('ConfigMap child collected', async () => !(await exists('configmap', 'child')));
    await kubectlOk(kc, ['delete', 'configmap', 'holder', '-n', NS]);
    await waitFor('Widget held collected', async () => !(await exists('widget', 'held')));
  });
});
