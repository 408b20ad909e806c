import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planHostportCleanup, splitRule } from './hostport-chains.ts';

const save = `*nat
:PREROUTING ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:CNI-DN-aaaa - [0:0]
:CNI-DN-bbbb - [0:0]
:CNI-HOSTPORT-DNAT - [0:0]
:CNI-HOSTPORT-MASQ - [0:0]
:CNI-HOSTPORT-SETMARK - [0:0]
-A PREROUTING -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT
-A OUTPUT -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT
-A POSTROUTING -m comment --comment "CNI portfwd requiring masquerade" -j CNI-HOSTPORT-MASQ
-A CNI-DN-aaaa -s 10.42.0.5/32 -p tcp -m tcp --dport 8080 -j CNI-HOSTPORT-SETMARK
-A CNI-DN-aaaa -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.42.0.5:80
-A CNI-DN-bbbb -p tcp -m tcp --dport 9090 -j DNAT --to-destination 10.88.0.5:80
-A CNI-HOSTPORT-DNAT -p tcp -m comment --comment "dnat name: \\"kts\\" id: \\"abc\\"" -m multiport --dports 8080 -j CNI-DN-aaaa
-A CNI-HOSTPORT-DNAT -p tcp -m comment --comment "dnat name: \\"other\\" id: \\"def\\"" -m multiport --dports 9090 -j CNI-DN-bbbb
-A CNI-HOSTPORT-MASQ -m mark --mark 0x2000/0x2000 -j MASQUERADE
-A CNI-HOSTPORT-SETMARK -m comment --comment "CNI portfwd masquerade mark" -j MARK --set-xmark 0x2000/0x2000
COMMIT
`;

test('splits iptables-save rules with quoted, escaped comments', () => {
  assert.deepEqual(splitRule('-A X -m comment --comment "dnat name: \\"kts\\" id: \\"a b\\"" -j Y'), [
    '-A',
    'X',
    '-m',
    'comment',
    '--comment',
    'dnat name: "kts" id: "a b"',
    '-j',
    'Y',
  ]);
});

test("removes only our network's chains while another network uses portmap", () => {
  const plan = planHostportCleanup(save, 'kts');
  assert.deepEqual(plan.deleteChains, ['CNI-DN-aaaa']);
  assert.equal(plan.deleteRules.length, 1);
  assert.equal(plan.deleteRules[0]![0], 'CNI-HOSTPORT-DNAT');
  assert.equal(plan.deleteRules[0]!.at(-1), 'CNI-DN-aaaa');
});

test('removes the shared chains when the last network goes', () => {
  const onlyOurs = save
    .split('\n')
    .filter((l) => !l.includes('bbbb') && !l.includes('other'))
    .join('\n');
  const plan = planHostportCleanup(onlyOurs, 'kts');
  assert.deepEqual(plan.deleteChains, [
    'CNI-DN-aaaa',
    'CNI-HOSTPORT-DNAT',
    'CNI-HOSTPORT-SETMARK',
    'CNI-HOSTPORT-MASQ',
  ]);
  const jumps = plan.deleteRules.map((r) => `${r[0]}->${r.at(-1)}`);
  assert.deepEqual(jumps, [
    'CNI-HOSTPORT-DNAT->CNI-DN-aaaa',
    'PREROUTING->CNI-HOSTPORT-DNAT',
    'OUTPUT->CNI-HOSTPORT-DNAT',
    'POSTROUTING->CNI-HOSTPORT-MASQ',
  ]);
});

test('nothing to do for a network without chains', () => {
  assert.deepEqual(planHostportCleanup(save, 'absent').deleteChains, []);
  assert.deepEqual(planHostportCleanup('', 'kts'), { deleteRules: [], deleteChains: [] });
});
