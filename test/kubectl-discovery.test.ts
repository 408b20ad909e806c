// The real kubectl's read-only view of a kts server: version, api-resources, api-versions,
// explain, the health endpoints, and the OpenAPI v2 protobuf fallback that kubectl takes for
// kinds whose PATCH path the v3 documents lack (TokenReview, SelfSubjectAccessReview).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type RunningServer, startServer } from './support/kts-server.ts';
import { kubectl, kubectlOk } from './support/kubectl.ts';
import { headerOf, parseTable } from './support/table.ts';

const ALL_VERBS = 'create,delete,deletecollection,get,list,patch,update,watch';

describe('kubectl discovery against kts server', { timeout: 300_000 }, () => {
  let server: RunningServer;
  let kc: string;
  before(async () => {
    server = await startServer();
    kc = server.kubeconfig;
  });
  after(async () => {
    await server?.stop();
  });

  it('version: the server is 1.32', async () => {
    const text = await kubectlOk(kc, ['version']);
    assert.match(text, /^Client Version: v1\.32\.\d+/m);
    assert.match(text, /^Server Version: v1\.32\.\d+-kts\.\d+$/m);
    const json = JSON.parse(await kubectlOk(kc, ['version', '-o', 'json']));
    const v = json.serverVersion;
    assert.equal(v.major, '1');
    assert.equal(v.minor, '32');
    assert.equal(v.platform, 'linux/amd64');
    assert.equal(v.gitTreeState, 'clean');
    assert.ok(!Number.isNaN(Date.parse(v.buildDate)));
    // A client within one minor of the server: kubectl prints no skew warning.
    assert.doesNotMatch(text, /WARNING: version difference/);
  });

  it('api-versions lists every served group version, sorted', async () => {
    const out = await kubectlOk(kc, ['api-versions']);
    assert.deepEqual(out.trim().split('\n'), [
      'apiextensions.k8s.io/v1',
      'apps/v1',
      'authentication.k8s.io/v1',
      'authorization.k8s.io/v1',
      'autoscaling/v1',
      'autoscaling/v2',
      'batch/v1',
      'coordination.k8s.io/v1',
      'discovery.k8s.io/v1',
      'events.k8s.io/v1',
      'metrics.k8s.io/v1beta1',
      'networking.k8s.io/v1',
      'policy/v1',
      'rbac.authorization.k8s.io/v1',
      'scheduling.k8s.io/v1',
      'storage.k8s.io/v1',
      'v1',
    ]);
  });

  it('api-resources: upstream columns, names, short names, scopes and kinds', async () => {
    const out = await kubectlOk(kc, ['api-resources']);
    assert.deepEqual(headerOf(out), ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND']);
    const rows = parseTable(out);
    const find = (name: string, apiVersion: string) =>
      rows.find((r) => r.NAME === name && r.APIVERSION === apiVersion);
    const expected: [string, string, string, string, string][] = [
      ['configmaps', 'cm', 'v1', 'true', 'ConfigMap'],
      ['namespaces', 'ns', 'v1', 'false', 'Namespace'],
      ['nodes', 'no', 'v1', 'false', 'Node'],
      ['pods', 'po', 'v1', 'true', 'Pod'],
      ['secrets', '', 'v1', 'true', 'Secret'],
      ['services', 'svc', 'v1', 'true', 'Service'],
      ['persistentvolumeclaims', 'pvc', 'v1', 'true', 'PersistentVolumeClaim'],
      ['deployments', 'deploy', 'apps/v1', 'true', 'Deployment'],
      ['statefulsets', 'sts', 'apps/v1', 'true', 'StatefulSet'],
      ['daemonsets', 'ds', 'apps/v1', 'true', 'DaemonSet'],
      ['cronjobs', 'cj', 'batch/v1', 'true', 'CronJob'],
      ['jobs', '', 'batch/v1', 'true', 'Job'],
      ['horizontalpodautoscalers', 'hpa', 'autoscaling/v2', 'true', 'HorizontalPodAutoscaler'],
      ['poddisruptionbudgets', 'pdb', 'policy/v1', 'true', 'PodDisruptionBudget'],
      ['ingresses', 'ing', 'networking.k8s.io/v1', 'true', 'Ingress'],
      ['networkpolicies', 'netpol', 'networking.k8s.io/v1', 'true', 'NetworkPolicy'],
      [
        'customresourcedefinitions',
        'crd,crds',
        'apiextensions.k8s.io/v1',
        'false',
        'CustomResourceDefinition',
      ],
      ['events', 'ev', 'events.k8s.io/v1', 'true', 'Event'],
      ['clusterroles', '', 'rbac.authorization.k8s.io/v1', 'false', 'ClusterRole'],
      ['priorityclasses', 'pc', 'scheduling.k8s.io/v1', 'false', 'PriorityClass'],
      ['storageclasses', 'sc', 'storage.k8s.io/v1', 'false', 'StorageClass'],
      ['tokenreviews', '', 'authentication.k8s.io/v1', 'false', 'TokenReview'],
    ];
    for (const [name, short, apiVersion, namespaced, kind] of expected) {
      assert.deepEqual(find(name, apiVersion), {
        NAME: name,
        SHORTNAMES: short,
        APIVERSION: apiVersion,
        NAMESPACED: namespaced,
        KIND: kind,
      });
    }
    // Subresources are not resources of their own.
    assert.ok(!rows.some((r) => r.NAME!.includes('/')));
    // Core first, then groups in discovery order, names sorted within each group.
    assert.equal(rows[0]!.APIVERSION, 'v1');
    const core = rows.filter((r) => r.APIVERSION === 'v1').map((r) => r.NAME!);
    assert.deepEqual(core, [...core].sort());
  });

  it('api-resources -o wide adds verbs and categories; filters by scope and group', async () => {
    const out = await kubectlOk(kc, ['api-resources', '-o', 'wide']);
    assert.deepEqual(headerOf(out), [
      'NAME',
      'SHORTNAMES',
      'APIVERSION',
      'NAMESPACED',
      'KIND',
      'VERBS',
      'CATEGORIES',
    ]);
    const rows = parseTable(out);
    const row = (name: string, apiVersion: string) =>
      rows.find((r) => r.NAME === name && r.APIVERSION === apiVersion)!;
    assert.equal(row('pods', 'v1').VERBS, ALL_VERBS);
    assert.equal(row('pods', 'v1').CATEGORIES, 'all');
    assert.equal(row('deployments', 'apps/v1').CATEGORIES, 'all');
    assert.equal(row('configmaps', 'v1').CATEGORIES, '');
    assert.equal(row('namespaces', 'v1').VERBS, 'create,delete,get,list,patch,update,watch');
    assert.equal(row('tokenreviews', 'authentication.k8s.io/v1').VERBS, 'create');
    assert.equal(row('selfsubjectaccessreviews', 'authorization.k8s.io/v1').VERBS, 'create');
    assert.equal(row('customresourcedefinitions', 'apiextensions.k8s.io/v1').CATEGORIES, 'api-extensions');

    const clusterScoped = (await kubectlOk(kc, ['api-resources', '--namespaced=false', '-o', 'name']))
      .trim()
      .split('\n');
    assert.ok(clusterScoped.includes('namespaces'));
    assert.ok(clusterScoped.includes('clusterroles.rbac.authorization.k8s.io'));
    assert.ok(!clusterScoped.includes('pods'));
    const apps = (await kubectlOk(kc, ['api-resources', '--api-group=apps', '-o', 'name']))
      .trim()
      .split('\n');
    assert.deepEqual(apps, [
      'controllerrevisions.apps',
      'daemonsets.apps',
      'deployments.apps',
      'replicasets.apps',
      'statefulsets.apps',
    ]);
    const listable = (await kubectlOk(kc, ['api-resources', '--verbs=list', '-o', 'name']))
      .trim()
      .split('\n');
    assert.ok(listable.includes('pods'));
    assert.ok(!listable.includes('tokenreviews.authentication.k8s.io'));
  });

  it('explain: kinds and built-in field paths from the OpenAPI v3 documents', async () => {
    const strategy = await kubectlOk(kc, ['explain', 'deployment.spec.strategy']);
    assert.match(
      strategy,
      /^GROUP:\s+apps\nKIND:\s+Deployment\nVERSION:\s+v1\n\nFIELD: strategy <DeploymentStrategy>\n/,
    );
    assert.match(strategy, /\n {2}rollingUpdate\t<RollingUpdateDeployment>\n/);
    assert.match(strategy, /\n {2}type\t<string>\n {2}enum: Recreate, RollingUpdate\n/);

    const ports = await kubectlOk(kc, ['explain', 'pods.spec.containers.ports']);
    assert.match(ports, /^KIND:\s+Pod\nVERSION:\s+v1\n\nFIELD: ports <\[\]ContainerPort>\n/);
    assert.match(ports, /\n {2}containerPort\t<integer> -required-\n/);

    const svc = await kubectlOk(kc, ['explain', 'svc']);
    assert.match(svc, /^KIND:\s+Service\nVERSION:\s+v1\n\nDESCRIPTION:\n {4}Service is a named abstraction/);
    for (const field of [
      'apiVersion\t<string>',
      'kind\t<string>',
      'metadata\t<ObjectMeta>',
      'spec\t<ServiceSpec>',
      'status\t<ServiceStatus>',
    ])
      assert.ok(svc.includes(`  ${field}\n`), field);

    const recursive = await kubectlOk(kc, [
      'explain',
      'cronjob.spec.jobTemplate.spec.template.spec.containers.resources',
      '--recursive',
    ]);
    assert.match(recursive, /FIELD: resources <ResourceRequirements>/);
    assert.match(recursive, /\n {2}limits\t<map\[string\]Quantity>\n/);

    const hpa = await kubectlOk(kc, ['explain', 'hpa.spec.metrics.resource.target']);
    assert.match(hpa, /^GROUP:\s+autoscaling\nKIND:\s+HorizontalPodAutoscaler\nVERSION:\s+v2\n/);

    const missing = await kubectl(kc, ['explain', 'pods.spec.nope']);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /error: field "nope" does not exist/);
  });

  it('get --raw: /healthz, /livez, /readyz?verbose', async () => {
    assert.equal(await kubectlOk(kc, ['get', '--raw', '/healthz']), 'ok');
    assert.equal(await kubectlOk(kc, ['get', '--raw', '/livez']), 'ok');
    const verbose = await kubectlOk(kc, ['get', '--raw', '/readyz?verbose']);
    const lines = verbose.trim().split('\n');
    assert.equal(lines.at(-1), 'readyz check passed');
    assert.ok(lines.includes('[+]ping ok'));
    for (const line of lines.slice(0, -1)) assert.match(line, /^\[\+\][\w/-]+ ok$/);
    const one = await kubectlOk(kc, ['get', '--raw', '/readyz/ping']);
    assert.equal(one, 'ok');
  });

  it('create -f of a TokenReview validates against /openapi/v2 in protobuf (no --validate=false needed)', async () => {
    const review = 'apiVersion: authentication.k8s.io/v1\nkind: TokenReview\nspec:\n  token: not-a-token\n';
    const r = await kubectl(kc, ['create', '-f', '-', '-o', 'json', '-v=8'], { input: review });
    assert.equal(r.code, 0, r.stderr);
    // kubectl finds no PATCH path for the kind in the v3 document and falls back to v2.
    assert.match(
      r.stderr,
      /falling back to legacy: Path not found for GVK \(authentication\.k8s\.io\/v1, Kind=TokenReview\)/,
    );
    assert.match(r.stderr, /GET http:\/\/127\.0\.0\.1:\d+\/openapi\/v2\?timeout=\d+s\n/);
    assert.match(
      r.stderr,
      /Accept: application\/com\.github\.proto-openapi\.spec\.v2@v1\.0\+protobuf\n.*Response Status: 200 OK/s,
    );
    assert.doesNotMatch(r.stderr, /406 Not Acceptable/);
    const status = JSON.parse(r.stdout).status;
    assert.equal(status.authenticated, false);

    // Client-side validation with the v2 schema still catches unknown fields.
    const bad = await kubectl(kc, ['create', '-f', '-'], { input: `${review}  bogus: 1\n` });
    assert.notEqual(bad.code, 0);
    assert.match(
      bad.stderr,
      /error validating data: ValidationError\(TokenReview\.spec\): unknown field "bogus" in io\.k8s\.api\.authentication\.v1\.TokenReviewSpec/,
    );

    const access = await kubectlOk(kc, ['create', '-f', '-', '-o', 'json'], {
      input:
        'apiVersion: authorization.k8s.io/v1\nkind: SelfSubjectAccessReview\nspec:\n  resourceAttributes:\n    verb: list\n    resource: pods\n',
    });
    assert.equal(JSON.parse(access).status.allowed, true);
  });

  it('/openapi/v2 answers the protobuf Accept kubectl sends, and 406 for unknown types', async () => {
    const proto = await fetch(`${server.url}/openapi/v2`, {
      headers: { accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' },
    });
    assert.equal(proto.status, 200);
    assert.equal(
      proto.headers.get('content-type'),
      'application/com.github.proto-openapi.spec.v2.v1.0+protobuf',
    );
    const bytes = new Uint8Array(await proto.arrayBuffer());
    // Document.swagger (field 1) = "2.0" comes first.
    assert.deepEqual([...bytes.subarray(0, 5)], [0x0a, 3, 0x32, 0x2e, 0x30]);
    const json = await fetch(`${server.url}/openapi/v2`, { headers: { accept: 'application/json' } });
    assert.equal(json.headers.get('etag'), proto.headers.get('etag'));
    await json.arrayBuffer();
    const refused = await fetch(`${server.url}/openapi/v2`, { headers: { accept: 'text/html' } });
    assert.equal(refused.status, 406);
    await refused.arrayBuffer();
  });
});
