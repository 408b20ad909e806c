// kts on a real etcd (the HA datastore): the same API through kubectl, and two API servers on
// one etcd seeing each other's writes (every server's watch cache follows the shared store).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type EtcdProcess, startEtcd } from './support/etcd.ts';
import { type RunningServer, startServer } from './support/kts-server.ts';
import { kubectl, kubectlOk } from './support/kubectl.ts';

describe('kts server on etcd', { timeout: 300_000 }, () => {
  let etcd: EtcdProcess;
  let a: RunningServer;
  let b: RunningServer;
  before(async () => {
    etcd = await startEtcd();
    const datastore = `etcd://${etcd.endpoint.replace(/^https?:\/\//, '')}`;
    a = await startServer({ args: ['--datastore', datastore] });
    b = await startServer({ args: ['--datastore', datastore] });
  });
  after(async () => {
    await a?.stop();
    await b?.stop();
    await etcd?.stop();
  });

  it('bootstraps once: both servers see the system namespaces', async () => {
    for (const s of [a, b]) {
      const ns = await kubectlOk(s.kubeconfig, ['get', 'ns', '-o', 'name']);
      assert.deepEqual(ns.trim().split('\n').sort(), [
        'namespace/default',
        'namespace/kube-node-lease',
        'namespace/kube-public',
        'namespace/kube-system',
      ]);
    }
  });

  it('a write through one server is read and watched through the other', async () => {
    const watch = kubectl(
      b.kubeconfig,
      ['get', 'cm', '-w', '--field-selector=metadata.name=shared', '-o', 'jsonpath={.data.n}{"\\n"}'],
      { timeoutMs: 8_000 },
    );
    await new Promise((r) => setTimeout(r, 500));
    await kubectlOk(a.kubeconfig, ['create', 'configmap', 'shared', '--from-literal=n=1']);
    await kubectlOk(a.kubeconfig, ['patch', 'cm', 'shared', '-p', '{"data":{"n":"2"}}']);
    assert.equal(await kubectlOk(b.kubeconfig, ['get', 'cm', 'shared', '-o', 'jsonpath={.data.n}']), '2');
    // An update from b with a's stale resourceVersion conflicts.
    const stale = JSON.parse(await kubectlOk(a.kubeconfig, ['get', 'cm', 'shared', '-o', 'json']));
    await kubectlOk(b.kubeconfig, ['patch', 'cm', 'shared', '-p', '{"data":{"n":"3"}}']);
    stale.data.n = 'stale';
    const r = await kubectl(a.kubeconfig, ['replace', '-f', '-'], { input: JSON.stringify(stale) });
    assert.match(
      r.stderr,
      /Operation cannot be fulfilled on configmaps "shared": the object has been modified/,
    );
    await kubectlOk(a.kubeconfig, ['delete', 'cm', 'shared']);
    const seen = (await watch).stdout.trim().split('\n');
    assert.deepEqual(seen.slice(0, 3), ['1', '2', '3']);
  });

  it('ClusterIPs are unique across servers', async () => {
    const ips = new Set<string>();
    for (let i = 0; i < 10; i++) {
      const s = i % 2 ? a : b;
      await kubectlOk(s.kubeconfig, ['create', 'service', 'clusterip', `svc-${i}`, '--tcp=80:80']);
    }
    for (let i = 0; i < 10; i++)
      ips.add(
        (
          await kubectlOk(a.kubeconfig, ['get', 'svc', `svc-${i}`, '-o', 'jsonpath={.spec.clusterIP}'])
        ).trim(),
      );
    assert.equal(ips.size, 10);
  });
});
