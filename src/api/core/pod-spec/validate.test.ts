import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod, PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { fieldErrorMessage } from '../../../machinery/status.ts';
import { defaultPod, defaultPodTemplateSpec } from './defaults.ts';
import { podQOSClass } from './qos.ts';
import {
  validatePodCreate,
  validatePodSpecUpdate,
  validatePodStatusUpdate,
  validatePodTemplateSpec,
} from './validate.ts';

type Obj = Record<string, any>;

const basePod = (): Obj => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80, name: 'http' }] }],
    volumes: [{ name: 'data', emptyDir: {} }],
  },
});

function createMessages(mutate: (pod: Obj) => void): string[] {
  const pod = basePod();
  mutate(pod);
  defaultPod(pod as Pod);
  return validatePodCreate(pod as Pod).map(fieldErrorMessage);
}

const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

test('a plain pod is valid', () => {
  assert.deepEqual(
    createMessages(() => {}),
    [],
  );
});

const invalidCases: [string, (pod: Obj) => void, string[]][] = [
  ['no containers', (p) => (p.spec.containers = []), ['spec.containers: Required value']],
  [
    'container name not a DNS label',
    (p) => (p.spec.containers[0].name = 'Web_1'),
    [`spec.containers[0].name: Invalid value: "Web_1": ${LABEL_MSG}`],
  ],
  [
    'missing container name',
    (p) => delete p.spec.containers[0].name,
    ['spec.containers[0].name: Required value'],
  ],
  [
    'duplicate container names',
    (p) => p.spec.containers.push({ name: 'nginx', image: 'nginx' }),
    ['spec.containers[1].name: Duplicate value: "nginx"'],
  ],
  [
    'init container named like a container',
    (p) => (p.spec.initContainers = [{ name: 'nginx', image: 'busybox' }]),
    ['spec.initContainers[0].name: Duplicate value: "nginx"'],
  ],
  ['missing image', (p) => delete p.spec.containers[0].image, ['spec.containers[0].image: Required value']],
  [
    'image with whitespace',
    (p) => (p.spec.containers[0].image = ' nginx'),
    ['spec.containers[0].image: Invalid value: " nginx": must not have leading or trailing whitespace'],
  ],
  [
    'port out of range',
    (p) => (p.spec.containers[0].ports[0].containerPort = 70000),
    [
      'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
    ],
  ],
  [
    'port without number',
    (p) => delete p.spec.containers[0].ports[0].containerPort,
    ['spec.containers[0].ports[0].containerPort: Required value'],
  ],
  [
    'unknown protocol',
    (p) => (p.spec.containers[0].ports[0].protocol = 'HTTP'),
    [
      'spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    ],
  ],
  [
    'duplicate port names',
    (p) => p.spec.containers[0].ports.push({ containerPort: 81, name: 'http' }),
    ['spec.containers[0].ports[1].name: Duplicate value: "http"'],
  ],
  [
    'host port used twice',
    (p) =>
      (p.spec.containers[0].ports = [
        { containerPort: 80, hostPort: 8080 },
        { containerPort: 81, hostPort: 8080 },
      ]),
    ['spec.containers[0].ports[1].hostPort: Duplicate value: "TCP//8080"'],
  ],
  [
    'requests above limits',
    (p) => (p.spec.containers[0].resources = { requests: { cpu: '2' }, limits: { cpu: '500m' } }),
    [
      'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 500m',
    ],
  ],
  [
    'negative quantity',
    (p) => (p.spec.containers[0].resources = { requests: { memory: '-1Gi' } }),
    [
      'spec.containers[0].resources.requests[memory]: Invalid value: "-1Gi": must be greater than or equal to 0',
    ],
  ],
  [
    'unknown resource',
    (p) => (p.spec.containers[0].resources = { limits: { gpu: '1' } }),
    [
      'spec.containers[0].resources.limits[gpu]: Invalid value: gpu: must be a standard resource type or fully qualified',
      'spec.containers[0].resources.limits[gpu]: Invalid value: gpu: must be a standard resource for containers',
      // Requests default from limits on a pod, so upstream reports them too.
      'spec.containers[0].resources.requests[gpu]: Invalid value: gpu: must be a standard resource type or fully qualified',
      'spec.containers[0].resources.requests[gpu]: Invalid value: gpu: must be a standard resource for containers',
    ],
  ],
  [
    // upstream's IsStandardResourceName counts quota hugepage names as standard: only the
    // container rule rejects them.
    'quota hugepages name in a container',
    (p) => (p.spec.containers[0].resources = { limits: { 'requests.hugepages-2Mi': '2Mi' } }),
    [
      'spec.containers[0].resources.limits[requests.hugepages-2Mi]: Invalid value: requests.hugepages-2Mi: must be a standard resource for containers',
      'spec.containers[0].resources.requests[requests.hugepages-2Mi]: Invalid value: requests.hugepages-2Mi: must be a standard resource for containers',
    ],
  ],
  [
    'fractional extended resource',
    (p) => (p.spec.containers[0].resources = { limits: { 'example.com/gpu': '500m' } }),
    [
      'spec.containers[0].resources.limits[example.com/gpu]: Invalid value: 500m: must be an integer',
      'spec.containers[0].resources.requests[example.com/gpu]: Invalid value: 500m: must be an integer',
    ],
  ],
  [
    'mount of an unknown volume',
    (p) => (p.spec.containers[0].volumeMounts = [{ name: 'nope', mountPath: '/x' }]),
    ['spec.containers[0].volumeMounts[0].name: Not found: "nope"'],
  ],
  [
    'two mounts on one path',
    (p) =>
      (p.spec.containers[0].volumeMounts = [
        { name: 'data', mountPath: '/x' },
        { name: 'data', mountPath: '/x' },
      ]),
    ['spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/x": must be unique'],
  ],
  [
    'volume with two sources',
    (p) => (p.spec.volumes[0].hostPath = { path: '/tmp' }),
    ['spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type'],
  ],
  [
    'duplicate volume names',
    (p) => p.spec.volumes.push({ name: 'data', emptyDir: {} }),
    ['spec.volumes[1].name: Duplicate value: "data"'],
  ],
  [
    'volume without name',
    (p) => (p.spec.volumes = [{ emptyDir: {} }]),
    ['spec.volumes[0].name: Required value'],
  ],
  [
    'configMap volume without a name',
    (p) => (p.spec.volumes = [{ name: 'cfg', configMap: {} }]),
    ['spec.volumes[0].configMap.name: Required value'],
  ],
  [
    'secret item escaping the volume',
    (p) =>
      (p.spec.volumes = [
        { name: 's', secret: { secretName: 's', items: [{ key: 'k', path: '../etc/passwd' }] } },
      ]),
    ['spec.volumes[0].secret.items[0].path: Invalid value: "../etc/passwd": must not contain \'..\''],
  ],
  [
    'file mode beyond 0777',
    (p) => (p.spec.volumes = [{ name: 's', secret: { secretName: 's', defaultMode: 512 } }]),
    [
      'spec.volumes[0].secret.defaultMode: Invalid value: 512: must be a number between 0 and 0777 (octal), both inclusive',
    ],
  ],
  [
    'hostPath without a path',
    (p) => (p.spec.volumes = [{ name: 'h', hostPath: { path: '' } }]),
    ['spec.volumes[0].hostPath.path: Required value'],
  ],
  [
    'unknown restart policy',
    (p) => (p.spec.restartPolicy = 'Sometimes'),
    ['spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"'],
  ],
  [
    'unknown dns policy',
    (p) => (p.spec.dnsPolicy = 'Google'),
    [
      'spec.dnsPolicy: Unsupported value: "Google": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
    ],
  ],
  [
    'dnsPolicy None without config',
    (p) => (p.spec.dnsPolicy = 'None'),
    ['spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None'],
  ],
  [
    'env var with =',
    (p) => (p.spec.containers[0].env = [{ name: 'A=B', value: 'x' }]),
    [
      'spec.containers[0].env[0].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than \'=\'',
    ],
  ],
  [
    'env value and valueFrom',
    (p) =>
      (p.spec.containers[0].env = [
        { name: 'A', value: 'x', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      ]),
    [
      'spec.containers[0].env[0].valueFrom: Invalid value: "": may not be specified when `value` is not empty',
    ],
  ],
  [
    'env field ref not exposed',
    (p) =>
      (p.spec.containers[0].env = [
        { name: 'A', valueFrom: { fieldRef: { fieldPath: 'spec.restartPolicy' } } },
      ]),
    [
      'spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Unsupported value: "spec.restartPolicy": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"',
    ],
  ],
  [
    'liveness probe success threshold',
    (p) => (p.spec.containers[0].livenessProbe = { tcpSocket: { port: 80 }, successThreshold: 2 }),
    ['spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1'],
  ],
  [
    'probe without handler',
    (p) => (p.spec.containers[0].readinessProbe = { periodSeconds: 5 }),
    ['spec.containers[0].readinessProbe: Required value: must specify a handler type'],
  ],
  [
    'probe with two handlers',
    (p) => (p.spec.containers[0].readinessProbe = { exec: { command: ['true'] }, tcpSocket: { port: 80 } }),
    ['spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type'],
  ],
  [
    'probe on a named port that is not a port name',
    (p) => (p.spec.containers[0].livenessProbe = { httpGet: { port: 'Web' } }),
    [
      'spec.containers[0].livenessProbe.httpGet.port: Invalid value: "Web": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    ],
  ],
  [
    'probe on an init container',
    (p) =>
      (p.spec.initContainers = [
        { name: 'init', image: 'busybox', livenessProbe: { exec: { command: ['true'] } } },
      ]),
    [
      'spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always',
    ],
  ],
  [
    'restartPolicy on a regular container',
    (p) => (p.spec.containers[0].restartPolicy = 'Always'),
    ['spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers'],
  ],
  [
    'toleration without key and Equal',
    (p) => (p.spec.tolerations = [{ operator: 'Equal', value: 'x' }]),
    [
      'spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
    ],
  ],
  [
    'tolerationSeconds without NoExecute',
    (p) =>
      (p.spec.tolerations = [{ key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 5 }]),
    [
      'spec.tolerations[0].effect: Invalid value: "NoSchedule": effect must be \'NoExecute\' when `tolerationSeconds` is set',
    ],
  ],
  [
    'affinity term without topology key',
    (p) =>
      (p.spec.affinity = {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            { labelSelector: { matchLabels: { app: 'web' } } },
          ],
        },
      }),
    [
      'spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Required value: can not be empty',
      'spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Invalid value: "": name part must be non-empty',
      "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Invalid value: \"\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ],
  ],
  [
    'node affinity without terms',
    (p) =>
      (p.spec.affinity = {
        nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } },
      }),
    [
      'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: Required value: must have at least one node selector term',
    ],
  ],
  [
    'spread constraint with zero skew',
    (p) =>
      (p.spec.topologySpreadConstraints = [
        { maxSkew: 0, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' },
      ]),
    ['spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero'],
  ],
  [
    'active deadline of zero',
    (p) => (p.spec.activeDeadlineSeconds = 0),
    ['spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive'],
  ],
  [
    'service account name',
    (p) => (p.spec.serviceAccountName = 'Bad_SA'),
    [
      "spec.serviceAccountName: Invalid value: \"Bad_SA\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ],
  ],
  [
    'ephemeral containers on create',
    (p) => (p.spec.ephemeralContainers = [{ name: 'debug', image: 'busybox' }]),
    ['spec.ephemeralContainers: Forbidden: cannot be set on create'],
  ],
  [
    'nodeName with scheduling gates',
    (p) => {
      p.spec.nodeName = 'n1';
      p.spec.schedulingGates = [{ name: 'example.com/wait' }];
    },
    ['spec.nodeName: Forbidden: cannot be set until all schedulingGates have been cleared'],
  ],
  [
    'host network with another host port',
    (p) => {
      p.spec.hostNetwork = true;
      p.spec.containers[0].ports = [{ containerPort: 80, hostPort: 81 }];
    },
    [
      'spec.containers[0].ports[0].hostPort: Invalid value: 81: must match `containerPort` when `hostNetwork` is true',
    ],
  ],
  [
    'service account token without service account',
    (p) =>
      (p.spec.volumes = [
        { name: 'tok', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } },
      ]),
    [
      'spec.volumes[0].projected.sources[0].serviceAccountToken: Forbidden: must not be specified when serviceAccountName is not set',
    ],
  ],
  [
    'mirror pod annotation without node',
    (p) => (p.metadata.annotations = { 'kubernetes.io/config.mirror': 'x' }),
    [
      'metadata.annotations[kubernetes.io/config.mirror]: Invalid value: "x": must set spec.nodeName if mirror pod annotation is set',
    ],
  ],
];

for (const [name, mutate, expected] of invalidCases) {
  test(`invalid pod: ${name}`, () => {
    assert.deepEqual(createMessages(mutate), expected);
  });
}

test('pod templates report their labels at <path>.labels and forbid ephemeral containers', () => {
  const template = {
    metadata: { labels: { 'bad key!': 'x' } },
    spec: { containers: [{ name: 'c', image: 'c' }], ephemeralContainers: [{ name: 'e', image: 'e' }] },
  } as unknown as PodTemplateSpec;
  defaultPodTemplateSpec(template);
  const fields = validatePodTemplateSpec(template, 'spec.template').map((e) => `${e.field}: ${e.type}`);
  assert.ok(fields.includes('spec.template.labels: FieldValueInvalid'), fields.join('\n'));
  assert.ok(
    fields.includes('spec.template.spec.ephemeralContainers: FieldValueForbidden'),
    fields.join('\n'),
  );
});

function created(mutate: (pod: Obj) => void = () => {}): Pod {
  const pod = basePod();
  mutate(pod);
  defaultPod(pod as Pod);
  return pod as Pod;
}

test('pod updates may change images, shorten deadlines and add tolerations', () => {
  const old = created((p) => {
    p.spec.activeDeadlineSeconds = 100;
    p.spec.tolerations = [{ key: 'a', operator: 'Exists' }];
  });
  const next = structuredClone(old) as Obj;
  next.spec.containers[0].image = 'nginx:1.28';
  next.spec.activeDeadlineSeconds = 50;
  next.spec.tolerations.push({ key: 'b', operator: 'Exists' });
  assert.deepEqual(validatePodSpecUpdate(next as Pod, old), []);
});

test('pod update rules: what may not change, with upstream messages', () => {
  const old = created((p) => (p.spec.activeDeadlineSeconds = 100));
  const longer = structuredClone(old) as Obj;
  longer.spec.activeDeadlineSeconds = 200;
  assert.deepEqual(validatePodSpecUpdate(longer as Pod, old).map(fieldErrorMessage), [
    'spec.activeDeadlineSeconds: Invalid value: 200: must be less than or equal to previous value',
  ]);
  const added = structuredClone(old) as Obj;
  added.spec.containers.push({
    name: 'b',
    image: 'b',
    imagePullPolicy: 'Always',
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
  });
  assert.deepEqual(validatePodSpecUpdate(added as Pod, old).map(fieldErrorMessage), [
    'spec.containers: Forbidden: pod updates may not add or remove containers',
  ]);
  const ports = structuredClone(old) as Obj;
  ports.spec.containers[0].ports[0].containerPort = 8080;
  const [err] = validatePodSpecUpdate(ports as Pod, old);
  assert.equal(err?.field, 'spec');
  assert.match(
    fieldErrorMessage(err!),
    /^spec: Forbidden: pod updates may not change fields other than `spec.containers\[\*\].image`,`spec.initContainers\[\*\].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` \(only additions to existing tolerations\),`spec.terminationGracePeriodSeconds` \(allow it to be set to 1 if it was previously negative\)\n/,
  );
  const removedToleration = created((p) => (p.spec.tolerations = [{ key: 'a', operator: 'Exists' }]));
  const without = structuredClone(removedToleration) as Obj;
  without.spec.tolerations = [];
  assert.deepEqual(validatePodSpecUpdate(without as Pod, removedToleration).map(fieldErrorMessage), [
    'spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds',
  ]);
});

test('scheduling gates may only be removed, and gated pods may gain node selector terms', () => {
  const old = created((p) => (p.spec.schedulingGates = [{ name: 'example.com/a' }]));
  const gained = structuredClone(old) as Obj;
  gained.spec.schedulingGates.push({ name: 'example.com/b' });
  assert.deepEqual(validatePodSpecUpdate(gained as Pod, old).map(fieldErrorMessage), [
    "spec.schedulingGates[1].name: Forbidden: only deletion is allowed, but found new scheduling gate 'example.com/b'",
  ]);
  const selected = structuredClone(old) as Obj;
  selected.spec.schedulingGates = [];
  selected.spec.nodeSelector = { zone: 'a' };
  assert.deepEqual(validatePodSpecUpdate(selected as Pod, old), []);
});

test('status updates: no unterminating finished containers, qosClass fixed', () => {
  const old = created((p) => (p.spec.restartPolicy = 'Never')) as Obj;
  old.status = {
    phase: 'Failed',
    qosClass: 'BestEffort',
    containerStatuses: [{ name: 'nginx', state: { terminated: { exitCode: 1 } } }],
  };
  const next = structuredClone(old);
  next.status.containerStatuses[0].state = { running: {} };
  next.status.qosClass = 'Guaranteed';
  assert.deepEqual(validatePodStatusUpdate(next as Pod, old as Pod).map(fieldErrorMessage), [
    'status.qosClass: Invalid value: "Guaranteed": field is immutable',
    'status.containerStatuses[0].state: Forbidden: may not be transitioned to non-terminated state',
  ]);
  const ips = structuredClone(old);
  ips.status.podIPs = [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }];
  assert.deepEqual(
    validatePodStatusUpdate(ips as Pod, old as Pod).map((e) => e.field),
    ['status.podIPs'],
  );
});

test('QoS classes', () => {
  const withResources = (resources: Obj[]): Pod =>
    created(
      (p) => (p.spec.containers = resources.map((r, i) => ({ name: `c${i}`, image: 'x', resources: r }))),
    ) as Pod;
  assert.equal(podQOSClass(withResources([{}])), 'BestEffort');
  assert.equal(podQOSClass(withResources([{ limits: { cpu: '1', memory: '1Gi' } }])), 'Guaranteed');
  assert.equal(
    podQOSClass(
      withResources([{ requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } }]),
    ),
    'Guaranteed',
  );
  assert.equal(podQOSClass(withResources([{ requests: { cpu: '500m' } }])), 'Burstable');
  assert.equal(podQOSClass(withResources([{ limits: { cpu: '1', memory: '1Gi' } }, {}])), 'Burstable');
  assert.equal(podQOSClass(withResources([{ limits: { cpu: '1' } }])), 'Burstable');
  assert.equal(podQOSClass(withResources([{ requests: { 'ephemeral-storage': '1Gi' } }])), 'BestEffort');
  assert.equal(podQOSClass(withResources([{ requests: { cpu: '0' } }])), 'BestEffort');
});
