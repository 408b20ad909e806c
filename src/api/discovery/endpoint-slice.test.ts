import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkStrategy, NOW, prepared } from '../strategy-conformance.ts';
import { endpointSliceStrategy as s } from './endpoint-slice.ts';

const meta = { name: 'web-abc12', namespace: 'default', creationTimestamp: '2025-06-01T11:55:00Z' };

checkStrategy(s, {
  valid: {
    metadata: meta,
    addressType: 'IPv4',
    endpoints: [{ addresses: ['10.42.0.5'], conditions: { ready: true }, nodeName: 'node-1', zone: 'a' }],
    ports: [{ name: 'http', port: 80 }],
  },
  alsoValid: [
    { metadata: meta, addressType: 'IPv6', endpoints: [{ addresses: ['fd00::5'] }] },
    { metadata: meta, addressType: 'FQDN', endpoints: [{ addresses: ['db.example.com'] }] },
  ],
});

test('endpointslices: ports default to TCP and an empty name', () => {
  const e = prepared(s, { metadata: meta, addressType: 'IPv4', endpoints: [], ports: [{ port: 80 }] });
  assert.deepEqual(e.ports, [{ port: 80, name: '', protocol: 'TCP' }]);
});

test('endpointslices: addressType, addresses, limits', () => {
  const errs = (obj: object) =>
    s.validate!(prepared(s, { metadata: meta, ...obj } as any)).map(
      (e) => `${e.field}: ${e.detail ?? e.type}`,
    );
  assert.deepEqual(errs({ addressType: 'IPX' }), ['addressType: FieldValueNotSupported']);
  assert.deepEqual(
    errs({ addressType: 'IPv4', endpoints: [{ addresses: [] }, { addresses: ['fd00::1', '0.0.0.0'] }] }),
    [
      'endpoints[0].addresses: must contain at least 1 address',
      'endpoints[1].addresses[0]: must be a valid IPv4 address',
      'endpoints[1].addresses[1]: may not be unspecified (0.0.0.0)',
    ],
  );
  assert.deepEqual(errs({ addressType: 'FQDN', endpoints: [{ addresses: ['localhost'] }] }), [
    'endpoints[0].addresses[0]: should be a domain with at least two segments separated by dots',
  ]);
  const many = Array.from({ length: 1001 }, (_, i) => ({
    addresses: [`10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`],
  }));
  const tooMany = s.validate!(prepared(s, { metadata: meta, addressType: 'IPv4', endpoints: many } as any));
  assert.deepEqual(tooMany, [
    { type: 'FieldValueTooMany', field: 'endpoints', value: 1001, detail: 'must have at most 1000 items' },
  ]);
  assert.deepEqual(
    errs({
      addressType: 'IPv4',
      ports: [
        { name: 'a', port: 1 },
        { name: 'a', port: 2 },
      ],
    }),
    ['ports[1].name: FieldValueDuplicate'],
  );
});

test('endpointslices: addressType is immutable; FQDN warns', () => {
  const old = prepared(s, { metadata: meta, addressType: 'IPv4', endpoints: [] });
  assert.deepEqual(
    s.validateUpdate!({ ...old, addressType: 'IPv6' }, old).map((e) => `${e.field}: ${e.detail}`),
    ['addressType: field is immutable'],
  );
  assert.deepEqual(s.warnings!({ metadata: meta, addressType: 'FQDN', endpoints: [] }), [
    'spec.addressType: FQDN endpoints are deprecated',
  ]);
});

test('endpointslices: table', () => {
  const e = prepared(s, {
    metadata: meta,
    addressType: 'IPv4',
    ports: [{ port: 80 }, { name: 'metrics' }, {}],
    endpoints: [
      { addresses: ['10.42.0.5', '10.42.0.6'] },
      { addresses: ['10.42.0.7'] },
      { addresses: ['10.42.0.8'] },
    ],
  });
  assert.deepEqual(s.table!.row(e, NOW), [
    'web-abc12',
    'IPv4',
    '80,metrics,',
    '10.42.0.5,10.42.0.6,10.42.0.7 + 1 more...',
    '5m',
  ]);
  assert.deepEqual(
    s.table!.row(prepared(s, { metadata: meta, addressType: 'IPv4', endpoints: [] }), NOW).slice(2, 4),
    ['<unset>', '<unset>'],
  );
});
