// Namespace lifecycle through a real `kts server`: the serviceaccount and root CA controllers
// fill a new namespace, and deleting it empties it (custom content, finalizers) until the
// namespace controller releases it and the namespace disappears.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { namespaceController } from '../src/controllers/namespace/index.ts';
import { rootCACertPublisher } from '../src/controllers/root-ca-cert-publisher/index.ts';
import { serviceAccountController } from '../src/controllers/serviceaccount/index.ts';
import { type RunningControllers, startControllers } from './support/controllers.ts';
import { type RunningServer, startServer } from './support/kts-server.ts';
import { kubectl, kubectlOk } from './support/kubectl.ts';
import { waitFor } from './support/wait.ts';
import { defineWidgets, widget } from './support/widget-crd.ts';

const CA = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n';

describe('namespace, serviceaccount and root-ca-cert-publisher controllers', { timeout: 180_000 }, () => {
  let server: RunningServer;
  let controllers: RunningControllers;
  let kc: string;
  before(async () => {
    server = await startServer();
    kc = server.kubeconfig;
    controllers = await startControllers(
      kc,
      [namespaceController, serviceAccountController, rootCACertPublisher],
      { rootCACert: CA },
    );
  });
  after(async () => {
    await controllers?.stop();
    await server?.stop();
  });

  it('gives every namespace a default ServiceAccount and kube-root-ca.crt', async () => {
    await kubectlOk(kc, ['create', 'namespace', 'fresh']);
    await waitFor(
      'default ServiceAccount in fresh',
      async () => (await kubectl(kc, ['get', 'sa', 'default', '-n', 'fresh'])).code === 0,
    );
    const cm = JSON.parse(
      await waitForOk(kc, ['get', 'configmap', 'kube-root-ca.crt', '-n', 'fresh', '-o', 'json']),
    );
    assert.equal(cm.data['ca.crt'], CA);
    assert.match(cm.metadata.annotations['kubernetes.io/description'], /^Contains a CA bundle/);
    // The system namespaces got theirs too, and a deleted account comes back.
    await waitFor(
      'default ServiceAccount in kube-system',
      async () => (await kubectl(kc, ['get', 'sa', 'default', '-n', 'kube-system'])).code === 0,
    );
    await kubectlOk(kc, ['delete', 'sa', 'default', '-n', 'fresh']);
    await waitFor(
      'default ServiceAccount recreated',
      async () => (await kubectl(kc, ['get', 'sa', 'default', '-n', 'fresh'])).code === 0,
    );
    await kubectlOk(kc, [
      'patch',
      'configmap',
      'kube-root-ca.crt',
      '-n',
      'fresh',
      '--type=merge',
      '-p',
      '{"data":{"ca.crt":"tampered"}}',
    ]);
    await waitFor(
      'kube-root-ca.crt restored',
      async () =>
        JSON.parse(await kubectlOk(kc, ['get', 'cm', 'kube-root-ca.crt', '-n', 'fresh', '-o', 'json'])).data[
          'ca.crt'
        ] === CA,
    );
  });

  it('empties a deleted namespace, waits for finalizers with conditions, then the namespace disappears', async () => {
    await kubectlOk(kc, ['create', 'namespace', 'doomed']);
    await kubectlOk(kc, ['create', 'configmap', 'plain', '-n', 'doomed', '--from-literal=a=b']);
    await kubectlOk(kc, ['create', 'secret', 'generic', 's', '-n', 'doomed', '--from-literal=a=b']);
    await kubectlOk(kc, ['create', 'deployment', 'web', '-n', 'doomed', '--image=nginx']);
    await kubectlOk(kc, ['create', 'service', 'clusterip', 'web', '-n', 'doomed', '--tcp=80:80']);
    await defineWidgets(kc);
    await kubectlOk(kc, ['apply', '-f', '-'], { input: widget('gadget', 'doomed') });
    await kubectlOk(kc, ['apply', '-f', '-'], {
      input: `apiVersion: v1
kind: ConfigMap
metadata:
  name: held
  namespace: doomed
  finalizers: ["example.com/hold"]
data: {a: b}
`,
    });
    await kubectlOk(kc, ['delete', 'namespace', 'doomed', '--wait=false']);
    // Everything but the held ConfigMap goes; the namespace says what it waits for.
    await waitFor('NamespaceFinalizersRemaining=True', async () => {
      const ns = JSON.parse(await kubectlOk(kc, ['get', 'namespace', 'doomed', '-o', 'json']));
      const c = (ns.status.conditions ?? []).find(
        (x: { type: string }) => x.type === 'NamespaceFinalizersRemaining',
      );
      return c?.status === 'True';
    });
    const ns = JSON.parse(await kubectlOk(kc, ['get', 'namespace', 'doomed', '-o', 'json']));
    assert.equal(ns.status.phase, 'Terminating');
    const conditions = new Map<string, { status: string; reason: string; message: string }>(
      ns.status.conditions.map((c: { type: string }) => [c.type, c]),
    );
    assert.equal(
      conditions.get('NamespaceFinalizersRemaining')!.message,
      'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances',
    );
    assert.equal(
      conditions.get('NamespaceContentRemaining')!.message,
      'Some resources are remaining: configmaps. has 1 resource instances',
    );
    assert.equal(conditions.get('NamespaceDeletionDiscoveryFailure')!.reason, 'ResourcesDiscovered');
    const left = await kubectlOk(kc, ['get', 'all,cm,secrets,widgets', '-n', 'doomed', '-o', 'name']);
    assert.equal(left.trim(), 'configmap/held');
    // Creating in a terminating namespace is refused by the API server meanwhile.
    const refused = await kubectl(kc, ['create', 'configmap', 'late', '-n', 'doomed']);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /because it is being terminated/);

    await kubectlOk(kc, [
      'patch',
      'configmap',
      'held',
      '-n',
      'doomed',
      '--type=json',
      '-p',
      '[{"op":"remove","path":"/metadata/finalizers"}]',
    ]);
    await waitFor(
      'namespace doomed gone',
      async () => (await kubectl(kc, ['get', 'namespace', 'doomed'])).code !== 0,
      60_000,
    );
    const gone = await kubectl(kc, ['get', 'namespace', 'doomed']);
    assert.match(gone.stderr, /namespaces "doomed" not found/);
  });
});

async function waitForOk(kc: string, args: string[]): Promise<string> {
  let out = '';
  await waitFor(`kubectl ${args.join(' ')}`, async () => {
    const r = await kubectl(kc, args);
    out = r.stdout;
    return r.code === 0;
  });
  return out;
}
