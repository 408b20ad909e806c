// Service account tokens through the real kubectl: `kubectl create token` (TokenRequest), its
// validation, and TokenReview accepting our tokens and refusing others; tokens survive a
// server restart (the signing key is kept in the data dir) but not their account's deletion.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type RunningServer, startServer } from './support/kts-server.ts';
import { kubectl, kubectlOk } from './support/kubectl.ts';

function claims(token: string): Record<string, any> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
}

async function review(kc: string, token: string): Promise<Record<string, any>> {
  const body = JSON.stringify({
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenReview',
    spec: { token },
  });
  return JSON.parse(await kubectlOk(kc, ['create', '-f', '-', '-o', 'json'], { input: body })).status;
}

describe('service account tokens', { timeout: 300_000 }, () => {
  let server: RunningServer;
  let kc: string;
  before(async () => {
    server = await startServer({ keepDataDir: true });
    kc = server.kubeconfig;
    await kubectlOk(kc, ['create', 'serviceaccount', 'robot']);
  });
  after(async () => {
    await server?.stop();
  });

  it('kubectl create token issues a JWT with upstream claims', async () => {
    const token = (await kubectlOk(kc, ['create', 'token', 'robot', '--duration=20m'])).trim();
    const c = claims(token);
    assert.equal(c.sub, 'system:serviceaccount:default:robot');
    assert.equal(c.iss, 'https://kubernetes.default.svc.cluster.local');
    assert.deepEqual(c.aud, ['https://kubernetes.default.svc.cluster.local']);
    assert.equal(c.exp - c.iat, 1200);
    assert.equal(c['kubernetes.io'].namespace, 'default');
    assert.equal(c['kubernetes.io'].serviceaccount.name, 'robot');
    const sa = JSON.parse(await kubectlOk(kc, ['get', 'sa', 'robot', '-o', 'json']));
    assert.equal(c['kubernetes.io'].serviceaccount.uid, sa.metadata.uid);
  });

  it('rejects durations under ten minutes and unknown accounts', async () => {
    const short = await kubectl(kc, ['create', 'token', 'robot', '--duration=5m']);
    assert.match(
      short.stderr,
      /spec\.expirationSeconds: Invalid value: 300: may not specify a duration less than 10 minutes/,
    );
    const missing = await kubectl(kc, ['create', 'token', 'nobody']);
    assert.match(missing.stderr, /serviceaccounts "nobody" not found/);
  });

  it('TokenReview authenticates our tokens and refuses forged ones', async () => {
    const token = (await kubectlOk(kc, ['create', 'token', 'robot'])).trim();
    const ok = await review(kc, token);
    assert.equal(ok.authenticated, true);
    assert.equal(ok.user.username, 'system:serviceaccount:default:robot');
    assert.deepEqual(ok.user.groups, [
      'system:serviceaccounts',
      'system:serviceaccounts:default',
      'system:authenticated',
    ]);
    const [h, p] = token.split('.');
    const forged = await review(kc, `${h}.${p}.${Buffer.from('not a signature').toString('base64url')}`);
    assert.equal(forged.authenticated, false);
  });

  it("pods get their ServiceAccount's imagePullSecrets unless they name their own", async () => {
    await kubectlOk(kc, ['create', 'serviceaccount', 'puller']);
    await kubectlOk(kc, ['patch', 'sa', 'puller', '-p', '{"imagePullSecrets":[{"name":"a"},{"name":"b"}]}']);
    const pod = (name: string, spec: Record<string, unknown>) =>
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name },
        spec: { serviceAccountName: 'puller', containers: [{ name: 'c', image: 'busybox' }], ...spec },
      });
    const created = async (name: string, spec: Record<string, unknown>) =>
      JSON.parse(await kubectlOk(kc, ['create', '-f', '-', '-o', 'json'], { input: pod(name, spec) })).spec;
    assert.deepEqual((await created('inherits', {})).imagePullSecrets, [{ name: 'a' }, { name: 'b' }]);
    // Copied whatever automount says: pull credentials are not the API token.
    const noToken = await created('no-token', { automountServiceAccountToken: false });
    assert.deepEqual(noToken.imagePullSecrets, [{ name: 'a' }, { name: 'b' }]);
    assert.equal(noToken.volumes, undefined);
    assert.deepEqual((await created('own', { imagePullSecrets: [{ name: 'mine' }] })).imagePullSecrets, [
      { name: 'mine' },
    ]);
    await kubectlOk(kc, ['delete', 'pod', 'inherits', 'no-token', 'own', '--wait=false']);
  });

  it('tokens outlive a server restart but not the deletion of their account', async () => {
    const token = (await kubectlOk(kc, ['create', 'token', 'robot'])).trim();
    const dataDir = server.dataDir;
    await server.stop();
    server = await startServer({ dataDir, keepDataDir: false });
    kc = server.kubeconfig;
    assert.equal((await review(kc, token)).authenticated, true);
    await kubectlOk(kc, ['delete', 'sa', 'robot']);
    assert.equal((await review(kc, token)).authenticated, false);
  });
});
