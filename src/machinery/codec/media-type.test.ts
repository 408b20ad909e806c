import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AGGREGATED_DISCOVERY_TARGETS,
  BUILTIN_MEDIA_TYPES,
  negotiateOutput,
  notAcceptableError,
  parseAccept,
  parseContentType,
  responseContentType,
  TABLE_TARGETS,
  unsupportedMediaTypeError,
} from './media-type.ts';

const served = ['application/json', 'application/yaml'];

test('Accept is parsed like goautoneg: q first, then specificity, stable', () => {
  const ranges = parseAccept(
    'text/*;q=0.5, application/json;as=Table;v=v1;g=meta.k8s.io, */*;q=0.1, application/json, bad',
  );
  assert.deepEqual(
    ranges.map((r) => [`${r.type}/${r.subtype}`, r.q, Object.keys(r.params).length]),
    [
      ['application/json', 1, 3],
      ['application/json', 1, 0],
      ['text/*', 0.5, 0],
      ['*/*', 0.1, 0],
    ],
  );
});

test('kubectl get: Table when allowed, plain JSON otherwise', () => {
  const accept =
    'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
  const table = negotiateOutput(accept, { mediaTypes: served, targets: TABLE_TARGETS });
  assert.deepEqual(table, {
    mediaType: 'application/json',
    pretty: false,
    target: { kind: 'Table', version: 'v1', group: 'meta.k8s.io' },
  });
  assert.equal(responseContentType(table!), 'application/json');
  assert.deepEqual(negotiateOutput(accept, { mediaTypes: served }), {
    mediaType: 'application/json',
    pretty: false,
  });
});

test('aggregated discovery answers with its media type named in Content-Type', () => {
  const accept =
    'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';
  const out = negotiateOutput(accept, { mediaTypes: served, targets: AGGREGATED_DISCOVERY_TARGETS })!;
  assert.equal(
    responseContentType(out, true),
    'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
  );
  assert.equal(negotiateOutput(accept, { mediaTypes: served })?.target, undefined);
});

test('protobuf first, JSON fallback; wildcards; empty Accept; 406 when nothing fits', () => {
  assert.equal(
    negotiateOutput('application/vnd.kubernetes.protobuf, */*', { mediaTypes: served })?.mediaType,
    'application/json',
  );
  assert.equal(negotiateOutput('application/*', { mediaTypes: served })?.mediaType, 'application/json');
  assert.equal(
    negotiateOutput('application/yaml;q=0.9,application/json;q=0.5', { mediaTypes: served })?.mediaType,
    'application/yaml',
  );
  assert.equal(negotiateOutput(undefined, { mediaTypes: served })?.mediaType, 'application/json');
  assert.equal(negotiateOutput('application/json;pretty=1', { mediaTypes: served })?.pretty, true);
  assert.equal(negotiateOutput('application/vnd.kubernetes.protobuf', { mediaTypes: served }), undefined);
  assert.equal(negotiateOutput('text/html', { mediaTypes: served }), undefined);
  assert.equal(negotiateOutput('application/json;stream=watch', { mediaTypes: served }), undefined);
  assert.equal(
    negotiateOutput('application/json;stream=watch', { mediaTypes: served, stream: true })?.stream,
    'watch',
  );
  const status = notAcceptableError(served).toStatus();
  assert.equal(status.code, 406);
  assert.equal(
    status.message,
    'only the following media types are accepted: application/json, application/yaml',
  );
});

test('Content-Type parsing and the 415 message', () => {
  assert.equal(parseContentType('application/json; charset=utf-8'), 'application/json');
  assert.equal(parseContentType('Application/YAML'), 'application/yaml');
  assert.equal(parseContentType('nonsense'), undefined);
  assert.equal(parseContentType(''), undefined);
  const status = unsupportedMediaTypeError(BUILTIN_MEDIA_TYPES).toStatus();
  assert.equal(status.code, 415);
  assert.equal(
    status.message,
    'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf',
  );
});
