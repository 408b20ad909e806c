import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isStatusError } from '../../machinery/status.ts';
import { decodeRequestBody, type RequestBodyOptions, summarizeBody } from './request-body.ts';

const deployment = { group: 'apps', version: 'v1', kind: 'Deployment' };
const opts = (fieldValidation: RequestBodyOptions['fieldValidation']): RequestBodyOptions => ({
  fieldValidation,
  expected: deployment,
});
const bytes = (s: string) => new TextEncoder().encode(s);
const rejected = (fn: () => unknown, code: number, message: string | RegExp) =>
  assert.throws(fn, (e: unknown) => {
    assert.ok(isStatusError(e));
    assert.equal(e.code, code);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });

const body = JSON.stringify({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replicas: 1,
    selector: { matchLabels: { a: 'b' } },
    template: { spec: { containers: [{ name: 'c', image: 'i', imagee: 'x' }] } },
    foo: 1,
  },
});

test('Strict rejects unknown fields with upstream words; Warn collects warnings; Ignore passes', () => {
  rejected(
    () => decodeRequestBody(bytes(body), 'application/json', opts('Strict')),
    400,
    'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.spec.containers[0].imagee", unknown field "spec.foo"',
  );
  const warned = decodeRequestBody(bytes(body), 'application/json', opts('Warn'));
  assert.deepEqual(warned.warnings, [
    'unknown field "spec.template.spec.containers[0].imagee"',
    'unknown field "spec.foo"',
  ]);
  assert.equal((warned.object.metadata as { name: string }).name, 'web');
  const ignored = decodeRequestBody(bytes(body), 'application/json', opts('Ignore'));
  assert.deepEqual(ignored.warnings, []);
  // Both keep the object without its unknown fields, as decoding into Go types drops them.
  for (const { object } of [warned, ignored]) {
    const spec = object.spec as { foo?: number; template: { spec: { containers: object[] } } };
    assert.equal('foo' in spec, false);
    assert.deepEqual(spec.template.spec.containers, [{ name: 'c', image: 'i' }]);
  }
});

test('duplicates in JSON and YAML bodies', () => {
  rejected(
    () =>
      decodeRequestBody(
        bytes('{"kind":"Deployment","metadata":{"name":"a","name":"b"},"apiVersion":"apps/v1"}'),
        'application/json',
        opts('Strict'),
      ),
    400,
    'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: duplicate field "metadata.name"',
  );
  const yaml = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: a\n  name: b\nspec:\n  bogus: 1\n';
  rejected(
    () => decodeRequestBody(bytes(yaml), 'application/yaml', opts('Strict')),
    400,
    'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: yaml: unmarshal errors:\n  line 5: key "name" already set in map, unknown field "spec.bogus"',
  );
  assert.deepEqual(decodeRequestBody(bytes(yaml), 'application/yaml', opts('Warn')).warnings, [
    'line 5: key "name" already set in map',
    'unknown field "spec.bogus"',
  ]);
});

test('malformed bodies, wrong types and media types', () => {
  rejected(
    () =>
      decodeRequestBody(
        bytes('{"apiVersion":"apps/v1","kind":"Deployment",}'),
        'application/json',
        opts('Strict'),
      ),
    400,
    `the object provided is unrecognized (must be of type Deployment): couldn't get version/kind; json parse error: invalid character '}' looking for beginning of object key string ({"apiVersion":"apps/v1","kind" ...)`,
  );
  rejected(
    () => decodeRequestBody(bytes('a: b: c'), 'application/yaml', opts('Strict')),
    400,
    /^the object provided is unrecognized \(must be of type Deployment\): error converting YAML to JSON: yaml: line 1: .* \(613a20623a2063\)$/,
  );
  rejected(
    () => decodeRequestBody(bytes('[1]'), 'application/json', opts('Strict')),
    400,
    /json parse error: json: cannot unmarshal array into Go value of type struct/,
  );
  rejected(
    () => decodeRequestBody(bytes('{"spec":{"replicas":"3"}}'), 'application/json', opts('Strict')),
    400,
    'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
  );
  rejected(
    () =>
      decodeRequestBody(
        bytes('{"spec":{"template":{"spec":{"containers":[{"name":"c","ports":[{"containerPort":1.5}]}]}}}}'),
        'application/json',
        opts('Ignore'),
      ),
    400,
    'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number 1.5 into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32',
  );
  rejected(
    () => decodeRequestBody(bytes('{"metadata":{"labels":{"a":1}}}'), 'application/json', opts('Ignore')),
    400,
    /cannot unmarshal number into Go struct field ObjectMeta\.metadata\.labels of type string$/,
  );
  // Quantities fail while decoding, as Quantity.UnmarshalJSON does: 400, no field path.
  const limits = (cpu: unknown) =>
    bytes(
      JSON.stringify({
        spec: { template: { spec: { containers: [{ name: 'c', resources: { limits: { cpu } } }] } } },
      }),
    );
  rejected(
    () => decodeRequestBody(limits('lots'), 'application/json', opts('Ignore')),
    400,
    `Deployment in version "v1" cannot be handled as a Deployment: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
  );
  rejected(
    () => decodeRequestBody(limits('1Qi'), 'application/json', opts('Ignore')),
    400,
    /cannot be handled as a Deployment: quantities must match the regular expression/,
  );
  rejected(
    () => decodeRequestBody(limits(true), 'application/json', opts('Ignore')),
    400,
    /cannot be handled as a Deployment: quantities must match the regular expression/,
  );
  for (const fine of ['500m', 2, ' 1Gi ', 1.5])
    assert.doesNotThrow(() => decodeRequestBody(limits(fine), 'application/json', opts('Ignore')));
  rejected(
    () => decodeRequestBody(bytes('{}'), 'text/plain', opts('Strict')),
    415,
    'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf',
  );
  assert.equal(summarizeBody(new Uint8Array()), '<empty>');
});

test('missing apiVersion and kind default to the endpoint; protobuf bodies decode', () => {
  const { object } = decodeRequestBody(bytes('{"metadata":{"name":"x"}}'), undefined, opts('Strict'));
  assert.deepEqual(object, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' } });
  const configmap = Buffer.from(
    '6b3873000a0f0a0276311209436f6e6669674d6170121d0a130a03636d3112001a0022002a0032003800420012060a01611201621a002200',
    'hex',
  );
  const decoded = decodeRequestBody(configmap, 'application/vnd.kubernetes.protobuf', {
    fieldValidation: 'Strict',
    expected: { group: '', version: 'v1', kind: 'ConfigMap' },
  });
  assert.deepEqual(decoded.object, {
    kind: 'ConfigMap',
    apiVersion: 'v1',
    metadata: { name: 'cm1', creationTimestamp: null },
    data: { a: 'b' },
  });
});

test('custom resources use their own schema, with apiVersion/kind/metadata always known', () => {
  const options: RequestBodyOptions = {
    fieldValidation: 'Strict',
    expected: { group: 'x.io', version: 'v1', kind: 'Foo' },
    mediaTypes: ['application/json', 'application/yaml'],
    schemaFor: () => ({
      schema: {
        type: 'object',
        properties: { spec: { type: 'object', properties: { a: { type: 'string' } } } },
      },
      definitions: {},
      rootIsResource: true,
    }),
  };
  assert.deepEqual(
    decodeRequestBody(
      bytes('{"apiVersion":"x.io/v1","kind":"Foo","metadata":{"name":"f"},"spec":{"a":"b"}}'),
      'application/json',
      options,
    ).warnings,
    [],
  );
  rejected(
    () => decodeRequestBody(bytes('{"spec":{"b":1}}'), 'application/json', options),
    400,
    'Foo in version "v1" cannot be handled as a Foo: strict decoding error: unknown field "spec.b"',
  );
  rejected(
    () => decodeRequestBody(bytes('{}'), 'application/vnd.kubernetes.protobuf', options),
    415,
    /accepted media types include: application\/json, application\/yaml$/,
  );
});
