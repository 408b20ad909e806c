import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ContainerConfigError, containerConfig, containerMounts } from './container-config.ts';
import { DEFAULT_MASKED_PATHS } from './security-context.ts';
import { container, pod } from './test-fixtures.ts';

const settings = { memoryCapacity: 8 * 1024 ** 3 };

test('a container becomes a CRI container config', () => {
  const c = container('app', {
    command: ['sh', '-c'],
    args: ['echo $(MSG) $$(MSG)'],
    workingDir: '/work',
    tty: true,
    volumeMounts: [
      { name: 'data', mountPath: '/data' },
      { name: 'cfg', mountPath: '/etc/app', readOnly: true, subPath: 'conf' },
      { name: 'cfg', mountPath: '/logs', subPathExpr: '$(POD)', mountPropagation: 'HostToContainer' },
    ],
    resources: { limits: { cpu: '500m', memory: '128Mi' } },
    securityContext: {
      runAsUser: 1000,
      capabilities: { add: ['NET_ADMIN'], drop: ['ALL'] },
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
    },
  });
  const p = pod({ containers: [c], securityContext: { runAsGroup: 3000, supplementalGroups: [4000] } });
  const config = containerConfig(
    p,
    c,
    {
      imageRef: 'sha256:abc',
      restartCount: 2,
      env: [
        { name: 'MSG', value: 'hi' },
        { name: 'POD', value: 'web' },
      ],
      volumePaths: new Map([
        ['data', '/var/lib/kts/pods/1111-2222/volumes/data'],
        ['cfg', '/var/lib/kts/pods/1111-2222/volumes/cfg/'],
      ]),
      etcHostsPath: '/var/lib/kts/pods/1111-2222/etc-hosts',
      terminationMessageHostPath: '/var/lib/kts/pods/1111-2222/containers/app/abcd',
    },
    settings,
  );
  assert.deepEqual(config.metadata, { name: 'app', attempt: 2 });
  assert.deepEqual(config.image, { image: 'sha256:abc', userSpecifiedImage: 'kts.local/busybox:1' });
  assert.deepEqual(config.command, ['sh', '-c']);
  assert.deepEqual(config.args, ['echo hi $(MSG)']);
  assert.equal(config.workingDir, '/work');
  assert.equal(config.logPath, 'app/2.log');
  assert.equal(config.tty, true);
  assert.deepEqual(config.envs, [
    { key: 'MSG', value: 'hi' },
    { key: 'POD', value: 'web' },
  ]);
  assert.deepEqual(config.mounts, [
    {
      containerPath: '/data',
      hostPath: '/var/lib/kts/pods/1111-2222/volumes/data',
      readonly: false,
      propagation: 'PROPAGATION_PRIVATE',
    },
    {
      containerPath: '/etc/app',
      hostPath: '/var/lib/kts/pods/1111-2222/volumes/cfg/conf',
      readonly: true,
      propagation: 'PROPAGATION_PRIVATE',
    },
    {
      containerPath: '/logs',
      hostPath: '/var/lib/kts/pods/1111-2222/volumes/cfg/web',
      readonly: false,
      propagation: 'PROPAGATION_HOST_TO_CONTAINER',
    },
    { containerPath: '/etc/hosts', hostPath: '/var/lib/kts/pods/1111-2222/etc-hosts', readonly: false },
    { containerPath: '/dev/termination-log', hostPath: '/var/lib/kts/pods/1111-2222/containers/app/abcd' },
  ]);
  assert.equal(config.labels?.['io.kubernetes.container.name'], 'app');
  assert.equal(config.annotations?.['io.kubernetes.container.restartCount'], '2');
  const linux = config.linux!;
  assert.equal(linux.resources?.memoryLimitInBytes, 128 * 1024 * 1024);
  assert.equal(linux.resources?.cpuQuota, 50_000);
  assert.equal(linux.resources?.cpuShares, 512);
  // Burstable (limits without requests: no API defaulting here) with no memory request.
  assert.equal(linux.resources?.oomScoreAdj, 999);
  const sc = linux.securityContext!;
  assert.deepEqual(sc.runAsUser, { value: 1000 });
  assert.deepEqual(sc.runAsGroup, { value: 3000 });
  assert.deepEqual(sc.supplementalGroups, [4000]);
  assert.deepEqual(sc.capabilities, { addCapabilities: ['NET_ADMIN'], dropCapabilities: ['ALL'] });
  assert.equal(sc.noNewPrivs, true);
  assert.equal(sc.readonlyRootfs, true);
  assert.deepEqual(sc.seccomp, { profileType: 'Unconfined' });
  assert.deepEqual(sc.maskedPaths, DEFAULT_MASKED_PATHS);
});

test('mount errors: unknown volume, escaping subPath; own /etc/hosts wins', () => {
  const base = { imageRef: 'x', restartCount: 0, env: [] };
  assert.throws(
    () => containerMounts(container('a', { volumeMounts: [{ name: 'nope', mountPath: '/x' }] }), base),
    (e: unknown) =>
      e instanceof ContainerConfigError &&
      e.message === 'cannot find volume "nope" to mount into container "a"',
  );
  assert.throws(
    () =>
      containerMounts(container('a', { volumeMounts: [{ name: 'v', mountPath: '/x', subPath: '../etc' }] }), {
        ...base,
        volumePaths: new Map([['v', '/v']]),
      }),
    ContainerConfigError,
  );
  const own = containerMounts(container('a', { volumeMounts: [{ name: 'v', mountPath: '/etc/hosts' }] }), {
    ...base,
    volumePaths: new Map([['v', '/v']]),
    etcHostsPath: '/managed',
  });
  assert.deepEqual(
    own.map((m) => m.hostPath),
    ['/v'],
  );
});

test('image user applies only without runAsUser; Unmasked procMount and privileged', () => {
  const p = pod();
  const c = container('a', {
    securityContext: { privileged: true, procMount: 'Unmasked', seccompProfile: { type: 'RuntimeDefault' } },
  });
  const config = containerConfig(
    p,
    c,
    { imageRef: 'x', restartCount: 0, env: [], imageUser: { uid: 65534 } },
    settings,
  );
  const sc = config.linux!.securityContext!;
  assert.deepEqual(sc.runAsUser, { value: 65534 });
  assert.equal(sc.privileged, true);
  assert.deepEqual(sc.maskedPaths, []);
  assert.deepEqual(sc.seccomp, { profileType: 'RuntimeDefault' });
  assert.equal(sc.noNewPrivs, false);
});
