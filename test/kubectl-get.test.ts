// `kubectl get` against kts: the server's Table columns as kubectl prints them, every output
// format, label columns, sorting, all namespaces, paging, selectors, the messages for nothing
// found, and watches (`-w`, `--output-watch-events`, `--watch-only`).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { type RunningServer, startServer } from './support/kts-server.ts';
import { kubectl, kubectlOk } from './support/kubectl.ts';
import { type KubectlProcess, startKubectl, until, watching } from './support/kubectl-process.ts';
import { headerOf, maskAges, parseTable } from './support/table.ts';

describe('kubectl get against kts server', { timeout: 300_000 }, () => {
  let server: RunningServer;
  let kc: string;
  const watchers: KubectlProcess[] = [];
  before(async () => {
    server = await startServer();
    kc = server.kubeconfig;
    await kubectlOk(kc, ['create', 'namespace', 'shop']);
    await kubectlOk(kc, ['create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=2', '-n', 'shop']);
    await kubectlOk(kc, [
      'create',
      'deployment',
      'api',
      '--image=busybox',
      '-n',
      'shop',
      '--',
      'sleep',
      '3600',
    ]);
    for (const [name, tier, extra] of [
      ['colors', 'front', ['--from-literal=red=ff0000', '--from-literal=green=00ff00']],
      ['sizes', 'back', ['--from-literal=s=1']],
      ['empty', 'back', []],
    ] as const) {
      await kubectlOk(kc, ['create', 'configmap', name, '-n', 'shop', ...extra]);
      await kubectlOk(kc, ['label', 'configmap', name, '-n', 'shop', `tier=${tier}`, 'app=shop']);
    }
    await kubectlOk(kc, ['create', 'service', 'clusterip', 'web', '--tcp=80:8080', '-n', 'shop']);
  });
  after(async () => {
    for (const w of watchers) await w.stop();
    await server?.stop();
  });

  it('default table: upstream columns and cells', async () => {
    const out = await kubectlOk(kc, ['get', 'configmaps', '-n', 'shop']);
    assert.deepEqual(headerOf(out), ['NAME', 'DATA', 'AGE']);
    assert.deepEqual(maskAges(parseTable(out)), [
      { NAME: 'colors', DATA: '2', AGE: '<age>' },
      { NAME: 'empty', DATA: '0', AGE: '<age>' },
      { NAME: 'sizes', DATA: '1', AGE: '<age>' },
    ]);
    // Columns are separated by three spaces at the widest cell (kubectl's tabwriter).
    assert.match(out, /^NAME {5}DATA {3}AGE\ncolors {3}2 {6}\S+\n/);
    const deploys = await kubectlOk(kc, ['get', 'deploy', '-n', 'shop']);
    assert.deepEqual(maskAges(parseTable(deploys)), [
      { NAME: 'api', READY: '0/1', 'UP-TO-DATE': '0', AVAILABLE: '0', AGE: '<age>' },
      { NAME: 'web', READY: '0/2', 'UP-TO-DATE': '0', AVAILABLE: '0', AGE: '<age>' },
    ]);
  });

  it('-o wide adds the priority columns', async () => {
    const out = await kubectlOk(kc, ['get', 'deploy', '-n', 'shop', '-o', 'wide']);
    assert.deepEqual(headerOf(out), [
      'NAME',
      'READY',
      'UP-TO-DATE',
      'AVAILABLE',
      'AGE',
      'CONTAINERS',
      'IMAGES',
      'SELECTOR',
    ]);
    const web = parseTable(out).find((r) => r.NAME === 'web')!;
    assert.deepEqual([web.CONTAINERS, web.IMAGES, web.SELECTOR], ['nginx', 'nginx:1.25', 'app=web']);
    const svc = parseTable(await kubectlOk(kc, ['get', 'svc', 'web', '-n', 'shop', '-o', 'wide']))[0]!;
    assert.equal(svc.TYPE, 'ClusterIP');
    assert.equal(svc['PORT(S)'], '80/TCP');
    assert.equal(svc.SELECTOR, 'app=web');
    assert.equal(svc['EXTERNAL-IP'], '<none>');
  });

  it('-o yaml and -o json: one object, or a List of several', async () => {
    const one = parseYaml(await kubectlOk(kc, ['get', 'cm', 'colors', '-n', 'shop', '-o', 'yaml']));
    assert.equal(one.apiVersion, 'v1');
    assert.equal(one.kind, 'ConfigMap');
    assert.deepEqual(one.data, { green: '00ff00', red: 'ff0000' });
    assert.match(one.metadata.resourceVersion, /^\d+$/);
    // managedFields are hidden unless asked for.
    assert.equal(one.metadata.managedFields, undefined);
    const list = JSON.parse(await kubectlOk(kc, ['get', 'cm', '-n', 'shop', '-o', 'json']));
    assert.equal(list.apiVersion, 'v1');
    assert.equal(list.kind, 'List');
    assert.deepEqual(
      list.items.map((i: { kind: string; metadata: { name: string } }) => `${i.kind}/${i.metadata.name}`),
      ['ConfigMap/colors', 'ConfigMap/empty', 'ConfigMap/sizes'],
    );
    assert.deepEqual(list.metadata, { resourceVersion: '' });
    const mixed = JSON.parse(
      await kubectlOk(kc, ['get', 'deploy/web', 'cm/sizes', '-n', 'shop', '-o', 'json']),
    );
    assert.deepEqual(
      mixed.items.map((i: { apiVersion: string; kind: string }) => `${i.apiVersion} ${i.kind}`),
      ['apps/v1 Deployment', 'v1 ConfigMap'],
    );
    const managed = JSON.parse(
      await kubectlOk(kc, ['get', 'cm', 'colors', '-n', 'shop', '-o', 'json', '--show-managed-fields']),
    );
    assert.deepEqual(
      managed.metadata.managedFields.map((f: { manager: string; operation: string }) => [
        f.manager,
        f.operation,
      ]),
      [
        ['kubectl-create', 'Update'],
        ['kubectl-label', 'Update'],
      ],
    );
  });

  it('-o jsonpath, -o custom-columns and -o name', async () => {
    const names = await kubectlOk(kc, [
      'get',
      'cm',
      '-n',
      'shop',
      '-o',
      'jsonpath={.items[*].metadata.name}',
    ]);
    assert.equal(names, 'colors empty sizes');
    const ranged = await kubectlOk(kc, [
      'get',
      'deploy',
      '-n',
      'shop',
      '-o',
      'jsonpath={range .items[*]}{.metadata.name}={.spec.replicas}{"\\n"}{end}',
    ]);
    assert.equal(ranged, 'api=1\nweb=2\n');
    const filtered = await kubectlOk(kc, [
      'get',
      'cm',
      '-n',
      'shop',
      '-o',
      'jsonpath={.items[?(@.metadata.labels.tier=="back")].metadata.name}',
    ]);
    assert.equal(filtered, 'sizes empty'.split(' ').sort().join(' '));
    const columns = await kubectlOk(kc, [
      'get',
      'cm',
      '-n',
      'shop',
      '-o',
      'custom-columns=NAME:.metadata.name,TIER:.metadata.labels.tier,RED:.data.red',
    ]);
    assert.equal(
      columns,
      'NAME     TIER    RED\ncolors   front   ff0000\nempty    back    <none>\nsizes    back    <none>\n',
    );
    assert.equal(
      await kubectlOk(kc, ['get', 'cm,deploy', '-n', 'shop', '-o', 'name']),
      'configmap/colors\nconfigmap/empty\nconfigmap/sizes\ndeployment.apps/api\ndeployment.apps/web\n',
    );
  });

  it('--show-labels, -L, --sort-by and -l', async () => {
    const labels = parseTable(await kubectlOk(kc, ['get', 'cm', '-n', 'shop', '--show-labels']));
    assert.equal(labels[0]!.LABELS, 'app=shop,tier=front');
    const columns = await kubectlOk(kc, ['get', 'cm', '-n', 'shop', '-L', 'tier', '-L', 'missing']);
    assert.deepEqual(headerOf(columns), ['NAME', 'DATA', 'AGE', 'TIER', 'MISSING']);
    assert.deepEqual(
      parseTable(columns).map((r) => [r.NAME, r.TIER, r.MISSING]),
      [
        ['colors', 'front', ''],
        ['empty', 'back', ''],
        ['sizes', 'back', ''],
      ],
    );
    const sorted = parseTable(
      await kubectlOk(kc, ['get', 'deploy', '-n', 'shop', '--sort-by=.spec.replicas']),
    );
    assert.deepEqual(
      sorted.map((r) => r.NAME),
      ['api', 'web'],
    );
    const byTier = await kubectlOk(kc, [
      'get',
      'cm',
      '-n',
      'shop',
      '--sort-by={.metadata.labels.tier}',
      '-o',
      'name',
    ]);
    assert.deepEqual(byTier.trim().split('\n').at(-1), 'configmap/colors');
    const selected = await kubectlOk(kc, [
      'get',
      'cm',
      '-n',
      'shop',
      '-l',
      'tier=back,app in (shop)',
      '-o',
      'name',
    ]);
    assert.equal(selected, 'configmap/empty\nconfigmap/sizes\n');
    const notIn = await kubectlOk(kc, ['get', 'cm', '-n', 'shop', '-l', '!tier', '-o', 'name']);
    assert.equal(notIn, '');
    const byField = await kubectlOk(kc, [
      'get',
      'cm',
      '-n',
      'shop',
      '--field-selector',
      'metadata.name!=colors',
      '-o',
      'name',
    ]);
    assert.equal(byField, 'configmap/empty\nconfigmap/sizes\n');
  });

  it('-A adds the NAMESPACE column; nothing found is reported as upstream does', async () => {
    const all = await kubectlOk(kc, ['get', 'deploy', '-A']);
    assert.deepEqual(headerOf(all), ['NAMESPACE', 'NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
    assert.deepEqual(
      parseTable(all).map((r) => `${r.NAMESPACE}/${r.NAME}`),
      ['shop/api', 'shop/web'],
    );
    const svcs = parseTable(await kubectlOk(kc, ['get', 'svc', '--all-namespaces']));
    assert.deepEqual(
      svcs.map((r) => `${r.NAMESPACE}/${r.NAME}`),
      ['default/kubernetes', 'shop/web'],
    );

    const none = await kubectl(kc, ['get', 'pods']);
    assert.equal(none.code, 0);
    assert.equal(none.stdout, '');
    assert.equal(none.stderr, 'No resources found in default namespace.\n');
    const noneAll = await kubectl(kc, ['get', 'pods', '-A']);
    assert.equal(noneAll.stderr, 'No resources found\n');
    const noneLabelled = await kubectl(kc, ['get', 'cm', '-n', 'shop', '-l', 'tier=none']);
    assert.equal(noneLabelled.stderr, 'No resources found in shop namespace.\n');
    const missing = await kubectl(kc, ['get', 'deploy', 'nope', '-n', 'shop']);
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr, 'Error from server (NotFound): deployments.apps "nope" not found\n');
    const missingNs = await kubectl(kc, ['get', 'namespace', 'nope']);
    assert.equal(missingNs.stderr, 'Error from server (NotFound): namespaces "nope" not found\n');
    const unknown = await kubectl(kc, ['get', 'widgets']);
    assert.equal(unknown.stderr, 'error: the server doesn\'t have a resource type "widgets"\n');
  });

  it('--chunk-size pages through limit/continue and prints one table', async () => {
    for (let i = 0; i < 5; i++) await kubectlOk(kc, ['create', 'configmap', `page-${i}`, '-n', 'shop']);
    const r = await kubectl(kc, ['get', 'cm', '-n', 'shop', '--chunk-size=2', '-v=6']);
    assert.equal(r.code, 0, r.stderr);
    const requests = r.stderr.split('\n').filter((l) => /GET \S+\/configmaps\?/.test(l));
    assert.equal(requests.length, 4);
    assert.match(requests[0]!, /configmaps\?limit=2 200 OK/);
    assert.match(requests[1]!, /configmaps\?continue=[\w-]+&limit=2 200 OK/);
    assert.deepEqual(
      parseTable(r.stdout).map((row) => row.NAME),
      ['colors', 'empty', 'page-0', 'page-1', 'page-2', 'page-3', 'page-4', 'sizes'],
    );
    await kubectlOk(kc, [
      'delete',
      'configmap',
      '-n',
      'shop',
      'page-0',
      'page-1',
      'page-2',
      'page-3',
      'page-4',
    ]);
  });

  it('get -w prints the list, then every change in the table format', async () => {
    const w = startKubectl(kc, ['get', 'cm', '-n', 'shop', '-w']);
    watchers.push(w);
    await until('the initial list', () => w.stdout().includes('sizes'));
    await kubectlOk(kc, ['create', 'configmap', 'watched', '-n', 'shop', '--from-literal=a=1']);
    await kubectlOk(kc, ['label', 'configmap', 'watched', '-n', 'shop', 'x=y']);
    await kubectlOk(kc, ['delete', 'configmap', 'watched', '-n', 'shop']);
    await until('three events for "watched"', () => (w.stdout().match(/^watched /gm) ?? []).length === 3);
    const out = (await w.stop()).stdout;
    // The header once, the three objects, then one line per change (ADDED, MODIFIED, DELETED).
    const rows = maskAges(parseTable(out));
    assert.deepEqual(rows, [
      { NAME: 'colors', DATA: '2', AGE: '<age>' },
      { NAME: 'empty', DATA: '0', AGE: '<age>' },
      { NAME: 'sizes', DATA: '1', AGE: '<age>' },
      { NAME: 'watched', DATA: '1', AGE: '<age>' },
      { NAME: 'watched', DATA: '1', AGE: '<age>' },
      { NAME: 'watched', DATA: '1', AGE: '<age>' },
    ]);
  });

  it('get -w --output-watch-events names each event; --watch-only skips the list', async () => {
    const events = startKubectl(kc, ['get', 'cm', '-n', 'shop', '-w', '--output-watch-events']);
    const only = startKubectl(kc, ['get', 'deploy', '-n', 'shop', '--watch-only', '-o', 'name', '-v=6']);
    watchers.push(events, only);
    await until('the initial list', () => events.stdout().includes('sizes'));
    await until('the watch-only request', () => watching(only, 'deployments'));
    await kubectlOk(kc, ['create', 'configmap', 'evented', '-n', 'shop']);
    await kubectlOk(kc, ['annotate', 'configmap', 'evented', '-n', 'shop', 'a=b']);
    await kubectlOk(kc, ['delete', 'configmap', 'evented', '-n', 'shop']);
    await kubectlOk(kc, ['scale', 'deploy', 'web', '-n', 'shop', '--replicas=3']);
    await until('the DELETED event', () => /^DELETED /m.test(events.stdout()));
    await until('the deployment change', () => only.stdout().includes('deployment.apps/web'));
    const rows = maskAges(parseTable((await events.stop()).stdout));
    assert.deepEqual(rows, [
      { EVENT: 'ADDED', NAME: 'colors', DATA: '2', AGE: '<age>' },
      { EVENT: 'ADDED', NAME: 'empty', DATA: '0', AGE: '<age>' },
      { EVENT: 'ADDED', NAME: 'sizes', DATA: '1', AGE: '<age>' },
      { EVENT: 'ADDED', NAME: 'evented', DATA: '0', AGE: '<age>' },
      { EVENT: 'MODIFIED', NAME: 'evented', DATA: '0', AGE: '<age>' },
      { EVENT: 'DELETED', NAME: 'evented', DATA: '0', AGE: '<age>' },
    ]);
    assert.equal((await only.stop()).stdout, 'deployment.apps/web\n');
  });

  it('get NAME -w starts from the object itself and follows only it', async () => {
    const w = startKubectl(kc, [
      'get',
      'deploy',
      'web',
      '-n',
      'shop',
      '-w',
      '-o',
      'jsonpath={.spec.replicas}{"\\n"}',
    ]);
    watchers.push(w);
    await until('the current object', () => w.stdout() === '3\n');
    await kubectlOk(kc, ['scale', 'deploy', 'api', '-n', 'shop', '--replicas=4']);
    await kubectlOk(kc, ['scale', 'deploy', 'web', '-n', 'shop', '--replicas=5']);
    await until('the change', () => w.stdout() === '3\n5\n');
    assert.equal((await w.stop()).stdout, '3\n5\n');
  });
});
