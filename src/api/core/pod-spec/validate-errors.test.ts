// Exact errors (paths, messages, order) of pod validation over a realistic pod: a Deployment's pod
// after admission (the projected kube-api-access volume and its mount), each case breaking one
// part. They pin what validatePodCreate reports so its hot paths can be reworked safely; every
// expectation is what the validators reported before that work (upstream's own field paths,
// including its odd ones such as `projected.path` for a token path).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { fieldErrorMessage } from '../../../machinery/status.ts';
import { defaultPod } from './defaults.ts';
import { validatePodCreate } from './validate.ts';

type Obj = Record<string, any>;

const admittedPod = (): Obj => ({
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
        uid: '0b6b2d4e-8f1a-4c55-9d1e-2f0c3b000000',
        controller: true,
        blockOwnerDeletion: true,
      },
    ],
    name: 'big-7c5d8f9b6-rpf89',
    uid: 'ba978aa3-4c17-4318-bfcc-8df842051872',
    creationTimestamp: '2026-11-23T23:21:48Z',
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
        volumeMounts: [
          {
            name: 'kube-api-access-x7k2q',
            readOnly: true,
            mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
          },
        ],
      },
    ],
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    securityContext: {},
    schedulerName: 'default-scheduler',
    enableServiceLinks: true,
    serviceAccountName: 'default',
    serviceAccount: 'default',
    volumes: [
      {
        name: 'kube-api-access-x7k2q',
        projected: {
          defaultMode: 420,
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
            { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
            {
              downwardAPI: {
                items: [
                  { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' },
                ],
              },
            },
          ],
        },
      },
    ],
  },
  status: { phase: 'Pending', qosClass: 'Burstable' },
});

function messages(mutate: (pod: Obj) => void): string[] {
  const pod = admittedPod();
  pod.spec.volumes.unshift({ name: 'data', emptyDir: {} });
  pod.spec.containers[0].ports = [{ containerPort: 80, protocol: 'TCP' }];
  mutate(pod);
  defaultPod(pod as Pod);
  return validatePodCreate(pod as Pod).map(fieldErrorMessage);
}

test('the admitted pod is valid', () => {
  assert.deepEqual(
    messages(() => {}),
    [],
  );
});

const cases: [string, (p: Obj) => void, string[]][] = [
  [
    'token expiration too short',
    (p) => (p.spec.volumes[1].projected.sources[0].serviceAccountToken.expirationSeconds = 60),
    [
      'spec.volumes[1].projected.sources[0].serviceAccountToken.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes',
      'spec.containers[0].volumeMounts[0].name: Not found: "kube-api-access-x7k2q"',
    ],
  ],
  [
    'token expiration too long',
    (p) => (p.spec.volumes[1].projected.sources[0].serviceAccountToken.expirationSeconds = 2 ** 33),
    [
      'spec.volumes[1].projected.sources[0].serviceAccountToken.expirationSeconds: Invalid value: 8589934592: may not specify a duration larger than 2^32 seconds',
      'spec.containers[0].volumeMounts[0].name: Not found: "kube-api-access-x7k2q"',
    ],
  ],
  [
    'token without path',
    (p) => delete p.spec.volumes[1].projected.sources[0].serviceAccountToken.path,
    [
      'spec.volumes[1].projected.path: Required value',
      'spec.containers[0].volumeMounts[0].name: Not found: "kube-api-access-x7k2q"',
    ],
  ],
  [
    'token path absolute',
    (p) => (p.spec.volumes[1].projected.sources[0].serviceAccountToken.path = '/token'),
    [
      'spec.volumes[1].projected.path: Invalid value: "/token": must be a relative path',
      'spec.containers[0].volumeMounts[0].name: Not found: "kube-api-access-x7k2q"',
    ],
  ],
  [
    'token path starting with ..',
    (p) => (p.spec.volumes[1].projected.sources[0].serviceAccountToken.path = '..token'),
    [
      'spec.volumes[1].projected.path: Invalid value: "..token": must not start with \'..\'',
      'spec.containers[0].volumeMounts[0].name: Not found: "kube-api-access-x7k2q"',
    ],
  ],
  [
    'token path with backstep',
    (p) => (p.spec.volumes[1].projected.sources[0].serviceAccountToken.path = 'a/../../b'),
    [
      'spec.volumes[1].projected.path: Invalid value: "a/../../b": must not contain \'..\'',
      'spec.containers[0].volumeMounts[0].name: Not found: "kube-api-access-x7k2q"',
    ],
  ],
  [
    'projected configMap without name',
    (p) => delete p.spec.volumes[1].projected.sources[1].configMap.name,
    [
      'spec.volumes[1].projected.sources[1].configMap.name: Required value',
      'spec.containers[0].volumeMounts[0].name: Not found: "kube-api-access-x7k2q"',
    ],
  ],
  [
    'projected item without key or path',
    (p) => (p.spec.volumes[1].projected.sources[1].configMap.items[0] = { mode: 1000 }),
    [
      'spec.volumes[1].projected.sources[1].configMap.items[0].key: Required value',
      'spec.volumes[1].projected.sources[1].configMap.items[0].path: Required value',
      'spec.volumes[1].projected.sources[1].configMap.items[0].mode: Invalid value: 1000: must be a number between 0 and 0777 (octal), both inclusive',
      'spec.containers[0].volumeMounts[0].name: Not found: "kube-api-access-x7k2q"',
    ],
  ],
  [
    'projected item path backslash backstep',
    (p) => (p.spec.volumes[1].projected.sources[1].configMap.items[0].path = 'a\\..\\b'),
    [
      'spec.volumes[1].projected.sources[1].configMap.items[0].path: Invalid value: "a\\\\..\\\\b": must not contain \'..\'',
      'spec.containers[0].volumeMounts[0].name: Not found: "kube-api-access-x7k2q"',
    ],
  ],
  [
    'projected duplicate paths',
    (p) => (p.spec.volumes[1].projected.sources[1].configMap.items[0].path = 'token'),
    [],
  ],
  [
    'projected default mode',
    (p) => (p.spec.volumes[1].projected.defaultMode = -1),
    [
      'spec.volumes[1].projected.defaultMode: Invalid value: -1: must be a number between 0 and 0777 (octal), both inclusive',
      'spec.containers[0].volumeMounts[0].name: Not found: "kube-api-access-x7k2q"',
    ],
  ],
  [
    'projected source with two kinds',
    (p) => (p.spec.volumes[1].projected.sources[1].secret = { name: 's' }),
    [
      'spec.volumes[1].projected.sources[1]: Forbidden: may not specify more than 1 volume type per source',
      'spec.containers[0].volumeMounts[0].name: Not found: "kube-api-access-x7k2q"',
    ],
  ],
  [
    'downward file bad field',
    (p) => (p.spec.volumes[1].projected.sources[2].downwardAPI.items[0].fieldRef.fieldPath = 'spec.nodeName'),
    [
      'spec.volumes[1].projected.sources[2].downwardAPI.fieldRef.fieldPath: Unsupported value: "spec.nodeName": supported values: "metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid"',
      'spec.containers[0].volumeMounts[0].name: Not found: "kube-api-access-x7k2q"',
    ],
  ],
  [
    'downward file no ref',
    (p) => delete p.spec.volumes[1].projected.sources[2].downwardAPI.items[0].fieldRef,
    [
      'spec.volumes[1].projected.sources[2].downwardAPI: Required value: one of fieldRef and resourceFieldRef is required',
      'spec.containers[0].volumeMounts[0].name: Not found: "kube-api-access-x7k2q"',
    ],
  ],
  [
    'downward file two refs',
    (p) =>
      (p.spec.volumes[1].projected.sources[2].downwardAPI.items[0].resourceFieldRef = {
        resource: 'limits.cpu',
        containerName: 'app',
      }),
    [
      'spec.volumes[1].projected.sources[2].downwardAPI: Invalid value: "resource": fieldRef and resourceFieldRef can not be specified simultaneously',
      'spec.containers[0].volumeMounts[0].name: Not found: "kube-api-access-x7k2q"',
    ],
  ],
  [
    'downward file no path, mode',
    (p) => {
      const f = p.spec.volumes[1].projected.sources[2].downwardAPI.items[0];
      delete f.path;
      f.mode = 4096;
    },
    [
      'spec.volumes[1].projected.sources[2].downwardAPI.path: Required value',
      'spec.volumes[1].projected.sources[2].downwardAPI.mode: Invalid value: 4096: must be a number between 0 and 0777 (octal), both inclusive',
      'spec.containers[0].volumeMounts[0].name: Not found: "kube-api-access-x7k2q"',
    ],
  ],
  [
    'downward file api version',
    (p) => (p.spec.volumes[1].projected.sources[2].downwardAPI.items[0].fieldRef.apiVersion = 'v2'),
    [
      'spec.volumes[1].projected.sources[2].downwardAPI.fieldRef.fieldPath: Invalid value: "metadata.namespace": error converting fieldPath: unsupported pod version: v2',
      'spec.containers[0].volumeMounts[0].name: Not found: "kube-api-access-x7k2q"',
    ],
  ],
  [
    'downward label subscript',
    (p) =>
      (p.spec.volumes[1].projected.sources[2].downwardAPI.items[0].fieldRef.fieldPath =
        "metadata.labels['Bad Key']"),
    [
      "spec.volumes[1].projected.sources[2].downwardAPI.fieldRef: Invalid value: \"Bad Key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      'spec.containers[0].volumeMounts[0].name: Not found: "kube-api-access-x7k2q"',
    ],
  ],
  [
    'downward resource ref',
    (p) =>
      (p.spec.volumes[1].projected.sources[2].downwardAPI.items[0] = {
        path: 'cpu',
        resourceFieldRef: { resource: 'limits.gpu', divisor: '3m' },
      }),
    [
      'spec.volumes[1].projected.sources[2].downwardAPI.resourceFieldRef.containerName: Required value',
      'spec.containers[0].volumeMounts[0].name: Not found: "kube-api-access-x7k2q"',
    ],
  ],
  ['empty projected source', (p) => p.spec.volumes[1].projected.sources.push({}), []],
  [
    'projected trust bundle',
    (p) =>
      p.spec.volumes[1].projected.sources.push({
        clusterTrustBundle: { name: 'x', signerName: 'y', path: '../p' },
      }),
    [
      'spec.volumes[1].projected.sources[3].clusterTrustBundle: Invalid value: map[string]string{"name":"x", "path":"../p", "signerName":"y"}: only one of name and signerName may be used',
      'spec.volumes[1].projected.sources[3].clusterTrustBundle.path: Invalid value: "../p": must not contain \'..\'',
      'spec.containers[0].volumeMounts[0].name: Not found: "kube-api-access-x7k2q"',
    ],
  ],
  [
    'volume name invalid',
    (p) => (p.spec.volumes[1].name = 'Bad_Name'),
    [
      "spec.volumes[1].name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      'spec.containers[0].volumeMounts[0].name: Not found: "kube-api-access-x7k2q"',
    ],
  ],
  [
    'volume name duplicate of projected',
    (p) => (p.spec.volumes[0].name = p.spec.volumes[1].name),
    ['spec.volumes[1].name: Duplicate value: "kube-api-access-x7k2q"'],
  ],
  ['volume without source', (p) => delete p.spec.volumes[1].projected, []],
  [
    'volume with three sources',
    (p) => {
      p.spec.volumes[1].emptyDir = {};
      p.spec.volumes[1].downwardAPI = {};
    },
    [
      'spec.volumes[1].downwarAPI: Forbidden: may not specify more than 1 volume type',
      'spec.volumes[1].projected: Forbidden: may not specify more than 1 volume type',
      'spec.containers[0].volumeMounts[0].name: Not found: "kube-api-access-x7k2q"',
    ],
  ],
  [
    'mount of invalid volume',
    (p) => (p.spec.volumes[1].name = 'Bad_Name'),
    [
      "spec.volumes[1].name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      'spec.containers[0].volumeMounts[0].name: Not found: "kube-api-access-x7k2q"',
    ],
  ],
  [
    'mount without name and path',
    (p) => p.spec.containers[0].volumeMounts.push({}),
    [
      'spec.containers[0].volumeMounts[1].name: Required value',
      'spec.containers[0].volumeMounts[1].name: Not found: ""',
      'spec.containers[0].volumeMounts[1].mountPath: Required value',
    ],
  ],
  [
    'mount subPath absolute',
    (p) => (p.spec.containers[0].volumeMounts[0].subPath = '/abs/../x'),
    [
      'spec.containers[0].volumeMounts.subPath: Invalid value: "/abs/../x": must be a relative path',
      'spec.containers[0].volumeMounts.subPath: Invalid value: "/abs/../x": must not contain \'..\'',
    ],
  ],
  [
    'mount subPath and expr',
    (p) => Object.assign(p.spec.containers[0].volumeMounts[0], { subPath: 'a', subPathExpr: '$(X)' }),
    [
      'spec.containers[0].volumeMounts[0].subPathExpr: Invalid value: "$(X)": subPathExpr and subPath are mutually exclusive',
    ],
  ],
  [
    'mount propagation',
    (p) => (p.spec.containers[0].volumeMounts[0].mountPropagation = 'Sideways'),
    [
      'spec.containers[0].volumeMounts.mountPropagation: Unsupported value: "Sideways": supported values: "Bidirectional", "HostToContainer", "None"',
    ],
  ],
  [
    'mount recursive read only',
    (p) => (p.spec.containers[0].volumeMounts[0].recursiveReadOnly = 'Enabled'),
    [],
  ],
  [
    'device and mount clash',
    (p) =>
      (p.spec.containers[0].volumeDevices = [
        { name: 'data', devicePath: '/var/run/secrets/kubernetes.io/serviceaccount' },
        { name: '', devicePath: 'a/../b' },
      ]),
    [
      'spec.containers[0].volumeMounts[0].mountPath: Invalid value: "/var/run/secrets/kubernetes.io/serviceaccount": must not already exist as a path in volumeDevices',
      'spec.containers[0].volumeDevices[0].name: Invalid value: "data": can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode',
      'spec.containers[0].volumeDevices[0].devicePath: Invalid value: "/var/run/secrets/kubernetes.io/serviceaccount": must not already exist as a path in volumeMounts',
      'spec.containers[0].volumeDevices[1].name: Required value',
      'spec.containers[0].volumeDevices[1].name: Not found: ""',
      'spec.containers[0].volumeDevices[1].devicePath: Invalid value: "a/../b": can not contain backsteps (\'..\')',
    ],
  ],
  [
    'requests without limits, non overcommit',
    (p) => (p.spec.containers[0].resources = { requests: { 'example.com/dev': '1' } }),
    [
      'spec.containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources',
    ],
  ],
  [
    'requests differ from limits, non overcommit',
    (p) =>
      (p.spec.containers[0].resources = {
        requests: { 'example.com/dev': '1' },
        limits: { 'example.com/dev': '2' },
      }),
    [
      'spec.containers[0].resources.requests: Invalid value: "1": must be equal to example.com/dev limit of 2',
    ],
  ],
  [
    'bad quantities',
    (p) =>
      (p.spec.containers[0].resources = {
        requests: { cpu: 'lots', memory: 5 },
        limits: { memory: '1.5.5', 'hugepages-2Mi': '3Mi' },
      }),
    [
      'spec.containers[0].resources.limits[memory]: Invalid value: "1.5.5": quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'',
      'spec.containers[0].resources.limits[hugepages-2Mi]: Invalid value: "3Mi": 3Mi is not positive integer multiple of hugepages-2Mi',
      'spec.containers[0].resources.requests[cpu]: Invalid value: "lots": quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'',
      'spec.containers[0].resources.requests[hugepages-2Mi]: Invalid value: "3Mi": 3Mi is not positive integer multiple of hugepages-2Mi',
    ],
  ],
  [
    'hugepages alone',
    (p) => (p.spec.containers[0].resources = { limits: { 'hugepages-2Mi': '4Mi' } }),
    ['spec.containers[0].resources: Forbidden: HugePages require cpu or memory'],
  ],
  [
    'resource claims',
    (p) =>
      (p.spec.containers[0].resources = {
        claims: [{ name: 'gpu' }, { name: '' }, { name: 'gpu', request: 'Bad' }],
      }),
    [
      'spec.containers[0].resources.claims[0]: Not found: "gpu": must be one of the names in pod.spec.resourceClaims which is empty',
      'spec.containers[0].resources.claims[1]: Required value',
      'spec.containers[0].resources.claims[2]: Duplicate value: "gpu"',
      'spec.containers[0].resources.claims[2]: Not found: "gpu": must be one of the names in pod.spec.resourceClaims which is empty',
    ],
  ],
  [
    'overhead',
    (p) => (p.spec.overhead = { cpu: '-1', foo: '1' }),
    [
      'spec.overhead.limits[cpu]: Invalid value: "-1": must be greater than or equal to 0',
      'spec.overhead.limits[foo]: Invalid value: foo: must be a standard resource type or fully qualified',
      'spec.overhead.limits[foo]: Invalid value: foo: must be a standard resource for containers',
    ],
  ],
  [
    'container fields',
    (p) =>
      Object.assign(p.spec.containers[0], {
        name: 'Bad',
        image: '',
        terminationMessagePolicy: 'Other',
        imagePullPolicy: 'Sometimes',
        restartPolicy: 'Always',
      }),
    [
      "spec.containers[0].name: Invalid value: \"Bad\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      'spec.containers[0].image: Required value',
      'spec.containers[0].terminationMessagePolicy: Unsupported value: "Other": supported values: "File", "FallbackToLogsOnError"',
      'spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
      'spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers',
    ],
  ],
  [
    'container missing enums',
    (p) => {
      delete p.spec.containers[0].terminationMessagePolicy;
      delete p.spec.containers[0].imagePullPolicy;
    },
    [],
  ],
  [
    'ports',
    (p) =>
      (p.spec.containers[0].ports = [
        { containerPort: 0, name: 'Bad_Name', protocol: 'ICMP', hostPort: 70000 },
        { containerPort: 80, name: 'web' },
        { containerPort: 81, name: 'web', hostPort: 80 },
      ]),
    [
      'spec.containers[0].ports[0].name: Invalid value: "Bad_Name": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.containers[0].ports[0].containerPort: Required value',
      'spec.containers[0].ports[0].hostPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.containers[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
      'spec.containers[0].ports[2].name: Duplicate value: "web"',
    ],
  ],
  [
    'env',
    (p) =>
      (p.spec.containers[0].env = [
        { name: '' },
        { name: 'A', value: 'x', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'B', valueFrom: { secretKeyRef: { key: '' } } },
      ]),
    [
      'spec.containers[0].env[0].name: Required value',
      'spec.containers[0].env[1].valueFrom: Invalid value: "": may not be specified when `value` is not empty',
      "spec.containers[0].env[2].valueFrom.secretKeyRef.name: Invalid value: \"\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      'spec.containers[0].env[2].valueFrom.secretKeyRef.key: Required value',
    ],
  ],
  [
    'envFrom',
    (p) => (p.spec.containers[0].envFrom = [{ prefix: '1=', configMapRef: { name: '' } }, {}]),
    [
      'spec.containers[0].envFrom[0].prefix: Invalid value: "1=": a valid environment variable name must consist only of printable ASCII characters other than \'=\'',
      'spec.containers[0].envFrom[0].configMapRef.name: Required value',
      'spec.containers[0].envFrom: Invalid value: "": must specify one of: `configMapRef` or `secretRef`',
    ],
  ],
  [
    'resize policy',
    (p) =>
      (p.spec.containers[0].resizePolicy = [
        { resourceName: 'gpu', restartPolicy: 'Maybe' },
        { resourceName: 'gpu' },
      ]),
    [
      'spec.containers[0].resizePolicy: Unsupported value: "gpu": supported values: "cpu", "memory"',
      'spec.containers[0].resizePolicy: Unsupported value: "Maybe": supported values: "NotRequired", "RestartContainer"',
      'spec.containers[0].resizePolicy[1]: Duplicate value: "gpu"',
      'spec.containers[0].resizePolicy: Unsupported value: "gpu": supported values: "cpu", "memory"',
      'spec.containers[0].resizePolicy: Required value',
    ],
  ],
  [
    'probes',
    (p) =>
      Object.assign(p.spec.containers[0], {
        livenessProbe: { exec: { command: ['x'] }, periodSeconds: -1, successThreshold: 2 },
        readinessProbe: { terminationGracePeriodSeconds: 5 },
        startupProbe: { tcpSocket: { port: 0 }, terminationGracePeriodSeconds: 0 },
      }),
    [
      'spec.containers[0].livenessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0',
      'spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1',
      'spec.containers[0].readinessProbe: Required value: must specify a handler type',
      'spec.containers[0].readinessProbe.terminationGracePeriodSeconds: Invalid value: 5: must not be set for readinessProbes',
      'spec.containers[0].startupProbe.tcpSocket.port: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.containers[0].startupProbe.terminationGracePeriodSeconds: Invalid value: 0: must be greater than 0',
    ],
  ],
  [
    'lifecycle',
    (p) => (p.spec.containers[0].lifecycle = { preStop: {}, postStart: { sleep: { seconds: 100 } } }),
    [
      'spec.containers[0].lifecycle.postStart.sleep: Invalid value: 100: must be greater than 0 and less than terminationGracePeriodSeconds (30). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.',
      'spec.containers[0].lifecycle.preStop: Required value: must specify a handler type',
    ],
  ],
  [
    'container security context',
    (p) =>
      (p.spec.containers[0].securityContext = {
        runAsUser: -1,
        privileged: true,
        allowPrivilegeEscalation: false,
        capabilities: { add: ['SYS_ADMIN'] },
        procMount: 'Weird',
        seccompProfile: { type: 'Localhost' },
      }),
    [
      'spec.containers[0].securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive',
      'spec.containers[0].securityContext.procMount: Unsupported value: "Weird": supported values: "Default", "Unmasked"',
      'spec.containers[0].securityContext.seccompProfile.localhostProfile: Required value: must be set when seccomp type is Localhost',
      'spec.containers[0].securityContext: Invalid value: {"runAsUser":-1,"privileged":true,"allowPrivilegeEscalation":false,"capabilities":{"add":["SYS_ADMIN"]},"procMount":"Weird","seccompProfile":{"type":"Localhost"}}: cannot set `allowPrivilegeEscalation` to false and `privileged` to true',
    ],
  ],
  [
    'init containers',
    (p) =>
      (p.spec.initContainers = [
        {
          name: 'init',
          image: 'x',
          terminationMessagePolicy: 'File',
          imagePullPolicy: 'Always',
          livenessProbe: {},
          restartPolicy: 'Sometimes',
          resizePolicy: [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }],
        },
        { name: 'app', image: '' },
      ]),
    [
      'spec.initContainers[0].restartPolicy: Unsupported value: "Sometimes": supported values: "Always"',
      'spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always',
      'spec.initContainers[0].resizePolicy: Invalid value: [{"resourceName":"cpu","restartPolicy":"NotRequired"}]: must not be set for init containers',
      'spec.initContainers[1].image: Required value',
      'spec.initContainers[1].name: Duplicate value: "app"',
    ],
  ],
  [
    'ephemeral containers',
    (p) =>
      (p.spec.ephemeralContainers = [
        {
          name: 'debug',
          image: 'x',
          terminationMessagePolicy: 'File',
          imagePullPolicy: 'Always',
          ports: [{ containerPort: 1 }],
          targetContainerName: 'nope',
        },
      ]),
    [
      'spec.ephemeralContainers[0].targetContainerName: Not found: "nope"',
      'spec.ephemeralContainers[0].ports: Forbidden: cannot be set for an Ephemeral Container',
      'spec.ephemeralContainers: Forbidden: cannot be set on create',
    ],
  ],
  [
    'spec enums',
    (p) => {
      p.spec.restartPolicy = 'Sometimes';
      delete p.spec.dnsPolicy;
      p.spec.preemptionPolicy = 'Sure';
      delete p.spec.terminationGracePeriodSeconds;
    },
    [
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      'spec.preemptionPolicy: Unsupported value: "Sure": supported values: "PreemptLowerPriority", "Never"',
    ],
  ],
  [
    'spec names',
    (p) =>
      Object.assign(p.spec, {
        serviceAccountName: 'Bad_SA',
        nodeName: 'Bad_Node',
        hostname: 'Bad',
        subdomain: 'x.y',
        priorityClassName: 'Bad_',
        runtimeClassName: '',
      }),
    [
      "spec.serviceAccountName: Invalid value: \"Bad_SA\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      "spec.nodeName: Invalid value: \"Bad_Node\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      "spec.hostname: Invalid value: \"Bad\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      'spec.subdomain: Invalid value: "x.y": must not contain dots',
      "spec.priorityClassName: Invalid value: \"Bad_\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      "spec.runtimeClassName: Invalid value: \"\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ],
  ],
  [
    'node selector and gates',
    (p) =>
      Object.assign(p.spec, {
        nodeSelector: { 'bad key!': 'v' },
        readinessGates: [{ conditionType: '' }],
        schedulingGates: [{ name: 'a' }, { name: 'a' }],
        imagePullSecrets: [{ name: 'x', other: 1 }],
      }),
    [
      "spec.nodeSelector: Invalid value: \"bad key!\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      'spec.imagePullSecrets[0]: Invalid value: {"name":"x","other":1}: only name may be set',
      'spec.readinessGates[0].conditionType: Invalid value: "": name part must be non-empty',
      "spec.readinessGates[0].conditionType: Invalid value: \"\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      'spec.schedulingGates[1]: Duplicate value: "a"',
    ],
  ],
  [
    'dns config',
    (p) =>
      Object.assign(p.spec, {
        dnsPolicy: 'None',
        dnsConfig: {
          nameservers: ['1.1.1.1', 'x', '2.2.2.2', '3.3.3.3'],
          searches: ['Bad_.', 'ok.'],
          options: [{}],
        },
      }),
    [
      'spec.dnsConfig.nameservers: Invalid value: []string{"1.1.1.1", "x", "2.2.2.2", "3.3.3.3"}: must not have more than 3 nameservers',
      'spec.dnsConfig.nameservers[1]: Invalid value: "x": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      "spec.dnsConfig.searches[0]: Invalid value: \"Bad_\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      'spec.dnsConfig.options[0]: Required value: must not be empty',
    ],
  ],
  [
    'host aliases and network',
    (p) => Object.assign(p.spec, { hostNetwork: true, hostAliases: [{ ip: 'nope', hostnames: ['Bad_'] }] }),
    [
      'spec.hostAliases[0].ip: Invalid value: "nope": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      "spec.hostAliases[0].hostnames[0]: Invalid value: \"Bad_\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ],
  ],
  [
    'affinity and tolerations',
    (p) =>
      Object.assign(p.spec, {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: 'a', operator: 'In' }] }],
            },
          },
          podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: '' }] },
        },
        tolerations: [{ key: 'k', operator: 'Exists', value: 'v' }, { effect: 'Bad' }],
      }),
    [
      "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      'spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Required value: can not be empty',
      'spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Invalid value: "": name part must be non-empty',
      "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Invalid value: \"\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      'spec.tolerations[0].operator: Invalid value: "v": value must be empty when `operator` is \'Exists\'',
      'spec.tolerations[1].operator: Invalid value: "": operator must be Exists when `key` is empty, which means "match all values and all keys"',
      'spec.tolerations[1].effect: Unsupported value: "Bad": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
    ],
  ],
  [
    'spread constraints',
    (p) => (p.spec.topologySpreadConstraints = [{ maxSkew: 0, topologyKey: '', whenUnsatisfiable: 'Maybe' }]),
    [
      'spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero',
      'spec.topologySpreadConstraints[0].topologyKey: Required value: can not be empty',
      'spec.topologySpreadConstraints[0].whenUnsatisfiable: Unsupported value: "Maybe": supported values: "DoNotSchedule", "ScheduleAnyway"',
    ],
  ],
  [
    'pod security context',
    (p) =>
      (p.spec.securityContext = {
        runAsUser: -5,
        fsGroup: -1,
        sysctls: [{ name: 'bad sysctl', value: '1' }],
        seccompProfile: { type: 'Nope' },
      }),
    [
      'spec.securityContext.fsGroup: Invalid value: -1: must be between 0 and 2147483647, inclusive',
      'spec.securityContext.runAsUser: Invalid value: -5: must be between 0 and 2147483647, inclusive',
      'spec.securityContext.sysctls[0].name: Invalid value: "bad sysctl": must have at most 253 characters and match regex ^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$',
      'spec.securityContext.seccompProfile.type: Unsupported value: "Nope": supported values: "Localhost", "RuntimeDefault", "Unconfined"',
    ],
  ],
  [
    'os',
    (p) => (p.spec.os = { name: 'plan9' }),
    ['spec.os.name: Unsupported value: "plan9": supported values: "linux", "windows"'],
  ],
  [
    'os windows',
    (p) => {
      p.spec.os = { name: 'windows' };
      p.spec.securityContext = { seLinuxOptions: { user: 'x' } };
    },
    ['spec.securityContext.seLinuxOptions: Forbidden: cannot be set for a windows pod'],
  ],
  [
    'host users false',
    (p) => Object.assign(p.spec, { hostUsers: false, hostNetwork: true, hostPID: true, hostIPC: true }),
    [
      'spec.hostNetwork: Forbidden: when `pod.Spec.HostUsers` is false',
      'spec.HostPID: Forbidden: when `pod.Spec.HostUsers` is false',
      'spec.HostIPC: Forbidden: when `pod.Spec.HostUsers` is false',
    ],
  ],
  [
    'activeDeadline',
    (p) => (p.spec.activeDeadlineSeconds = 0),
    ['spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive'],
  ],
  [
    'resource claims in spec',
    (p) =>
      (p.spec.resourceClaims = [
        { name: 'a' },
        { name: 'a', resourceClaimName: 'x', resourceClaimTemplateName: 'y' },
      ]),
    [
      'spec.resourceClaims[0]: Invalid value: map[string]string{"name":"a"}: must specify one of: `resourceClaimName`, `resourceClaimTemplateName`',
      'spec.resourceClaims[1].name: Duplicate value: "a"',
      'spec.resourceClaims[1]: Invalid value: map[string]string{"name":"a", "resourceClaimName":"x", "resourceClaimTemplateName":"y"}: at most one of `resourceClaimName` or `resourceClaimTemplateName` may be specified',
    ],
  ],
  [
    'annotations',
    (p) =>
      (p.metadata.annotations = {
        'kubernetes.io/config.mirror': 'x',
        'controller.kubernetes.io/pod-deletion-cost': 'abc',
        'container.apparmor.security.beta.kubernetes.io/nope': 'bad',
        'seccomp.security.alpha.kubernetes.io/pod': 'weird',
      }),
    [
      'metadata.annotations[kubernetes.io/config.mirror]: Invalid value: "x": must set spec.nodeName if mirror pod annotation is set',
      'metadata.annotations[controller.kubernetes.io/pod-deletion-cost]: Invalid value: "abc": must be a 32bit integer',
      'metadata.annotations[container.apparmor.security.beta.kubernetes.io/nope]: Invalid value: "nope": container not found',
      'metadata.annotations[container.apparmor.security.beta.kubernetes.io/nope]: Invalid value: "bad": invalid AppArmor profile name: "bad"',
      'metadata.annotations.seccomp.security.alpha.kubernetes.io/pod: Invalid value: "weird": must be a valid seccomp profile',
    ],
  ],
  [
    'no service account with token',
    (p) => delete p.spec.serviceAccountName,
    [
      'spec.volumes[1].projected.sources[0].serviceAccountToken: Forbidden: must not be specified when serviceAccountName is not set',
    ],
  ],
  [
    'ephemeral volume',
    (p) =>
      p.spec.volumes.push(
        { name: 'eph', ephemeral: { volumeClaimTemplate: { spec: { accessModes: [], resources: {} } } } },
        { name: 'pvc', persistentVolumeClaim: { claimName: 'big-7c5d8f9b6-abcde-eph' } },
      ),
    [
      'spec.volumes[2].ephemeral.volumeClaimTemplate.spec.accessModes: Required value: at least 1 access mode is required',
      'spec.volumes[2].ephemeral.volumeClaimTemplate.spec.resources[storage]: Required value',
    ],
  ],
  [
    'other volume sources',
    (p) =>
      p.spec.volumes.push(
        { name: 'h', hostPath: { path: '/x', type: 'Weird' } },
        { name: 'n', nfs: {} },
        { name: 'c', csi: { driver: 'Bad_Driver', nodePublishSecretRef: {} } },
        { name: 's', secret: { items: [{ key: '', path: '..x' }] } },
        { name: 'd', downwardAPI: { items: [{ path: 'a' }] } },
        { name: 'i', image: { pullPolicy: 'Nah' } },
      ),
    [
      'spec.volumes[2].hostPath.type: Unsupported value: "Weird": supported values: "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"',
      'spec.volumes[3].nfs.server: Required value',
      'spec.volumes[3].nfs.path: Required value',
      'spec.volumes[3].nfs.path: Invalid value: "": must be an absolute path',
      "spec.volumes[4].csi.driver: Invalid value: \"Bad_Driver\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      'spec.volumes[4].csi.nodePublishSecretRef.name: Required value',
      'spec.volumes[5].secret.secretName: Required value',
      'spec.volumes[5].secret.items[0].key: Required value',
      'spec.volumes[5].secret.items[0].path: Invalid value: "..x": must not start with \'..\'',
      'spec.volumes[6].downwardAPI: Required value: one of fieldRef and resourceFieldRef is required',
      'spec.volumes[7].image.reference: Required value',
      'spec.volumes[7].image.pullPolicy: Unsupported value: "Nah": supported values: "Always", "IfNotPresent", "Never"',
    ],
  ],
];

for (const [name, mutate, expected] of cases) {
  test(name, () => {
    assert.deepEqual(messages(mutate), expected);
  });
}
