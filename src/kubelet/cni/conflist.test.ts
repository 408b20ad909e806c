import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cidrContains, parseCidr, renderConflist } from './conflist.ts';

test('conflist: bridge with host-local on the podCIDR, then portmap; no loopback', () => {
  const conf = JSON.parse(
    renderConflist({
      networkName: 'kts',
      bridge: 'kts0',
      podCIDR: '10.42.3.0/24',
      ipamDataDir: '/var/lib/kts/agent/cni/ipam',
    }),
  );
  assert.equal(conf.cniVersion, '0.4.0');
  assert.equal(conf.name, 'kts');
  assert.deepEqual(
    conf.plugins.map((p: { type: string }) => p.type),
    ['bridge', 'portmap'],
  );
  const bridge = conf.plugins[0];
  assert.equal(bridge.bridge, 'kts0');
  assert.equal(bridge.isGateway, true);
  assert.equal(bridge.ipMasq, false);
  assert.equal(bridge.hairpinMode, true);
  assert.deepEqual(bridge.ipam, {
    type: 'host-local',
    ranges: [[{ subnet: '10.42.3.0/24' }]],
    routes: [{ dst: '0.0.0.0/0' }],
    dataDir: '/var/lib/kts/agent/cni/ipam',
  });
  assert.deepEqual(conf.plugins[1].capabilities, { portMappings: true });
});

test('bad bridge names and CIDRs are refused', () => {
  const base = { networkName: 'kts', bridge: 'kts0', podCIDR: '10.42.0.0/24', ipamDataDir: '/x' };
  assert.throws(() => renderConflist({ ...base, bridge: 'a-name-that-is-too-long' }), /invalid bridge name/);
  assert.throws(() => renderConflist({ ...base, podCIDR: '10.42.0.1/24' }), /host bits set/);
  assert.throws(() => parseCidr('10.42.0.0'), /invalid IPv4 CIDR/);
  assert.throws(() => parseCidr('300.1.1.0/24'), /invalid IPv4 CIDR/);
});

test('CIDR containment', () => {
  assert.ok(cidrContains('10.42.0.0/16', '10.42.7.0/24'));
  assert.ok(cidrContains('10.42.0.0/16', '10.42.0.0/16'));
  assert.ok(!cidrContains('10.42.0.0/16', '10.43.0.0/24'));
  assert.ok(!cidrContains('10.42.0.0/24', '10.42.0.0/16'));
  assert.ok(cidrContains('0.0.0.0/0', '192.0.2.0/24'));
});
