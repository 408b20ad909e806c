import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConfigMap, Secret } from 'kubernetes-types/core/v1.js';
import { containerResourceValue, extractFieldPathAsString, formatMap } from './downward-api.ts';
import { EnvConfigError, type EnvInputs, isValidEnvVarName, makeEnvironmentVariables } from './env.ts';
import { container, pod } from './test-fixtures.ts';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const cm: ConfigMap = { metadata: { name: 'cfg' }, data: { COLOR: 'blue', 'bad=key': 'x', size: 'L' } };
const secret: Secret = { metadata: { name: 'sec' }, data: { PASSWORD: b64('s3cret'), token: b64('t') } };

function inputs(extra: Partial<EnvInputs> = {}): EnvInputs {
  return {
    configMaps: new Map([['cfg', cm]]),
    secrets: new Map([['sec', secret]]),
    podIPs: ['10.42.0.7'],
    hostIPs: ['192.0.2.2'],
    nodeAllocatable: { cpu: '2', memory: '4Gi' },
    ...extra,
  };
}

test('envFrom, then env with expansion and valueFrom, then service links', () => {
  const p = pod({ serviceAccountName: 'sa' }, { labels: { app: 'web', tier: 'fe' } });
  const c = container('app', {
    envFrom: [{ configMapRef: { name: 'cfg' }, prefix: 'CM_' }, { secretRef: { name: 'sec' } }],
    env: [
      { name: 'GREETING', value: 'color=$(CM_COLOR) svc=$(SVC_HOST) $(NOPE)' },
      { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
      { name: 'IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
      { name: 'HOST', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
      { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
      { name: 'SA', valueFrom: { fieldRef: { fieldPath: 'spec.serviceAccountName' } } },
      { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
      { name: 'LABELS', valueFrom: { fieldRef: { fieldPath: 'metadata.labels' } } },
      { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
      { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } },
      { name: 'SIZE', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'size' } } },
      { name: 'PW', valueFrom: { secretKeyRef: { name: 'sec', key: 'PASSWORD' } } },
      { name: 'OPT', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'missing', optional: true } } },
      { name: 'CM_COLOR', value: 'red' },
    ],
  });
  const { env, warnings } = makeEnvironmentVariables(
    p,
    c,
    inputs({
      serviceEnv: new Map([
        ['SVC_HOST', '10.43.0.1'],
        ['CM_COLOR', 'svc'],
      ]),
    }),
  );
  const got = Object.fromEntries(env.map((e) => [e.name, e.value]));
  assert.equal(got.GREETING, 'color=blue svc=10.43.0.1 $(NOPE)');
  assert.equal(got.CM_COLOR, 'red');
  assert.equal(got.CM_size, 'L');
  assert.equal(got.PASSWORD, 's3cret');
  assert.equal(got.token, 't');
  assert.equal(got.POD, 'web');
  assert.equal(got.NS, 'default');
  assert.equal(got.IP, '10.42.0.7');
  assert.equal(got.HOST, '192.0.2.2');
  assert.equal(got.NODE, 'node-1');
  assert.equal(got.SA, 'sa');
  assert.equal(got.APP, 'web');
  assert.equal(got.LABELS, 'app="web"\ntier="fe"');
  assert.equal(got.MEM, '4096');
  assert.equal(got.CPU, '2');
  assert.equal(got.SIZE, 'L');
  assert.equal(got.PW, 's3cret');
  assert.ok(!('OPT' in got));
  assert.equal(got.SVC_HOST, '10.43.0.1');
  assert.deepEqual(warnings, [
    {
      reason: 'InvalidEnvironmentVariableNames',
      message:
        'Keys [CM_bad=key] from the EnvFrom configMap default/cfg were skipped since they are considered invalid environment variable names.',
    },
  ]);
  // Order: envFrom keys first, then env in order, then service links.
  assert.equal(env[0]!.name, 'CM_COLOR');
  assert.equal(env.at(-1)!.name, 'SVC_HOST');
});

test('missing sources fail with upstream messages unless optional', () => {
  const p = pod();
  const run = (env: NonNullable<Parameters<typeof container>[1]>) => () =>
    makeEnvironmentVariables(p, container('c', env), inputs());
  assert.throws(
    run({ envFrom: [{ configMapRef: { name: 'nope' } }] }),
    (e: unknown) => e instanceof EnvConfigError && e.message === 'configmap "nope" not found',
  );
  assert.throws(
    run({ env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'nope', key: 'k' } } }] }),
    /^Error: secret "nope" not found$/,
  );
  assert.throws(
    run({ env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'k' } } }] }),
    /couldn't find key k in ConfigMap default\/cfg/,
  );
  assert.throws(
    run({ env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'sec', key: 'k' } } }] }),
    /couldn't find key k in Secret default\/sec/,
  );
  assert.throws(
    run({ env: [{ name: 'X', valueFrom: { fieldRef: { fieldPath: 'spec.bogus' } } }] }),
    /unsupported fieldPath: spec.bogus/,
  );
  assert.deepEqual(
    makeEnvironmentVariables(
      p,
      container('c', { envFrom: [{ secretRef: { name: 'nope', optional: true } }] }),
      inputs(),
    ).env,
    [],
  );
});

test('downward API helpers', () => {
  assert.equal(formatMap({ b: '2', a: 'x"y' }), 'a="x\\"y"\nb="2"');
  const p = pod({}, { annotations: { note: 'hi' } });
  assert.equal(extractFieldPathAsString(p, "metadata.annotations['note']"), 'hi');
  assert.equal(extractFieldPathAsString(p, 'metadata.uid'), '1111-2222');
  const c = container('app', {
    resources: { requests: { cpu: '250m', memory: '1Gi' }, limits: { cpu: '1500m' } },
  });
  const p2 = pod({ containers: [c] });
  assert.equal(containerResourceValue({ resource: 'requests.cpu', divisor: '1m' }, p2, c, {}), '250');
  assert.equal(containerResourceValue({ resource: 'limits.cpu' }, p2, c, {}), '2');
  assert.equal(containerResourceValue({ resource: 'requests.memory', divisor: '1Mi' }, p2, c, {}), '1024');
  assert.equal(
    containerResourceValue({ resource: 'limits.memory', containerName: 'app' }, p2, c, { memory: '1000' }),
    '1000',
  );
  assert.throws(
    () => containerResourceValue({ resource: 'limits.gpu' }, p2, c, {}),
    /unsupported container resource : limits.gpu/,
  );
  assert.ok(isValidEnvVarName('my.var-1'));
  assert.ok(!isValidEnvVarName('a=b'));
  assert.ok(!isValidEnvVarName(''));
});
