// The real kubectl against a real `kts server` (one server for the whole suite): the
// everyday commands, and the errors kubectl prints for bad input, as against a real cluster.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type RunningServer, startServer } from './support/kts-server.ts';
import { kubectl, kubectlOk } from './support/kubectl.ts';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-deployment
  labels:
    app: nginx
spec:
  replicas: 3
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.14.2
        ports:
        - containerPort: 80
`;

describe('kubectl basics against kts server', { timeout: 300_000 }, () => {
  let server: RunningServer;
  let kc: string;
  before(async () => {
    server = await startServer();
    kc = server.kubeconfig;
  });
  after(async () => {
    await server?.stop();
  });

  it('reports the server version as 1.32', async () => {
    const out = await kubectlOk(kc, ['version', '-o', 'json']);
    const v = JSON.parse(out) as { serverVersion: { major: string; minor: string; gitVersion: string } };
    assert.equal(v.serverVersion.major, '1');
    assert.equal(v.serverVersion.minor, '32');
    assert.match(v.serverVersion.gitVersion, /^v1\.32\.\d+/);
  });

  it('has the system namespaces and the kubernetes service', async () => {
    const ns = await kubectlOk(kc, ['get', 'ns', '-o', 'jsonpath={.items[*].metadata.name}']);
    assert.deepEqual(ns.split(' ').sort(), ['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    const svc = await kubectlOk(kc, ['get', 'svc', 'kubernetes', '-n', 'default']);
    assert.match(svc, /^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\n/);
    assert.match(svc, /kubernetes\s+ClusterIP\s+10\.43\.0\.1\s+<none>\s+443\/TCP\s+\d+s/);
  });

  it('lists api-resources with upstream columns', async () => {
    const out = await kubectlOk(kc, ['api-resources']);
    assert.match(out, /^NAME\s+SHORTNAMES\s+APIVERSION\s+NAMESPACED\s+KIND/);
    assert.match(out, /\ndeployments\s+deploy\s+apps\/v1\s+true\s+Deployment\n/);
    assert.match(out, /\npods\s+po\s+v1\s+true\s+Pod\n/);
  });

  it('creates a Deployment from the docs manifest, with upstream defaults', async () => {
    const created = await kubectlOk(kc, ['create', '-f', '-'], { input: DEPLOYMENT });
    assert.equal(created.trim(), 'deployment.apps/nginx-deployment created');
    const obj = JSON.parse(await kubectlOk(kc, ['get', 'deploy', 'nginx-deployment', '-o', 'json']));
    assert.equal(obj.metadata.generation, 1);
    assert.equal(obj.spec.strategy.type, 'RollingUpdate');
    assert.equal(obj.spec.strategy.rollingUpdate.maxSurge, '25%');
    assert.equal(obj.spec.revisionHistoryLimit, 10);
    assert.equal(obj.spec.progressDeadlineSeconds, 600);
    const c = obj.spec.template.spec.containers[0];
    assert.equal(c.imagePullPolicy, 'IfNotPresent');
    assert.equal(c.terminationMessagePath, '/dev/termination-log');
    assert.equal(c.ports[0].protocol, 'TCP');
    assert.equal(obj.spec.template.spec.restartPolicy, 'Always');
    const wide = await kubectlOk(kc, ['get', 'deploy', '-o', 'wide']);
    assert.match(wide, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR\n/);
    assert.match(wide, /nginx-deployment\s+0\/3\s+0\s+0\s+\d+s\s+nginx\s+nginx:1\.14\.2\s+app=nginx/);
  });

  it('refuses to create the same object twice (409 AlreadyExists)', async () => {
    const r = await kubectl(kc, ['create', '-f', '-'], { input: DEPLOYMENT });
    assert.notEqual(r.code, 0);
    assert.match(
      r.stderr,
      /Error from server \(AlreadyExists\).*deployments\.apps "nginx-deployment" already exists/,
    );
  });

  it('labels, annotates and scales (merge patches and the scale subresource)', async () => {
    assert.match(await kubectlOk(kc, ['label', 'deploy', 'nginx-deployment', 'tier=web']), /labeled/);
    assert.match(
      await kubectlOk(kc, ['annotate', 'deploy', 'nginx-deployment', 'owner=team-a']),
      /annotated/,
    );
    assert.match(await kubectlOk(kc, ['scale', 'deploy', 'nginx-deployment', '--replicas=5']), /scaled/);
    const obj = JSON.parse(await kubectlOk(kc, ['get', 'deploy', 'nginx-deployment', '-o', 'json']));
    assert.equal(obj.metadata.labels.tier, 'web');
    assert.equal(obj.metadata.annotations.owner, 'team-a');
    assert.equal(obj.spec.replicas, 5);
    // Upstream bumps a Deployment's generation on spec and on annotation changes (not on labels).
    assert.equal(obj.metadata.generation, 3);
    const selected = await kubectlOk(kc, ['get', 'deploy', '-l', 'tier=web', '-o', 'name']);
    assert.equal(selected.trim(), 'deployment.apps/nginx-deployment');
    const none = await kubectl(kc, ['get', 'deploy', '-l', 'tier=db']);
    assert.match(none.stderr, /No resources found in default namespace\./);
  });

  it('rejects invalid objects with 422 and the field path', async () => {
    const bad = DEPLOYMENT.replace('name: nginx-deployment', 'name: Bad_Name').replace(
      'replicas: 3',
      'replicas: -1',
    );
    const r = await kubectl(kc, ['create', '-f', '-'], { input: bad });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /The Deployment "Bad_Name" is invalid:/);
    assert.match(r.stderr, /metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
    assert.match(r.stderr, /spec\.replicas: Invalid value: -1: must be greater than or equal to 0/);
  });

  it('answers 404 for objects and namespaces that do not exist', async () => {
    const r = await kubectl(kc, ['get', 'deploy', 'nope']);
    assert.match(r.stderr, /Error from server \(NotFound\): deployments\.apps "nope" not found/);
    const ns = await kubectl(kc, ['create', '-f', '-', '-n', 'missing'], { input: DEPLOYMENT });
    assert.match(ns.stderr, /namespaces "missing" not found/);
  });

  it('deletes', async () => {
    const out = await kubectlOk(kc, ['delete', 'deploy', 'nginx-deployment']);
    assert.equal(out.trim(), 'deployment.apps "nginx-deployment" deleted');
    const r = await kubectl(kc, ['get', 'deploy', 'nginx-deployment']);
    assert.match(r.stderr, /NotFound/);
  });
});
