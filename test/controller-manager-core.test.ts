// The core controllers inside `kts controller-manager` (its own process) against `kts server`,
// with the real kubectl: `kubectl run` works in a fresh namespace (serviceaccount controller), a
// Deployment's ReplicaSet and pods go with it (garbage collector over the workload
// controllers' owner chain), a deleted namespace disappears, and nodes get their podCIDR.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type RunningControllerManager, startControllerManager } from './support/controller-manager.ts';
import { type RunningServer, startServer } from './support/kts-server.ts';
import { kubectl, kubectlOk } from './support/kubectl.ts';
import { waitFor } from './support/wait.ts';

describe('core controllers in kts controller-manager', { timeout: 240_000 }, () => {
  let server: RunningServer;
  let manager: RunningControllerManager;
  let kc: string;
  const names = async (args: string[]) =>
    (await kubectlOk(kc, [...args, '-o', 'jsonpath={.items[*].metadata.name}'])).split(' ').filter(Boolean);

  before(async () => {
    server = await startServer();
    kc = server.kubeconfig;
    manager = startControllerManager(kc);
  });
  after(async () => {
    await manager?.stop();
    await server?.stop();
  });

  it('lets kubectl run in a fresh namespace', async () => {
    await kubectlOk(kc, ['create', 'namespace', 'fresh']);
    await waitFor(
      'kubectl run in fresh',
      async () =>
        (await kubectl(kc, ['run', 'web', '-n', 'fresh', '--image=nginx', '--restart=Never'])).code === 0,
    );
    assert.deepEqual(await names(['get', 'pods', '-n', 'fresh']), ['web']);
    assert.ok(manager.output().includes('serviceaccount'), manager.output());
  });

  it('deletes a Deployment with its ReplicaSet and pods', async () => {
    await kubectlOk(kc, ['create', 'deployment', 'app', '-n', 'fresh', '--image=nginx', '--replicas=2']);
    await waitFor(
      'two pods of app',
      async () => (await names(['get', 'pods', '-n', 'fresh', '-l', 'app=app'])).length === 2,
    );
    await kubectlOk(kc, ['delete', 'deployment', 'app', '-n', 'fresh']);
    await waitFor('ReplicaSets and pods of app collected', async () => {
      const rs = await names(['get', 'rs', '-n', 'fresh']);
      const pods = await names(['get', 'pods', '-n', 'fresh', '-l', 'app=app']);
      return rs.length === 0 && pods.length === 0;
    });
  });

  it('empties and removes a deleted namespace', async () => {
    await kubectlOk(kc, ['delete', 'namespace', 'fresh', '--wait=false']);
    await waitFor(
      'namespace fresh gone',
      async () => (await kubectl(kc, ['get', 'namespace', 'fresh'])).code !== 0,
    );
  });

  it('gives a registered node its podCIDR', async () => {
    await kubectlOk(kc, ['apply', '-f', '-'], {
      input: JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'worker-1' } }),
    });
    await waitFor('podCIDR on worker-1', async () =>
      /^10\.42\.\d+\.0\/24$/.test(
        await kubectlOk(kc, ['get', 'node', 'worker-1', '-o', 'jsonpath={.spec.podCIDR}']),
      ),
    );
  });
});
