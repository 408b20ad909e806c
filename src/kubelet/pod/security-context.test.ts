import assert from 'node:assert/strict';
import { test } from 'node:test';
import { effectiveSecurityContext, runAsNonRootViolation, seccompProfile } from './security-context.ts';
import { container, pod } from './test-fixtures.ts';

test('container settings win over the pod ones', () => {
  const p = pod({
    securityContext: {
      runAsUser: 1,
      runAsGroup: 2,
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    },
  });
  const sc = effectiveSecurityContext(p, container('a', { securityContext: { runAsUser: 5 } }));
  assert.equal(sc.runAsUser, 5);
  assert.equal(sc.runAsGroup, 2);
  assert.equal(sc.runAsNonRoot, true);
  assert.deepEqual(sc.seccompProfile, { type: 'RuntimeDefault' });
});

test('seccomp profiles', () => {
  assert.deepEqual(seccompProfile(undefined), { profileType: 'Unconfined' });
  assert.deepEqual(seccompProfile({ type: 'Localhost', localhostProfile: 'p.json' }, '/seccomp'), {
    profileType: 'Localhost',
    localhostRef: '/seccomp/p.json',
  });
});

test('runAsNonRoot verification, with upstream messages', () => {
  const nonRoot = pod({ securityContext: { runAsNonRoot: true } });
  const c = container('a');
  assert.equal(runAsNonRootViolation(pod(), c, { uid: 0 }), undefined);
  assert.equal(runAsNonRootViolation(nonRoot, c, { uid: 1000 }), undefined);
  assert.equal(
    runAsNonRootViolation(nonRoot, c, { uid: 0 }),
    'container has runAsNonRoot and image will run as root (pod: "web_default(1111-2222)", container: a)',
  );
  assert.match(
    runAsNonRootViolation(nonRoot, c, { username: 'app' }) ?? '',
    /non-numeric user \(app\), cannot verify user is non-root/,
  );
  assert.match(
    runAsNonRootViolation(nonRoot, container('a', { securityContext: { runAsUser: 0 } }), {}) ?? '',
    /container's runAsUser breaks non-root policy/,
  );
});
