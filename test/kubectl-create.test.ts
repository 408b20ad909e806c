// kubectl's generators against kts: `create <kind>` (their bodies arrive as protobuf), `run`
// (client and server dry runs) and `expose`; the objects stored are checked field by field.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { type RunningServer, startServer } from './support/kts-server.ts';
import { kubectl, kubectlOk } from './support/kubectl.ts';
import { parseTable } from './support/table.ts';

/** A self-signed certificate and its key, PEM, for `create secret tls` (openssl, as the client tests do). */
function selfSigned(dir: string): { cert: string; key: string } {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=example.test',
      '-keyout',
      'tls.key',
      '-out',
      'tls.crt',
    ],
    { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return {
    cert: readFileSync(join(dir, 'tls.crt'), 'utf8'),
    key: readFileSync(join(dir, 'tls.key'), 'utf8'),
  };
}

describe('kubectl create, run and expose against kts server', { timeout: 300_000 }, () => {
  let server: RunningServer;
  let kc: string;
  let dir: string;
  const ns = ['-n', 'gen'];
  const ok = (args: string[]) => kubectlOk(kc, [...ns, ...args]);
  const get = async (what: string) => JSON.parse(await kubectlOk(kc, [...ns, 'get', what, '-o', 'json']));
  before(async () => {
    server = await startServer();
    kc = server.kubeconfig;
    dir = mkdtempSync(join(tmpdir(), 'kts-create-'));
    assert.equal(await kubectlOk(kc, ['create', 'namespace', 'gen']), 'namespace/gen created\n');
  });
  after(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('create deployment, job, cronjob and job --from=cronjob', async () => {
    assert.equal(
      await ok(['create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=2', '--port=80']),
      'deployment.apps/web created\n',
    );
    const d = await get('deploy/web');
    assert.deepEqual(d.metadata.labels, { app: 'web' });
    assert.deepEqual(d.spec.selector, { matchLabels: { app: 'web' } });
    assert.equal(d.spec.replicas, 2);
    assert.deepEqual(d.spec.template.spec.containers[0].ports, [{ containerPort: 80, protocol: 'TCP' }]);
    assert.equal(d.spec.template.spec.containers[0].name, 'nginx');

    assert.equal(
      await ok(['create', 'job', 'once', '--image=busybox', '--', 'echo', 'hi']),
      'job.batch/once created\n',
    );
    const job = await get('job/once');
    assert.deepEqual(job.spec.template.spec.containers[0].command, ['echo', 'hi']);
    assert.equal(job.spec.template.spec.restartPolicy, 'Never');

    assert.equal(
      await ok(['create', 'cronjob', 'tick', '--image=busybox', '--schedule=*/5 * * * *', '--', 'date']),
      'cronjob.batch/tick created\n',
    );
    const cj = await get('cronjob/tick');
    assert.equal(cj.spec.schedule, '*/5 * * * *');
    assert.equal(cj.spec.jobTemplate.spec.template.spec.restartPolicy, 'OnFailure');

    assert.equal(await ok(['create', 'job', 'manual', '--from=cronjob/tick']), 'job.batch/manual created\n');
    const manual = await get('job/manual');
    assert.equal(manual.metadata.annotations['cronjob.kubernetes.io/instantiate'], 'manual');
    assert.deepEqual(
      manual.metadata.ownerReferences.map(
        (o: { kind: string; name: string; controller: boolean; uid: string }) => [
          o.kind,
          o.name,
          o.controller,
          o.uid,
        ],
      ),
      [['CronJob', 'tick', true, cj.metadata.uid]],
    );
  });

  it('create configmap and secrets (generic, tls, docker-registry)', async () => {
    const file = join(dir, 'app.properties');
    writeFileSync(file, 'a=1\nb=2\n');
    assert.equal(
      await ok(['create', 'configmap', 'cfg', '--from-literal=mode=fast', `--from-file=${file}`]),
      'configmap/cfg created\n',
    );
    assert.deepEqual((await get('cm/cfg')).data, { 'app.properties': 'a=1\nb=2\n', mode: 'fast' });

    assert.equal(
      await ok(['create', 'secret', 'generic', 'gs', '--from-literal=password=s3cret']),
      'secret/gs created\n',
    );
    const gs = await get('secret/gs');
    assert.equal(gs.type, 'Opaque');
    assert.deepEqual(gs.data, { password: Buffer.from('s3cret').toString('base64') });

    const { cert, key } = selfSigned(dir);
    assert.equal(
      await ok([
        'create',
        'secret',
        'tls',
        'tlss',
        `--cert=${join(dir, 'tls.crt')}`,
        `--key=${join(dir, 'tls.key')}`,
      ]),
      'secret/tlss created\n',
    );
    const tls = await get('secret/tlss');
    assert.equal(tls.type, 'kubernetes.io/tls');
    assert.equal(Buffer.from(tls.data['tls.crt'], 'base64').toString(), cert);
    assert.equal(Buffer.from(tls.data['tls.key'], 'base64').toString(), key);

    assert.equal(
      await ok([
        'create',
        'secret',
        'docker-registry',
        'reg',
        '--docker-server=registry.example.test',
        '--docker-username=u',
        '--docker-password=p',
      ]),
      'secret/reg created\n',
    );
    const reg = await get('secret/reg');
    assert.equal(reg.type, 'kubernetes.io/dockerconfigjson');
    const config = JSON.parse(Buffer.from(reg.data['.dockerconfigjson'], 'base64').toString());
    assert.equal(config.auths['registry.example.test'].username, 'u');
    assert.equal(config.auths['registry.example.test'].auth, Buffer.from('u:p').toString('base64'));

    const table = parseTable(await ok(['get', 'secrets']));
    assert.deepEqual(
      table.map((r) => [r.NAME, r.TYPE, r.DATA]),
      [
        ['gs', 'Opaque', '1'],
        ['reg', 'kubernetes.io/dockerconfigjson', '1'],
        ['tlss', 'kubernetes.io/tls', '2'],
      ],
    );
    // A tls secret must carry both keys.
    const broken = await kubectl(kc, [...ns, 'create', '-f', '-'], {
      input:
        'apiVersion: v1\nkind: Secret\nmetadata:\n  name: broken\ntype: kubernetes.io/tls\ndata:\n  tls.crt: eA==\n',
    });
    assert.match(broken.stderr, /The Secret "broken" is invalid: data\[tls\.key\]: Required value/);
  });

  it('create service clusterip, nodeport and headless (clusterip None)', async () => {
    assert.equal(
      await ok(['create', 'service', 'clusterip', 'cip', '--tcp=80:8080']),
      'service/cip created\n',
    );
    const cip = await get('svc/cip');
    assert.equal(cip.spec.type, 'ClusterIP');
    assert.match(cip.spec.clusterIP, /^10\.43\./);
    assert.deepEqual(cip.spec.ports, [{ name: '80-8080', port: 80, protocol: 'TCP', targetPort: 8080 }]);
    assert.deepEqual(cip.spec.selector, { app: 'cip' });

    assert.equal(await ok(['create', 'service', 'nodeport', 'np', '--tcp=80:8080']), 'service/np created\n');
    const np = await get('svc/np');
    assert.equal(np.spec.type, 'NodePort');
    assert.ok(np.spec.ports[0].nodePort >= 30000 && np.spec.ports[0].nodePort <= 32767);
    assert.equal(np.spec.externalTrafficPolicy, 'Cluster');

    assert.equal(
      await ok(['create', 'service', 'clusterip', 'headless', '--clusterip=None']),
      'service/headless created\n',
    );
    const headless = await get('svc/headless');
    assert.equal(headless.spec.clusterIP, 'None');
    assert.deepEqual(headless.spec.clusterIPs, ['None']);

    const rows = parseTable(await ok(['get', 'svc']));
    assert.deepEqual(
      rows.map((r) => [r.NAME, r.TYPE, r['EXTERNAL-IP'], r['PORT(S)']]),
      [
        ['cip', 'ClusterIP', '<none>', '80/TCP'],
        ['headless', 'ClusterIP', '<none>', '<none>'],
        ['np', 'NodePort', '<none>', `80:${np.spec.ports[0].nodePort}/TCP`],
      ],
    );
    const taken = await kubectl(kc, [
      ...ns,
      'create',
      'service',
      'nodeport',
      'np2',
      '--tcp=81:8080',
      `--node-port=${np.spec.ports[0].nodePort}`,
    ]);
    assert.equal(taken.code, 1);
    assert.equal(
      taken.stderr,
      `error: failed to create NodePort service: Service "np2" is invalid: spec.ports[0].nodePort: Invalid value: ${np.spec.ports[0].nodePort}: provided port is already allocated\n`,
    );
  });

  it('create namespace, serviceaccount, role, rolebinding, clusterrole, clusterrolebinding', async () => {
    assert.equal(await kubectlOk(kc, ['create', 'namespace', 'extra']), 'namespace/extra created\n');
    assert.equal(await ok(['create', 'serviceaccount', 'robot']), 'serviceaccount/robot created\n');
    assert.equal(
      await ok(['create', 'role', 'reader', '--verb=get,list,watch', '--resource=pods,deployments.apps']),
      'role.rbac.authorization.k8s.io/reader created\n',
    );
    assert.deepEqual((await get('role/reader')).rules, [
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'watch'] },
    ]);
    assert.equal(
      await ok([
        'create',
        'rolebinding',
        'read',
        '--role=reader',
        '--user=jane',
        '--serviceaccount=gen:robot',
      ]),
      'rolebinding.rbac.authorization.k8s.io/read created\n',
    );
    assert.deepEqual((await get('rolebinding/read')).subjects, [
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'jane' },
      { kind: 'ServiceAccount', name: 'robot', namespace: 'gen' },
    ]);
    assert.equal(
      await kubectlOk(kc, ['create', 'clusterrole', 'node-viewer', '--verb=get,list', '--resource=nodes']),
      'clusterrole.rbac.authorization.k8s.io/node-viewer created\n',
    );
    assert.deepEqual(
      JSON.parse(await kubectlOk(kc, ['get', 'clusterrole', 'node-viewer', '-o', 'json'])).rules,
      [{ apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list'] }],
    );
    assert.equal(
      await kubectlOk(kc, [
        'create',
        'clusterrolebinding',
        'view-nodes',
        '--clusterrole=node-viewer',
        '--group=devs',
      ]),
      'clusterrolebinding.rbac.authorization.k8s.io/view-nodes created\n',
    );
    const wide = parseTable(
      await kubectlOk(kc, ['get', 'clusterrolebinding', 'view-nodes', '-o', 'wide']),
    )[0]!;
    assert.deepEqual(
      [wide.ROLE, wide.USERS, wide.GROUPS, wide.SERVICEACCOUNTS],
      ['ClusterRole/node-viewer', '', 'devs', ''],
    );
    const bindings = parseTable(await ok(['get', 'rolebinding', '-o', 'wide']))[0]!;
    assert.deepEqual(
      [bindings.ROLE, bindings.USERS, bindings.SERVICEACCOUNTS],
      ['Role/reader', 'jane', 'gen/robot'],
    );
  });

  it('create quota, priorityclass, pdb and ingress', async () => {
    assert.equal(
      await ok(['create', 'quota', 'q', '--hard=pods=10,requests.cpu=2,limits.memory=1Gi']),
      'resourcequota/q created\n',
    );
    assert.deepEqual((await get('quota/q')).spec.hard, {
      'limits.memory': '1Gi',
      pods: '10',
      'requests.cpu': '2',
    });
    assert.equal(
      await kubectlOk(kc, [
        'create',
        'priorityclass',
        'high',
        '--value=1000',
        '--description=important things',
      ]),
      'priorityclass.scheduling.k8s.io/high created\n',
    );
    const pc = JSON.parse(await kubectlOk(kc, ['get', 'pc', 'high', '-o', 'json']));
    // globalDefault false is omitted (omitempty), as upstream stores it.
    assert.deepEqual(
      [pc.value, pc.description, pc.globalDefault, pc.preemptionPolicy],
      [1000, 'important things', undefined, 'PreemptLowerPriority'],
    );
    assert.equal(parseTable(await kubectlOk(kc, ['get', 'pc', 'high']))[0]!['GLOBAL-DEFAULT'], 'false');
    assert.equal(
      await ok(['create', 'pdb', 'web-pdb', '--selector=app=web', '--min-available=1']),
      'poddisruptionbudget.policy/web-pdb created\n',
    );
    const pdb = await get('pdb/web-pdb');
    assert.deepEqual(pdb.spec, { minAvailable: 1, selector: { matchLabels: { app: 'web' } } });
    assert.deepEqual(
      parseTable(await ok(['get', 'pdb'])).map((r) => [
        r.NAME,
        r['MIN AVAILABLE'],
        r['MAX UNAVAILABLE'],
        r['ALLOWED DISRUPTIONS'],
      ]),
      [['web-pdb', '1', 'N/A', '0']],
    );
    assert.equal(
      await ok([
        'create',
        'ingress',
        'site',
        '--class=nginx',
        '--rule=shop.example.test/api*=api:8080',
        '--rule=shop.example.test/=web:80,tls',
      ]),
      'ingress.networking.k8s.io/site created\n',
    );
    const ing = await get('ingress/site');
    assert.equal(ing.spec.ingressClassName, 'nginx');
    assert.deepEqual(ing.spec.rules[0].http.paths, [
      { backend: { service: { name: 'api', port: { number: 8080 } } }, path: '/api', pathType: 'Prefix' },
      { backend: { service: { name: 'web', port: { number: 80 } } }, path: '/', pathType: 'Exact' },
    ]);
    assert.deepEqual(ing.spec.tls, [{ hosts: ['shop.example.test'] }]);
    const row = parseTable(await ok(['get', 'ingress', 'site']))[0]!;
    assert.deepEqual(
      [row.CLASS, row.HOSTS, row.ADDRESS, row.PORTS],
      ['nginx', 'shop.example.test', '', '80, 443'],
    );
  });

  it('run: client dry run prints the generated Pod; server dry run the admitted one; then for real', async () => {
    const client = await ok(['run', 'p', '--image=nginx', '--dry-run=client', '-o', 'yaml']);
    assert.equal(
      client,
      'apiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: null\n  labels:\n    run: p\n  name: p\n  namespace: gen\nspec:\n  containers:\n  - image: nginx\n    name: p\n    resources: {}\n  dnsPolicy: ClusterFirst\n  restartPolicy: Always\nstatus: {}\n',
    );
    const missingSa = await kubectl(kc, [...ns, 'run', 'p', '--image=nginx']);
    assert.equal(
      missingSa.stderr,
      'Error from server (Forbidden): pods "p" is forbidden: error looking up service account gen/default: serviceaccount "default" not found\n',
    );
    await ok(['create', 'serviceaccount', 'default']);
    const server = parseYaml(
      await ok([
        'run',
        'p',
        '--image=nginx',
        '--labels=app=p',
        '--port=80',
        '--dry-run=server',
        '-o',
        'yaml',
      ]),
    );
    assert.ok(server.metadata.uid);
    assert.equal(server.metadata.resourceVersion, undefined);
    const spec = server.spec;
    assert.equal(spec.containers[0].imagePullPolicy, 'Always');
    assert.deepEqual(spec.containers[0].ports, [{ containerPort: 80, protocol: 'TCP' }]);
    assert.equal(spec.serviceAccountName, 'default');
    assert.equal(spec.schedulerName, 'default-scheduler');
    assert.equal(spec.enableServiceLinks, true);
    assert.equal(spec.priority, 0);
    assert.deepEqual(
      spec.tolerations.map(
        (t: { key: string; tolerationSeconds: number }) => `${t.key}:${t.tolerationSeconds}`,
      ),
      ['node.kubernetes.io/not-ready:300', 'node.kubernetes.io/unreachable:300'],
    );
    assert.match(spec.volumes[0].name, /^kube-api-access-[a-z0-9]{5}$/);
    assert.deepEqual(server.status, { phase: 'Pending', qosClass: 'BestEffort' });
    assert.equal((await kubectl(kc, [...ns, 'get', 'pod', 'p'])).code, 1);

    assert.equal(await ok(['run', 'p', '--image=nginx', '--labels=app=p', '--port=80']), 'pod/p created\n');
    const row = parseTable(await ok(['get', 'pod', 'p', '-o', 'wide']))[0]!;
    assert.deepEqual(
      [row.READY, row.STATUS, row.RESTARTS, row.IP, row.NODE, row['NOMINATED NODE'], row['READINESS GATES']],
      ['0/1', 'Pending', '0', '<none>', '<none>', '<none>', '<none>'],
    );
  });

  it('expose a pod and a deployment as services', async () => {
    assert.equal(
      await ok(['expose', 'pod', 'p', '--port=8080', '--target-port=80', '--name=p-svc']),
      'service/p-svc exposed\n',
    );
    const p = await get('svc/p-svc');
    assert.deepEqual(p.spec.selector, { app: 'p' });
    assert.deepEqual(p.spec.ports, [{ port: 8080, protocol: 'TCP', targetPort: 80 }]);
    assert.equal(
      await ok(['expose', 'deploy', 'web', '--port=80', '--type=NodePort']),
      'service/web exposed\n',
    );
    const web = await get('svc/web');
    assert.equal(web.spec.type, 'NodePort');
    assert.deepEqual(web.spec.selector, { app: 'web' });
    assert.equal(web.spec.ports[0].targetPort, 80);
    const again = await kubectl(kc, [...ns, 'expose', 'deploy', 'web', '--port=80']);
    assert.equal(again.stderr, 'Error from server (AlreadyExists): services "web" already exists\n');
  });
});
