import assert from 'node:assert/strict';
import { test } from 'node:test';
import { podPortMappings, podSandboxConfig, type SandboxSettings } from './sandbox-config.ts';
import { container, pod } from './test-fixtures.ts';

const settings: SandboxSettings = {
  dns: { servers: ['10.43.0.10'], domain: 'cluster.local' },
  podLogsRoot: '/var/log/pods',
};

test('a pod becomes a sandbox config with upstream conventions', () => {
  const p = pod(
    {
      containers: [
        container('web', {
          ports: [
            { containerPort: 80, hostPort: 8080 },
            { containerPort: 53, protocol: 'UDP' },
          ],
        }),
      ],
      securityContext: {
        runAsUser: 1000,
        fsGroup: 2000,
        sysctls: [{ name: 'net.core.somaxconn', value: '1024' }],
      },
    },
    { labels: { app: 'web' }, annotations: { note: 'x' } },
  );
  const { config, warnings } = podSandboxConfig(p, 1, settings);
  assert.deepEqual(warnings, []);
  assert.deepEqual(config.metadata, { name: 'web', namespace: 'default', uid: '1111-2222', attempt: 1 });
  assert.equal(config.hostname, 'web');
  assert.equal(config.logDirectory, '/var/log/pods/default_web_1111-2222');
  assert.deepEqual(config.labels, {
    app: 'web',
    'io.kubernetes.pod.name': 'web',
    'io.kubernetes.pod.namespace': 'default',
    'io.kubernetes.pod.uid': '1111-2222',
  });
  assert.deepEqual(config.annotations, { note: 'x' });
  assert.deepEqual(config.dnsConfig?.servers, ['10.43.0.10']);
  assert.deepEqual(config.portMappings, [
    { protocol: 'TCP', containerPort: 80, hostPort: 8080, hostIp: '' },
    { protocol: 'UDP', containerPort: 53, hostPort: 0, hostIp: '' },
  ]);
  assert.equal(config.linux?.cgroupParent, '/kubepods/besteffort/pod1111-2222');
  assert.deepEqual(config.linux?.sysctls, { 'net.core.somaxconn': '1024' });
  const sc = config.linux?.securityContext;
  assert.deepEqual(sc?.namespaceOptions, { network: 'POD', ipc: 'POD', pid: 'CONTAINER' });
  assert.deepEqual(sc?.runAsUser, { value: 1000 });
  assert.deepEqual(sc?.supplementalGroups, [2000]);
  assert.equal(sc?.privileged, false);
  assert.deepEqual(sc?.seccomp, { profileType: 'RuntimeDefault' });
});

test('host network pods get no hostname; privileged and shared PID show in the sandbox', () => {
  const p = pod({
    hostNetwork: true,
    hostPID: true,
    containers: [container('a', { securityContext: { privileged: true } })],
  });
  const { config } = podSandboxConfig(p, 0, settings);
  assert.equal(config.hostname, undefined);
  assert.deepEqual(config.linux?.securityContext?.namespaceOptions, {
    network: 'NODE',
    ipc: 'POD',
    pid: 'NODE',
  });
  assert.equal(config.linux?.securityContext?.privileged, true);
  const shared = podSandboxConfig(pod({ shareProcessNamespace: true }), 0, settings).config;
  assert.equal(shared.linux?.securityContext?.namespaceOptions?.pid, 'POD');
});

test('duplicate ports are mapped once; overhead is passed on', () => {
  const p = pod({
    containers: [
      container('a', { ports: [{ containerPort: 80, hostPort: 80 }] }),
      container('b', { ports: [{ containerPort: 80, hostPort: 80 }] }),
    ],
    overhead: { cpu: '100m', memory: '10Mi' },
  });
  assert.equal(podPortMappings(p).length, 1);
  const { config } = podSandboxConfig(p, 0, settings);
  assert.deepEqual(config.linux?.overhead, {
    cpuShares: 102,
    memoryLimitInBytes: 10 * 1024 * 1024,
    cpuQuota: 10_000,
    cpuPeriod: 100_000,
  });
});
