import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkStrategy, NOW, prepared } from '../strategy-conformance.ts';
import { endpointsStrategy as s } from './endpoints.ts';

const meta = { name: 'web', namespace: 'default', creationTimestamp: '2025-06-01T11:59:00Z' };

checkStrategy(s, {
  valid: {
    metadata: meta,
    subsets: [{ addresses: [{ ip: '10.42.0.5', nodeName: 'node-1' }], ports: [{ port: 80 }] }],
  },
  alsoValid: [
    { metadata: meta },
    { metadata: meta, subsets: [{ notReadyAddresses: [{ ip: 'fd00::5', hostname: 'web-0' }] }] },
  ],
});

test('endpoints: ports default to TCP', () => {
  const ep = prepared(s, {
    metadata: meta,
    subsets: [{ addresses: [{ ip: '10.42.0.5' }], ports: [{ port: 80 }] }],
  });
  assert.equal(ep.subsets?.[0]?.ports?.[0]?.protocol, 'TCP');
});

test('endpoints: addresses and ports as upstream checks them', () => {
  const errs = s.validate!(
    prepared(s, {
      metadata: meta,
      subsets: [
        { ports: [{ port: 80 }] },
        {
          addresses: [{ ip: '127.0.0.1' }, { ip: 'nope' }],
          ports: [{ port: 80 }, { name: 'b', port: 0, protocol: 'ICMP' }],
        },
      ],
    }),
  );
  assert.deepEqual(
    errs.map((e) => `${e.field}: ${e.detail ?? e.type}`),
    [
      'subsets[0]: must specify `addresses` or `notReadyAddresses`',
      'subsets[1].addresses[0].ip: may not be in the loopback range (127.0.0.0/8, ::1/128)',
      'subsets[1].addresses[1].ip: must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      'subsets[1].addresses[1].ip: must be a valid IP address',
      'subsets[1].ports[0].name: FieldValueRequired',
      'subsets[1].ports[1].port: must be between 1 and 65535, inclusive',
      'subsets[1].ports[1].protocol: FieldValueNotSupported',
    ],
  );
});

test('endpoints: ENDPOINTS column shows three addresses, then how many more', () => {
  const row = (subsets: object[]) => s.table!.row(prepared(s, { metadata: meta, subsets } as any), NOW);
  assert.deepEqual(row([]), ['web', '<none>', '60s']);
  const four = [{ ip: '10.42.0.5' }, { ip: '10.42.0.6' }, { ip: '10.42.0.7' }, { ip: '10.42.0.8' }];
  assert.equal(row([{ addresses: four.slice(0, 2), ports: [{ port: 80 }] }])[1], '10.42.0.5:80,10.42.0.6:80');
  assert.equal(
    row([{ addresses: four, ports: [{ port: 80 }] }])[1],
    '10.42.0.5:80,10.42.0.6:80,10.42.0.7:80 + 1 more...',
  );
  assert.equal(row([{ addresses: [{ ip: '10.42.0.5' }] }])[1], '10.42.0.5');
  assert.equal(row([{ addresses: [{ ip: 'fd00::1' }], ports: [{ port: 443 }] }])[1], '[fd00::1]:443');
  // Only not-ready addresses: nothing to list.
  assert.equal(row([{ notReadyAddresses: [{ ip: '10.42.0.9' }], ports: [{ port: 80 }] }])[1], '');
});
