import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CTX, checkStrategy, NOW, prepared } from '../../strategy-conformance.ts';
import { type Svc, serviceStrategy as s } from './index.ts';

const meta = { name: 'web', namespace: 'default', creationTimestamp: '2025-06-01T11:58:00Z' };
const svc = (spec: Svc['spec'], extra: Partial<Svc> = {}): Svc => ({ metadata: { ...meta }, spec, ...extra });

checkStrategy(s, {
  valid: svc({ selector: { app: 'web' }, ports: [{ port: 80 }] }),
  alsoValid: [
    svc({
      type: 'NodePort',
      ports: [
        { name: 'http', port: 80, nodePort: 31234 },
        { name: 'dns', port: 53, protocol: 'UDP' },
      ],
    }),
    svc({ clusterIP: 'None', selector: { app: 'db' } }),
    svc({ type: 'ExternalName', externalName: 'example.com.' }),
    svc({ type: 'LoadBalancer', ports: [{ port: 443, targetPort: 'https' }], clusterIP: '10.43.0.10' }),
    svc({ sessionAffinity: 'ClientIP', ports: [{ port: 80 }] }),
  ],
  status: { loadBalancer: { ingress: [{ ip: '192.0.2.1', ipMode: 'VIP' }] } },
});

test('services: defaults as upstream', () => {
  const d = prepared(s, svc({ ports: [{ port: 80 }] }));
  assert.deepEqual(d.spec, {
    type: 'ClusterIP',
    sessionAffinity: 'None',
    ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
    internalTrafficPolicy: 'Cluster',
  });
  const np = prepared(s, svc({ type: 'LoadBalancer', ports: [{ port: 80 }] }));
  assert.equal(np.spec?.externalTrafficPolicy, 'Cluster');
  assert.equal(np.spec?.allocateLoadBalancerNodePorts, true);
  const aff = prepared(s, svc({ sessionAffinity: 'ClientIP', ports: [{ port: 80 }] }));
  assert.deepEqual(aff.spec?.sessionAffinityConfig, { clientIP: { timeoutSeconds: 10800 } });
  const ip = prepared(s, svc({ clusterIP: '10.43.0.5', ports: [{ port: 80 }] }));
  assert.deepEqual(ip.spec?.clusterIPs, ['10.43.0.5']);
});

test('services: invalid cases with upstream paths and messages', () => {
  const errs = (spec: Svc['spec'], name = 'web') =>
    s.validate!(prepared(s, { metadata: { ...meta, name }, spec })).map(
      (e) => `${e.field}: ${e.type}: ${e.detail ?? ''}`,
    );
  assert.deepEqual(errs({}), ['spec.ports: FieldValueRequired: ']);
  const badName = errs({ ports: [{ port: 80 }] }, '1web');
  assert.equal(badName.length, 1);
  assert.match(
    badName[0]!,
    /^metadata\.name: FieldValueInvalid: a DNS-1035 label must consist of lower case alphanumeric/,
  );
  assert.deepEqual(errs({ ports: [{ port: 80 }, { port: 81 }] }), [
    'spec.ports[0].name: FieldValueRequired: ',
    'spec.ports[1].name: FieldValueRequired: ',
  ]);
  assert.deepEqual(errs({ ports: [{ port: 0 }] }), [
    'spec.ports[0].port: FieldValueInvalid: must be between 1 and 65535, inclusive',
    'spec.ports[0].targetPort: FieldValueInvalid: must be between 1 and 65535, inclusive',
  ]);
  assert.deepEqual(errs({ ports: [{ port: 80, protocol: 'ICMP' }] }), [
    'spec.ports[0].protocol: FieldValueNotSupported: ',
  ]);
  assert.deepEqual(errs({ ports: [{ port: 80, nodePort: 30000 }] }), [
    "spec.ports[0].nodePort: FieldValueForbidden: may not be used when `type` is 'ClusterIP'",
  ]);
  assert.deepEqual(errs({ type: 'NodePort', clusterIP: 'None', ports: [{ port: 80 }] }), [
    "spec.clusterIPs[0]: FieldValueInvalid: may not be set to 'None' for NodePort services",
  ]);
  assert.deepEqual(errs({ type: 'ExternalName' }), ['spec.externalName: FieldValueRequired: ']);
  assert.deepEqual(errs({ type: 'Weird', ports: [{ port: 80 }] }), ['spec.type: FieldValueNotSupported: ']);
  assert.deepEqual(
    errs({ selector: { 'a b': 'x' }, ports: [{ port: 80 }] })[0]?.split(':')[0],
    'spec.selector',
  );
  assert.deepEqual(errs({ clusterIP: 'banana', ports: [{ port: 80 }] }), [
    'spec.clusterIPs[0]: FieldValueInvalid: must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
  ]);
  assert.deepEqual(errs({ externalIPs: ['127.0.0.1'], ports: [{ port: 80 }] }), [
    'spec.externalIPs[0]: FieldValueInvalid: may not be in the loopback range (127.0.0.0/8, ::1/128)',
  ]);
  assert.deepEqual(
    errs({
      ports: [
        { name: 'a', port: 80 },
        { name: 'b', port: 80 },
      ],
    }),
    ['spec.ports[1]: FieldValueDuplicate: '],
  );
  assert.deepEqual(errs({ type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [{ port: 80 }] }), [
    'spec.healthCheckNodePort: FieldValueRequired: ',
  ]);
  assert.deepEqual(errs({ ports: [{ port: 80 }], loadBalancerSourceRanges: ['10.0.0.0/8'] }), [
    "spec.LoadBalancerSourceRanges: FieldValueForbidden: may only be used when `type` is 'LoadBalancer'",
  ]);
});

test('services: clusterIP may not change; allocated values survive an update that omits them', () => {
  const old = prepared(
    s,
    svc({ type: 'NodePort', clusterIP: '10.43.0.5', ports: [{ name: 'http', port: 80, nodePort: 31000 }] }),
  );
  const next = svc({ type: 'NodePort', ports: [{ name: 'http', port: 80 }] });
  s.defaults!(next);
  s.prepareForUpdate!(next, old, CTX);
  assert.equal(next.spec?.clusterIP, '10.43.0.5');
  assert.deepEqual(next.spec?.clusterIPs, ['10.43.0.5']);
  assert.equal(next.spec?.ports?.[0]?.nodePort, 31000);
  assert.deepEqual(s.validateUpdate!(next, old), []);

  const moved = structuredClone(old);
  moved.spec!.clusterIP = '10.43.0.6';
  s.prepareForUpdate!(moved, old, CTX);
  assert.deepEqual(
    s.validateUpdate!(moved, old).map((e) => `${e.field}: ${e.detail}`),
    ['spec.clusterIPs[0]: may not change once set'],
  );
});

test('services: switching to ExternalName wipes what no longer applies', () => {
  const old = prepared(
    s,
    svc({ type: 'NodePort', clusterIP: '10.43.0.5', ports: [{ port: 80, nodePort: 31000 }] }),
  );
  old.spec!.ipFamilies = ['IPv4'];
  old.spec!.ipFamilyPolicy = 'SingleStack';
  const next = structuredClone(old);
  next.spec!.type = 'ExternalName';
  next.spec!.externalName = 'example.com';
  s.defaults!(next);
  s.prepareForUpdate!(next, old, CTX);
  assert.equal(next.spec?.clusterIP, undefined);
  assert.equal(next.spec?.clusterIPs, undefined);
  assert.equal(next.spec?.ipFamilies, undefined);
  assert.equal(next.spec?.externalTrafficPolicy, undefined);
  assert.equal(next.spec?.ports?.[0]?.nodePort, undefined);
  assert.deepEqual(s.validateUpdate!(next, old), []);
});

test('services: status of a non-LoadBalancer may not carry ingress points', () => {
  const old = prepared(s, svc({ ports: [{ port: 80 }] }));
  const next = structuredClone(old);
  (next as any).status = { loadBalancer: { ingress: [{ ip: '1.2.3.4', ipMode: 'VIP' }] } };
  assert.deepEqual(
    s.validateStatusUpdate!(next, old).map((e) => `${e.field}: ${e.detail}`),
    ["status.loadBalancer.ingress: may only be used when `spec.type` is 'LoadBalancer'"],
  );
});

test('services: table rows as kubectl prints them', () => {
  const row = (x: Svc) => s.table!.row(prepared(s, x), NOW);
  const cluster = svc({
    clusterIP: '10.43.0.10',
    selector: { app: 'web', tier: 'fe' },
    ports: [{ port: 80 }, { port: 53, protocol: 'UDP', name: 'dns' }],
  });
  cluster.spec!.ports![0]!.name = 'http';
  assert.deepEqual(row(cluster), [
    'web',
    'ClusterIP',
    '10.43.0.10',
    '<none>',
    '80/TCP,53/UDP',
    '2m',
    'app=web,tier=fe',
  ]);
  const np = svc({ type: 'NodePort', clusterIP: '10.43.0.11', ports: [{ port: 80, nodePort: 31234 }] });
  assert.deepEqual(row(np).slice(1, 5), ['NodePort', '10.43.0.11', '<none>', '80:31234/TCP']);
  const lb = svc({ type: 'LoadBalancer', clusterIP: '10.43.0.12', ports: [{ port: 80, nodePort: 30080 }] });
  assert.equal(row(lb)[3], '<pending>');
  const lbUp = prepared(s, lb);
  (lbUp as any).status = {
    loadBalancer: { ingress: [{ ip: '192.0.2.10' }, { hostname: 'lb.example.com' }] },
  };
  assert.equal(s.table!.row(lbUp, NOW)[3], '192.0.2.10,lb.example.com');
  assert.deepEqual(row(svc({ type: 'ExternalName', externalName: 'db.example.com' })).slice(1, 6), [
    'ExternalName',
    '<none>',
    'db.example.com',
    '<none>',
    '2m',
  ]);
  assert.equal(row(svc({ clusterIP: 'None', ports: [{ port: 80 }] }))[2], 'None');
});

test('services: field selectors', () => {
  assert.deepEqual(s.selectableFields!(prepared(s, svc({ clusterIP: 'None' }))), {
    'spec.clusterIP': 'None',
    'spec.type': 'ClusterIP',
  });
});
