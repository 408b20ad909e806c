import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkStrategy, NOW, prepared } from '../strategy-conformance.ts';
import { ingressStrategy as ing } from './ingress.ts';
import { ingressClassStrategy as ic } from './ingress-class.ts';
import { networkPolicyStrategy as np } from './network-policy.ts';

const meta = { name: 'web', namespace: 'default', creationTimestamp: '2025-06-01T11:55:00Z' };
const backend = { service: { name: 'web', port: { number: 80 } } };

checkStrategy(ing, {
  valid: {
    metadata: meta,
    spec: { rules: [{ host: 'example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend }] } }] },
  },
  alsoValid: [
    {
      metadata: meta,
      spec: {
        defaultBackend: { service: { name: 'web', port: { name: 'http' } } },
        ingressClassName: 'nginx',
      },
    },
    {
      metadata: meta,
      spec: {
        tls: [{ hosts: ['*.example.com'], secretName: 'tls' }],
        rules: [
          { host: '*.example.com', http: { paths: [{ pathType: 'ImplementationSpecific', backend }] } },
        ],
      },
    },
  ],
  status: { loadBalancer: { ingress: [{ ip: '192.0.2.1' }] } },
});
checkStrategy(ic, {
  valid: { metadata: { name: 'nginx' }, spec: { controller: 'k8s.io/ingress-nginx' } },
  alsoValid: [
    {
      metadata: { name: 'p' },
      spec: {
        controller: 'example.com/x',
        parameters: { kind: 'Params', name: 'p', apiGroup: 'example.com' },
      },
    },
  ],
});
checkStrategy(np, {
  valid: {
    metadata: meta,
    spec: {
      podSelector: { matchLabels: { app: 'db' } },
      ingress: [{ from: [{ podSelector: {} }], ports: [{ port: 5432 }] }],
    },
  },
  alsoValid: [
    {
      metadata: meta,
      spec: {
        podSelector: {},
        egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }] }],
      },
    },
  ],
});

test('ingresses: rules, paths and backends as upstream', () => {
  const errs = (spec: object) =>
    ing.validate!(prepared(ing, { metadata: meta, spec } as any)).map(
      (e) => `${e.field}: ${e.detail ?? e.type}`,
    );
  assert.deepEqual(errs({}), ['spec: either `defaultBackend` or `rules` must be specified']);
  assert.deepEqual(errs({ rules: [{ host: '1.2.3.4', http: { paths: [{ path: 'x', backend }] } }] }), [
    'spec.rules[0].host: must be a DNS name, not an IP address',
    'spec.rules[0].http.paths[0].pathType: pathType must be specified',
  ]);
  assert.deepEqual(
    errs({
      rules: [
        {
          http: {
            paths: [{ path: '/a//b', pathType: 'Exact', backend: { service: { name: 'web', port: {} } } }],
          },
        },
      ],
    }),
    [
      "spec.rules[0].http.paths[0].path: must not contain '//'",
      'spec.rules[0].http.paths[0].backend: port name or number is required',
    ],
  );
  assert.deepEqual(errs({ defaultBackend: {} }), [
    'spec.defaultBackend: resource or service backend is required',
  ]);
});

test('ingresses: class annotation must match ingressClassName, and warns', () => {
  const obj = {
    metadata: { ...meta, annotations: { 'kubernetes.io/ingress.class': 'a' } },
    spec: { ingressClassName: 'b', defaultBackend: backend },
  };
  assert.deepEqual(
    ing.validate!(prepared(ing, obj)).map((e) => e.field),
    ['annotations.kubernetes.io/ingress.class'],
  );
  assert.deepEqual(ing.warnings!(obj), [
    `annotation "kubernetes.io/ingress.class" is deprecated, please use 'spec.ingressClassName' instead`,
  ]);
});

test('ingresses: table', () => {
  const x = prepared(ing, {
    metadata: meta,
    spec: {
      ingressClassName: 'nginx',
      tls: [{ hosts: ['a.com'] }],
      rules: ['a.com', 'b.com', 'c.com', 'd.com'].map((host) => ({
        host,
        http: { paths: [{ path: '/', pathType: 'Prefix', backend }] },
      })),
    },
  });
  (x as any).status = { loadBalancer: { ingress: [{ ip: '10.0.0.2' }, { ip: '10.0.0.1' }] } };
  assert.deepEqual(ing.table!.row(x, NOW), [
    'web',
    'nginx',
    'a.com,b.com,c.com + 1 more...',
    '10.0.0.1,10.0.0.2',
    '80, 443',
    '5m',
  ]);
  assert.deepEqual(
    ing.table!.row(prepared(ing, { metadata: meta, spec: { defaultBackend: backend } }), NOW).slice(1, 5),
    ['<none>', '*', '', '80'],
  );
});

test('ingressclasses: controller and parameters', () => {
  const errs = ic.validate!(
    prepared(ic, {
      metadata: { name: 'x' },
      spec: { controller: 'nginx', parameters: { kind: 'P', name: 'p', scope: 'Namespace' } },
    }),
  );
  assert.deepEqual(
    errs.map((e) => `${e.field}: ${e.detail}`),
    [
      'spec.controller: must be a domain-prefixed path (such as "acme.io/foo")',
      "spec.parameters.namespace: `parameters.scope` is set to 'Namespace'",
    ],
  );
  const d = prepared(ic, {
    metadata: { name: 'x' },
    spec: { controller: 'a.io/b', parameters: { kind: 'P', name: 'p', apiGroup: 'k8s.example.com' } },
  });
  assert.equal(d.spec?.parameters?.scope, 'Cluster');
  assert.deepEqual(ic.table!.row(d, NOW).slice(0, 3), ['x', 'a.io/b', 'P.k8s.example.com/p']);
  const old = d;
  const next = structuredClone(d);
  next.spec!.controller = 'a.io/c';
  assert.deepEqual(
    ic.validateUpdate!(next, old).map((e) => `${e.field}: ${e.detail}`),
    ['spec.controller: field is immutable'],
  );
});

test('networkpolicies: defaults policyTypes and port protocol', () => {
  const p = prepared(np, { metadata: meta, spec: { podSelector: {}, egress: [{ ports: [{ port: 53 }] }] } });
  assert.deepEqual(p.spec?.policyTypes, ['Ingress', 'Egress']);
  assert.equal(p.spec?.egress?.[0]?.ports?.[0]?.protocol, 'TCP');
});

test('networkpolicies: peers, ports and ipBlocks', () => {
  const errs = np.validate!(
    prepared(np, {
      metadata: meta,
      spec: {
        podSelector: {},
        ingress: [
          {
            from: [{}, { ipBlock: { cidr: '10.0.0.0/16', except: ['10.0.0.0/8'] }, podSelector: {} }],
            ports: [{ port: 'http', endPort: 90 }, { protocol: 'ICMP' }],
          },
        ],
      },
    }),
  );
  assert.deepEqual(
    errs.map((e) => `${e.field}: ${e.detail ?? e.type}`),
    [
      'spec.ingress[0].ports[0].endPort: may not be specified when `port` is non-numeric',
      'spec.ingress[0].ports[1].protocol: FieldValueNotSupported',
      'spec.ingress[0].from[0]: must specify a peer',
      'spec.ingress[0].from[1].ipBlock.except[0]: must be a strict subset of `cidr`',
      'spec.ingress[0].from[1]: may not specify both ipBlock and another peer',
    ],
  );
  assert.deepEqual(
    np.table!.row(
      prepared(np, { metadata: meta, spec: { podSelector: { matchLabels: { app: 'db' } } } }),
      NOW,
    ),
    ['web', 'app=db', '5m'],
  );
  assert.deepEqual(
    np.table!.row(prepared(np, { metadata: meta, spec: { podSelector: {} } }), NOW)[1],
    '<none>',
  );
});
