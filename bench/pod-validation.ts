// The pure per-create work the API server does on a pod outside managedFields and encoding:
// system metadata, defaulting, prepareForCreate, metadata and pod validation, warnings. The pod
// is a Deployment's pod as the server holds it after admission (the ServiceAccount plugin's
// projected kube-api-access volume and its mount). A loop in one process runs 2-3x faster than
// the same code in the loaded server; judge changes by bench/pod-create.ts, iterate with this.
// Prints ns per step and, with --expose-gc, bytes allocated per step.
// Run: ./node_modules/.bin/node --expose-gc bench/pod-validation.ts [--count 20000]
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import { podStrategy } from '../src/api/core/pod.ts';
import { validatePodCreate } from '../src/api/core/pod-spec/validate.ts';
import type { KubeObject } from '../src/api/strategy.ts';
import { fillCreateMeta } from '../src/apiserver/registry/object-meta.ts';
import { validateObjectMeta } from '../src/machinery/validation/object-meta.ts';

const args = process.argv.slice(2);
const count = args.includes('--count') ? Number(args[args.indexOf('--count') + 1]) : 20_000;

/** What the ReplicaSet controller posts: the Deployment's (defaulted) template, labels, owner. */
const posted = (i: number): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    generateName: 'big-7c5d8f9b6-',
    namespace: 'bench',
    labels: { app: 'big', 'pod-template-hash': '7c5d8f9b6' },
    ownerReferences: [
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        name: 'big-7c5d8f9b6',
        uid: `0b6b2d4e-8f1a-4c55-9d1e-2f0c3b${String(i % 1000000).padStart(6, '0')}`,
        controller: true,
        blockOwnerDeletion: true,
      },
    ],
  },
  spec: {
    containers: [
      {
        name: 'app',
        image: 'registry.k8s.io/pause:3.10',
        resources: { requests: { cpu: '1m', memory: '1Mi' } },
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
        imagePullPolicy: 'IfNotPresent',
      },
    ],
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    securityContext: {},
    schedulerName: 'default-scheduler',
  },
});

/** The ServiceAccount admission plugin's additions (src/apiserver/admission/service-account.ts). */
function admit(pod: Pod): void {
  const spec = pod.spec!;
  spec.serviceAccountName = 'default';
  spec.serviceAccount = 'default';
  spec.volumes = [
    {
      name: 'kube-api-access-x7k2q',
      projected: {
        defaultMode: 420,
        sources: [
          { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
          { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
          {
            downwardAPI: {
              items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }],
            },
          },
        ],
      },
    },
  ];
  for (const c of spec.containers) {
    c.volumeMounts = [
      {
        name: 'kube-api-access-x7k2q',
        readOnly: true,
        mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
      },
    ];
  }
}

const now = new Date();
const ready = (i: number): KubeObject & Pod => {
  const pod = posted(i) as KubeObject & Pod;
  fillCreateMeta(pod, 'bench', true, now);
  podStrategy.defaults!(pod);
  admit(pod);
  podStrategy.prepareForCreate!(pod, undefined as never);
  return pod;
};

const gc = (globalThis as { gc?: () => void }).gc;

function measure(label: string, fn: (i: number) => unknown, setup: (i: number) => KubeObject): void {
  const objs = Array.from({ length: 1000 }, (_, i) => setup(i));
  for (let i = 0; i < 20_000; i++) fn(i); // warm up
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 5; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < count; i++) fn(i);
    best = Math.min(best, Number(process.hrtime.bigint() - start) / count);
  }
  let bytes = '';
  if (gc) {
    // 200 calls fit in the young generation: heap growth without a scavenge is what they allocated.
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 200; i++) fn(i);
    bytes = `${Math.round((process.memoryUsage().heapUsed - before) / 200)
      .toLocaleString('en')
      .padStart(8)} B/op`;
  }
  void objs;
  console.log(`${label.padEnd(36)} ${(best / 1000).toFixed(2).padStart(8)} µs/op ${bytes}`);
}

// Steps that change the object get a fresh copy each call; the copy's cost is printed first.
const pool = Array.from({ length: 1000 }, (_, i) => JSON.stringify(posted(i)));
const fresh = (i: number) => JSON.parse(pool[i % 1000]!) as KubeObject & Pod;
measure('(copy of the posted pod)', (i) => fresh(i), fresh);
measure('fillCreateMeta', (i) => fillCreateMeta(fresh(i), 'bench', true, now), fresh);
measure('defaults', (i) => podStrategy.defaults!(fresh(i)), fresh);
const admitted = Array.from({ length: 1000 }, (_, i) => {
  const pod = posted(i) as KubeObject & Pod;
  fillCreateMeta(pod, 'bench', true, now);
  podStrategy.defaults!(pod);
  admit(pod);
  return JSON.stringify(pod);
});
const freshAdmitted = (i: number) => JSON.parse(admitted[i % 1000]!) as KubeObject & Pod;
measure('(copy of the admitted pod)', (i) => freshAdmitted(i), freshAdmitted);
measure(
  'prepareForCreate',
  (i) => podStrategy.prepareForCreate!(freshAdmitted(i), undefined as never),
  fresh,
);
const prepared = Array.from({ length: 1000 }, (_, i) => ready(i));
if (process.env.DUMP_POD)
  (await import('node:fs')).writeFileSync(process.env.DUMP_POD, JSON.stringify(prepared[0]));
const errors = validatePodCreate(prepared[0] as Pod);
if (errors.length) throw new Error(`the bench pod is invalid: ${JSON.stringify(errors)}`);
measure(
  'validateObjectMeta',
  (i) => validateObjectMeta(prepared[i % 1000]!.metadata, { namespaced: true, nameRule: 'subdomain' }),
  ready,
);
measure('validatePodCreate', (i) => validatePodCreate(prepared[i % 1000] as Pod), ready);
measure('warnings', (i) => podStrategy.warnings!(prepared[i % 1000]!), ready);
