import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod, PodSpec, PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { defaultPod, defaultPodSpec, defaultPodTemplateSpec } from './defaults.ts';
import { defaultPullPolicy, parseImageReference } from './image-reference.ts';

/** The nginx pod of the Kubernetes docs (pods/simple-pod.yaml). */
const nginxPod = (): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'nginx' },
  spec: { containers: [{ name: 'nginx', image: 'nginx:1.14.2', ports: [{ containerPort: 80 }] }] },
});

test('the docs nginx pod gets the spec a v1.32 server returns (before admission)', () => {
  const pod = nginxPod();
  defaultPod(pod);
  assert.deepEqual(pod.spec, {
    containers: [
      {
        name: 'nginx',
        image: 'nginx:1.14.2',
        imagePullPolicy: 'IfNotPresent',
        ports: [{ containerPort: 80, protocol: 'TCP' }],
        resources: {},
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
      },
    ],
    dnsPolicy: 'ClusterFirst',
    enableServiceLinks: true,
    restartPolicy: 'Always',
    schedulerName: 'default-scheduler',
    securityContext: {},
    terminationGracePeriodSeconds: 30,
  });
});

test('defaulting is idempotent and never throws on malformed input', () => {
  const pod = nginxPod();
  defaultPod(pod);
  const again = structuredClone(pod);
  defaultPod(again);
  assert.deepEqual(again, pod);
  for (const bad of [{}, { spec: null }, { spec: { containers: 'x', volumes: [null, 3] } }, { spec: [] }]) {
    defaultPod(bad as Pod);
  }
});

test('templates get PodSpec defaults but not the pod-only ones', () => {
  const template: PodTemplateSpec = {
    metadata: { labels: { app: 'x' } },
    spec: { containers: [{ name: 'c', image: 'busybox', resources: { limits: { cpu: '1' } } }] },
  };
  defaultPodTemplateSpec(template);
  assert.equal(template.spec?.enableServiceLinks, undefined);
  assert.deepEqual(template.spec?.containers[0]?.resources, { limits: { cpu: '1' } });
  assert.equal(template.spec?.containers[0]?.imagePullPolicy, 'Always');
  assert.deepEqual(template.metadata, { labels: { app: 'x' }, creationTimestamp: null });
});

test('pods get requests from limits, per resource, and canonical quantities', () => {
  const pod: Pod = {
    metadata: { name: 'p' },
    spec: {
      containers: [
        {
          name: 'a',
          image: 'a',
          resources: { limits: { cpu: '0.5', memory: '1024Mi' }, requests: { cpu: '100m' } },
        },
      ],
      initContainers: [
        { name: 'i', image: 'i', resources: { limits: { memory: 268435456 as unknown as string } } },
      ],
    },
  };
  defaultPod(pod);
  assert.deepEqual(pod.spec?.containers[0]?.resources, {
    limits: { cpu: '500m', memory: '1Gi' },
    requests: { cpu: '100m', memory: '1Gi' },
  });
  assert.deepEqual(pod.spec?.initContainers?.[0]?.resources, {
    limits: { memory: '268435456' },
    requests: { memory: '268435456' },
  });
});

test('quantities finer than a thousandth are rounded up', () => {
  const spec: PodSpec = {
    containers: [{ name: 'a', image: 'a', resources: { requests: { cpu: '0.0001' } } }],
  };
  defaultPodSpec(spec);
  assert.deepEqual(spec.containers[0]?.resources?.requests, { cpu: '1m' });
});

test('host network pods publish container ports on the host', () => {
  const pod: Pod = {
    spec: {
      hostNetwork: true,
      containers: [
        { name: 'a', image: 'a', ports: [{ containerPort: 8080 }, { containerPort: 9090, hostPort: 9091 }] },
      ],
    },
  };
  defaultPod(pod);
  assert.deepEqual(
    pod.spec?.containers[0]?.ports?.map((p) => p.hostPort),
    [8080, 9091],
  );
});

test('probes, lifecycle handlers and env field refs are defaulted', () => {
  const spec = {
    containers: [
      {
        name: 'a',
        image: 'a:1',
        livenessProbe: { httpGet: { port: 8080 } },
        readinessProbe: { grpc: { port: 9000 }, periodSeconds: 5 },
        lifecycle: { preStop: { httpGet: { port: 80 } } },
        env: [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
      },
    ],
  } as unknown as PodSpec;
  defaultPodSpec(spec);
  const c = spec.containers[0]!;
  assert.deepEqual(c.livenessProbe, {
    httpGet: { port: 8080, path: '/', scheme: 'HTTP' },
    timeoutSeconds: 1,
    periodSeconds: 10,
    successThreshold: 1,
    failureThreshold: 3,
  });
  assert.deepEqual(c.readinessProbe, {
    grpc: { port: 9000, service: '' },
    periodSeconds: 5,
    timeoutSeconds: 1,
    successThreshold: 1,
    failureThreshold: 3,
  });
  assert.deepEqual(c.lifecycle?.preStop?.httpGet, { port: 80, path: '/', scheme: 'HTTP' });
  assert.deepEqual(c.env?.[0]?.valueFrom?.fieldRef, { fieldPath: 'spec.nodeName', apiVersion: 'v1' });
});

test('volumes get their sources defaulted, and an empty source is an emptyDir', () => {
  const spec = {
    containers: [{ name: 'a', image: 'a' }],
    volumes: [
      { name: 'scratch' },
      { name: 'host', hostPath: { path: '/var/log' } },
      { name: 'cfg', configMap: { name: 'cfg' } },
      { name: 'sec', secret: { secretName: 's', defaultMode: 0o400 } },
      {
        name: 'down',
        downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] },
      },
      { name: 'proj', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } },
      { name: 'eph', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'] } } } },
    ],
  } as unknown as PodSpec;
  defaultPodSpec(spec);
  assert.deepEqual(spec.volumes, [
    { name: 'scratch', emptyDir: {} },
    { name: 'host', hostPath: { path: '/var/log', type: '' } },
    { name: 'cfg', configMap: { name: 'cfg', defaultMode: 420 } },
    { name: 'sec', secret: { secretName: 's', defaultMode: 256 } },
    {
      name: 'down',
      downwardAPI: {
        defaultMode: 420,
        items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels', apiVersion: 'v1' } }],
      },
    },
    {
      name: 'proj',
      projected: {
        defaultMode: 420,
        sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3600 } }],
      },
    },
    {
      name: 'eph',
      ephemeral: {
        volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem' } },
      },
    },
  ]);
});

test('image pull policy follows the tag as upstream parses references', () => {
  const cases: [string, 'Always' | 'IfNotPresent'][] = [
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.27', 'IfNotPresent'],
    ['docker.io/library/nginx:latest', 'Always'],
    ['localhost:5000/app', 'Always'],
    ['localhost:5000/app:v2', 'IfNotPresent'],
    [`busybox@sha256:${'a'.repeat(64)}`, 'IfNotPresent'],
    [`busybox:latest@sha256:${'a'.repeat(64)}`, 'Always'],
    ['Nginx', 'IfNotPresent'], // not a valid reference: upstream gets no tag
    ['', 'IfNotPresent'],
  ];
  for (const [image, policy] of cases) assert.equal(defaultPullPolicy(image), policy, image);
  assert.deepEqual(parseImageReference('nginx:1.27'), {
    repository: 'docker.io/library/nginx',
    tag: '1.27',
    digest: '',
  });
  assert.equal(parseImageReference('registry.k8s.io/pause:3.10')?.repository, 'registry.k8s.io/pause');
});
