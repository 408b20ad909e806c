// Prints how fast deepClone / deepEqual (src/machinery/json-value.ts) run on a pod-sized object,
// next to structuredClone and a JSON round trip. Run: ./node_modules/.bin/node bench/json-clone.ts
import { deepClone, deepEqual } from '../src/machinery/json-value.ts';

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'web-7d9c6b8f5d-abcde',
    namespace: 'default',
    uid: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
    resourceVersion: '123456',
    creationTimestamp: '2026-01-01T00:00:00Z',
    labels: { app: 'web', 'pod-template-hash': '7d9c6b8f5d', tier: 'frontend' },
    annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-01-01T00:00:00Z' },
    ownerReferences: [
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        name: 'web-7d9c6b8f5d',
        uid: 'a-b-c',
        controller: true,
        blockOwnerDeletion: true,
      },
    ],
  },
  spec: {
    containers: [
      {
        name: 'web',
        image: 'nginx:1.27',
        ports: [{ containerPort: 80, protocol: 'TCP' }],
        resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
        env: Array.from({ length: 8 }, (_, i) => ({ name: `VAR_${i}`, value: `value-${i}` })),
        volumeMounts: [
          {
            name: 'kube-api-access',
            mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
            readOnly: true,
          },
        ],
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
        imagePullPolicy: 'IfNotPresent',
      },
    ],
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    serviceAccountName: 'default',
    nodeName: 'node-1',
    tolerations: [
      {
        key: 'node.kubernetes.io/not-ready',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
      {
        key: 'node.kubernetes.io/unreachable',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
    ],
  },
  status: {
    phase: 'Running',
    conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({
      type,
      status: 'True',
      lastTransitionTime: '2026-01-01T00:00:01Z',
    })),
    podIP: '10.244.0.12',
    startTime: '2026-01-01T00:00:00Z',
  },
};

function measure(label: string, n: number, fn: () => unknown): void {
  for (let i = 0; i < 2000; i++) fn(); // warm up
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn();
  const ns = Number(process.hrtime.bigint() - start) / n;
  console.log(
    `${label.padEnd(28)} ${(ns / 1000).toFixed(2).padStart(8)} µs/op  ${Math.round(1e9 / ns)
      .toLocaleString('en')
      .padStart(12)} ops/s`,
  );
}

const N = 50_000;
measure('deepClone', N, () => deepClone(pod));
measure('structuredClone', N, () => structuredClone(pod));
measure('JSON.parse(JSON.stringify())', N, () => JSON.parse(JSON.stringify(pod)));
const copy = deepClone(pod);
measure('deepEqual (equal copies)', N, () => deepEqual(pod, copy));
measure('JSON.stringify compare', N, () => JSON.stringify(pod) === JSON.stringify(copy));
