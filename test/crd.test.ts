// CustomResourceDefinitions with the real kubectl against a real `kts server`: the CronTab
// example of the Kubernetes docs ("Extend the Kubernetes API with CustomResourceDefinitions"),
// with its schema validation, printer columns, status and scale subresources; strict field
// validation; a restart that keeps serving; and the cleanup of custom resources when the CRD goes.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { type RunningServer, startServer } from './support/kts-server.ts';
import { kubectl, kubectlOk } from './support/kubectl.ts';

const CRD = String.raw`apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: crontabs.stable.example.com
spec:
  group: stable.example.com
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                cronSpec:
                  type: string
                  pattern: '^(\d+|\*)(/\d+)?(\s+(\d+|\*)(/\d+)?){4}$'
                image:
                  type: string
                replicas:
                  type: integer
                  minimum: 1
                  maximum: 10
                size:
                  type: string
                  enum: ["S", "M", "L"]
                  default: M
            status:
              type: object
              properties:
                replicas:
                  type: integer
                labelSelector:
                  type: string
      subresources:
        status: {}
        scale:
          specReplicasPath: .spec.replicas
          statusReplicasPath: .status.replicas
          labelSelectorPath: .status.labelSelector
      additionalPrinterColumns:
        - name: Spec
          type: string
          description: The cron spec defining the interval a CronJob is run
          jsonPath: .spec.cronSpec
        - name: Replicas
          type: integer
          description: The number of jobs launched by the CronJob
          jsonPath: .spec.replicas
        - name: Image
          type: string
          priority: 1
          jsonPath: .spec.image
        - name: Age
          type: date
          jsonPath: .metadata.creationTimestamp
  scope: Namespaced
  names:
    plural: crontabs
    singular: crontab
    kind: CronTab
    shortNames:
    - ct
`;

const CRON_TAB = `apiVersion: "stable.example.com/v1"
kind: CronTab
metadata:
  name: my-new-cron-object
spec:
  cronSpec: "* * * * */5"
  image: my-awesome-cron-image
  replicas: 2
`;

const INVALID_CRON_TAB = `apiVersion: "stable.example.com/v1"
kind: CronTab
metadata:
  name: my-bad-cron-object
spec:
  cronSpec: "* * * *"
  image: my-awesome-cron-image
  replicas: 15
  size: XL
`;

describe('CustomResourceDefinitions with kubectl', { timeout: 300_000 }, () => {
  let server: RunningServer | undefined;
  let dataDir = '';
  let kc = '';
  before(async () => {
    server = await startServer({ keepDataDir: true });
    dataDir = server.dataDir;
    kc = server.kubeconfig;
  });
  after(async () => {
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const api = (path: string, init?: RequestInit) => fetch(`${server!.url}${path}`, init);
  const CRONTABS = '/apis/stable.example.com/v1/namespaces/default/crontabs';

  it('creates the CRD, which becomes Established and shows in kubectl get crd', async () => {
    const out = await kubectlOk(kc, ['create', '-f', '-'], { input: CRD });
    assert.equal(
      out.trim(),
      'customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com created',
    );
    await kubectlOk(kc, [
      'wait',
      '--for=condition=established',
      '--timeout=30s',
      'crd/crontabs.stable.example.com',
    ]);
    const list = await kubectlOk(kc, ['get', 'crd']);
    assert.match(list, /^NAME\s+CREATED AT\n/);
    assert.match(list, /\ncrontabs\.stable\.example\.com\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n/);
    const crd = JSON.parse(await kubectlOk(kc, ['get', 'crd', 'crontabs.stable.example.com', '-o', 'json']));
    assert.deepEqual(crd.status.acceptedNames, {
      kind: 'CronTab',
      listKind: 'CronTabList',
      plural: 'crontabs',
      singular: 'crontab',
      shortNames: ['ct'],
    });
    assert.deepEqual(
      crd.status.conditions.map((c: { type: string; status: string; reason: string }) => [
        c.type,
        c.status,
        c.reason,
      ]),
      [
        ['NamesAccepted', 'True', 'NoConflicts'],
        ['Established', 'True', 'InitialNamesAccepted'],
      ],
    );
    assert.deepEqual(crd.status.storedVersions, ['v1']);
    const resources = await kubectlOk(kc, ['api-resources', '--api-group=stable.example.com']);
    assert.match(resources, /\ncrontabs\s+ct\s+stable\.example\.com\/v1\s+true\s+CronTab\n/);
  });

  it('publishes the CronTab schema in OpenAPI (kubectl explain)', async () => {
    const explained = await kubectlOk(kc, ['explain', 'crontabs.spec']);
    assert.match(explained, /GROUP:\s+stable\.example\.com\nKIND:\s+CronTab\nVERSION:\s+v1\n/);
    assert.match(explained, /\n {2}replicas\t<integer>\n/);
    assert.match(explained, /\n {2}size\t<string>\n/);
  });

  it('creates a CronTab and lists it with the printer columns, by plural and by short name', async () => {
    const out = await kubectlOk(kc, ['create', '-f', '-'], { input: CRON_TAB });
    assert.equal(out.trim(), 'crontab.stable.example.com/my-new-cron-object created');
    for (const name of ['crontab', 'crontabs', 'ct']) {
      const table = await kubectlOk(kc, ['get', name]);
      assert.match(table, /^NAME\s+SPEC\s+REPLICAS\s+AGE\n/);
      assert.match(table, /\nmy-new-cron-object\s+\* \* \* \* \*\/5\s+2\s+\d+s\n/);
    }
    const wide = await kubectlOk(kc, ['get', 'ct', '-o', 'wide']);
    assert.match(wide, /^NAME\s+SPEC\s+REPLICAS\s+IMAGE\s+AGE\n/);
    assert.match(wide, /my-awesome-cron-image/);
  });

  it('returns the object with -o yaml, defaulted from the schema', async () => {
    const yaml = await kubectlOk(kc, ['get', 'ct', 'my-new-cron-object', '-o', 'yaml']);
    assert.match(yaml, /^apiVersion: stable\.example\.com\/v1\nkind: CronTab\n/);
    assert.match(yaml, /\n {2}generation: 1\n/);
    assert.match(
      yaml,
      /\n {2}cronSpec: '\* \* \* \* \*\/5'\n {2}image: my-awesome-cron-image\n {2}replicas: 2\n {2}size: M\n/,
    );
  });

  it('rejects an invalid CronTab with 422 and upstream messages', async () => {
    const r = await kubectl(kc, ['create', '-f', '-', '-v=6'], {
      input: INVALID_CRON_TAB,
    });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /POST \S+\/crontabs\?\S* 422 Unprocessable Entity/);
    assert.match(r.stderr, /The CronTab "my-bad-cron-object" is invalid: \n/);
    assert.ok(
      r.stderr.includes(
        `* spec.cronSpec: Invalid value: "* * * *": spec.cronSpec in body should match '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'`,
      ),
      r.stderr,
    );
    assert.ok(
      r.stderr.includes(
        '* spec.replicas: Invalid value: 15: spec.replicas in body should be less than or equal to 10',
      ),
      r.stderr,
    );
    assert.ok(
      r.stderr.includes('* spec.size: Unsupported value: "XL": supported values: "S", "M", "L"'),
      r.stderr,
    );
    const typed = await kubectl(kc, ['create', '-f', '-'], {
      input: CRON_TAB.replace('my-new-cron-object', 'typed').replace('replicas: 2', 'replicas: two'),
    });
    assert.match(
      typed.stderr,
      /spec\.replicas: Invalid value: "string": spec\.replicas in body must be of type integer: "string"/,
    );
  });

  it('prunes unknown fields: 400 under Strict, a warning under Warn, silently under Ignore', async () => {
    const body = (name: string) =>
      JSON.stringify({
        apiVersion: 'stable.example.com/v1',
        kind: 'CronTab',
        metadata: { name },
        spec: { cronSpec: '* * * * *', bogus: 1 },
      });
    const strict = await api(`${CRONTABS}?fieldValidation=Strict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: body('strict'),
    });
    assert.equal(strict.status, 400);
    assert.match(
      ((await strict.json()) as { message: string }).message,
      /strict decoding error: unknown field "spec\.bogus"/,
    );
    const warn = await api(`${CRONTABS}?fieldValidation=Warn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: body('warn'),
    });
    assert.equal(warn.status, 201);
    assert.equal(warn.headers.get('warning'), '299 - "unknown field \\"spec.bogus\\""');
    assert.equal(((await warn.json()) as { spec: Record<string, unknown> }).spec.bogus, undefined);
    const ignore = await api(`${CRONTABS}?fieldValidation=Ignore`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: body('ignore'),
    });
    assert.equal(ignore.status, 201);
    assert.equal(ignore.headers.get('warning'), null);
    assert.equal(((await ignore.json()) as { spec: Record<string, unknown> }).spec.bogus, undefined);
    await kubectlOk(kc, ['delete', 'ct', 'warn', 'ignore']);
  });

  it('rejects unknown fields when kubectl validates strictly (its default), in metadata too', async () => {
    const bogus = CRON_TAB.replace('name: my-new-cron-object', 'name: bogus\n  foo: bar').replace(
      'replicas: 2',
      'replicas: 2\n  bogus: 1',
    );
    const r = await kubectl(kc, ['create', '-f', '-'], { input: bogus });
    assert.notEqual(r.code, 0);
    assert.match(
      r.stderr,
      /Error from server \(BadRequest\): error when creating "STDIN": CronTab in version "v1" cannot be handled as a CronTab: strict decoding error: unknown field "metadata\.foo", unknown field "spec\.bogus"/,
    );
    const warned = await kubectl(kc, ['create', '-f', '-', '--validate=warn'], { input: bogus });
    assert.equal(warned.code, 0, warned.stderr);
    assert.match(warned.stderr, /Warning: unknown field "spec\.bogus"/);
    const obj = JSON.parse(await kubectlOk(kc, ['get', 'ct', 'bogus', '-o', 'json']));
    assert.equal(obj.spec.bogus, undefined);
    assert.equal(obj.metadata.foo, undefined);
    await kubectlOk(kc, ['delete', 'ct', 'bogus']);
  });

  it('applies CronTabs client-side and server-side', async () => {
    const applied = CRON_TAB.replace('name: my-new-cron-object', 'name: applied');
    assert.match(
      await kubectlOk(kc, ['apply', '-f', '-'], { input: applied }),
      /crontab\.stable\.example\.com\/applied created/,
    );
    assert.match(
      await kubectlOk(kc, ['apply', '-f', '-'], { input: applied.replace('replicas: 2', 'replicas: 4') }),
      /configured/,
    );
    const ssa = applied.replace('name: applied', 'name: ssa');
    assert.match(
      await kubectlOk(kc, ['apply', '--server-side', '-f', '-'], { input: ssa }),
      /crontab\.stable\.example\.com\/ssa serverside-applied/,
    );
    await kubectlOk(kc, ['apply', '--server-side', '-f', '-'], {
      input: ssa.replace('replicas: 2', 'replicas: 6'),
    });
    const obj = JSON.parse(await kubectlOk(kc, ['get', 'ct', 'ssa', '-o', 'json', '--show-managed-fields']));
    assert.equal(obj.spec.replicas, 6);
    assert.equal(obj.spec.size, 'M');
    assert.ok(
      obj.metadata.managedFields.some(
        (m: { manager: string; operation: string }) => m.manager === 'kubectl' && m.operation === 'Apply',
      ),
    );
    assert.equal(JSON.parse(await kubectlOk(kc, ['get', 'ct', 'applied', '-o', 'json'])).spec.replicas, 4);
    await kubectlOk(kc, ['delete', 'ct', 'applied', 'ssa']);
  });

  it('answers 415 to a strategic merge patch', async () => {
    const r = await kubectl(kc, [
      'patch',
      'ct',
      'my-new-cron-object',
      '--type=strategic',
      '-p',
      '{"spec":{"replicas":3}}',
    ]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /application\/strategic-merge-patch\+json is not supported/);
  });

  it('splits spec and status: /status writes only the status, the main resource keeps it', async () => {
    await kubectlOk(kc, [
      'patch',
      'ct',
      'my-new-cron-object',
      '--subresource=status',
      '--type=merge',
      '-p',
      '{"status":{"replicas":2,"labelSelector":"app=cron"}}',
    ]);
    await kubectlOk(kc, [
      'patch',
      'ct',
      'my-new-cron-object',
      '--type=merge',
      '-p',
      '{"status":{"replicas":9}}',
    ]);
    const obj = JSON.parse(await kubectlOk(kc, ['get', 'ct', 'my-new-cron-object', '-o', 'json']));
    assert.deepEqual(obj.status, { replicas: 2, labelSelector: 'app=cron' });
    assert.equal(obj.metadata.generation, 1);
    const bad = await kubectl(kc, [
      'patch',
      'ct',
      'my-new-cron-object',
      '--subresource=status',
      '--type=merge',
      '-p',
      '{"status":{"replicas":"x"}}',
    ]);
    assert.match(
      bad.stderr,
      /status\.replicas: Invalid value: "string": replicas in body must be of type integer: "string"/,
    );
  });

  it('scales through the scale subresource', async () => {
    assert.equal(
      (await kubectlOk(kc, ['scale', 'ct', 'my-new-cron-object', '--replicas=5'])).trim(),
      'crontab.stable.example.com/my-new-cron-object scaled',
    );
    const obj = JSON.parse(await kubectlOk(kc, ['get', 'ct', 'my-new-cron-object', '-o', 'json']));
    assert.equal(obj.spec.replicas, 5);
    assert.equal(obj.metadata.generation, 2);
    const scale = JSON.parse(
      await kubectlOk(kc, ['get', 'ct', 'my-new-cron-object', '--subresource=scale', '-o', 'json']),
    );
    assert.deepEqual(
      [scale.kind, scale.spec, scale.status],
      ['Scale', { replicas: 5 }, { replicas: 2, selector: 'app=cron' }],
    );
    const tooMany = await kubectl(kc, ['scale', 'ct', 'my-new-cron-object', '--replicas=50']);
    assert.match(
      tooMany.stderr,
      /spec\.replicas: Invalid value: 50: spec\.replicas in body should be less than or equal to 10/,
    );
  });

  it('serves the CRD and its CronTabs again after a restart', async () => {
    await server!.stop();
    server = await startServer({ dataDir, keepDataDir: true });
    kc = server.kubeconfig;
    const table = await kubectlOk(kc, ['get', 'ct']);
    assert.match(table, /\nmy-new-cron-object\s+\* \* \* \* \*\/5\s+5\s+\d+s\n/);
    const crd = JSON.parse(await kubectlOk(kc, ['get', 'crd', 'crontabs.stable.example.com', '-o', 'json']));
    assert.ok(
      crd.status.conditions.some(
        (c: { type: string; status: string }) => c.type === 'Established' && c.status === 'True',
      ),
    );
  });

  it('deletes the CronTabs with the CRD', async () => {
    const out = await kubectlOk(kc, ['delete', 'crd', 'crontabs.stable.example.com']);
    assert.equal(
      out.trim(),
      'customresourcedefinition.apiextensions.k8s.io "crontabs.stable.example.com" deleted',
    );
    const gone = await api(CRONTABS);
    assert.equal(gone.status, 404);
    assert.match((await kubectl(kc, ['get', 'crd'])).stderr, /No resources found/);
    // Created again, the CRD starts empty: its old CronTabs were deleted, not just hidden.
    await kubectlOk(kc, ['create', '-f', '-'], { input: CRD });
    await kubectlOk(kc, [
      'wait',
      '--for=condition=established',
      '--timeout=30s',
      'crd/crontabs.stable.example.com',
    ]);
    const list = (await (await api(CRONTABS)).json()) as { items: unknown[] };
    assert.deepEqual(list.items, []);
  });
});
