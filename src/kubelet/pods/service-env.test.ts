import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Service } from 'kubernetes-types/core/v1.js';
import { serviceEnvironment } from './service-env.ts';

const svc = (
  namespace: string,
  name: string,
  clusterIP: string,
  ports: { port: number; name?: string }[],
): Service => ({
  metadata: { namespace, name },
  spec: { clusterIP, ports: ports.map((p) => ({ ...p, protocol: 'TCP' })) },
});

test('service links as upstream names them, kubernetes always included', () => {
  const env = serviceEnvironment(
    [
      svc('default', 'kubernetes', '10.43.0.1', [{ port: 443, name: 'https' }]),
      svc('web', 'my-svc', '10.43.0.20', [{ port: 80, name: 'http' }, { port: 8443 }]),
      svc('web', 'headless', 'None', [{ port: 80 }]),
      svc('other', 'elsewhere', '10.43.0.30', [{ port: 80 }]),
    ],
    'web',
    true,
  );
  assert.equal(env.get('KUBERNETES_SERVICE_HOST'), '10.43.0.1');
  assert.equal(env.get('KUBERNETES_SERVICE_PORT_HTTPS'), '443');
  assert.equal(env.get('KUBERNETES_PORT'), 'tcp://10.43.0.1:443');
  assert.equal(env.get('MY_SVC_SERVICE_PORT'), '80');
  assert.equal(env.get('MY_SVC_SERVICE_PORT_HTTP'), '80');
  assert.equal(env.get('MY_SVC_PORT_8443_TCP'), 'tcp://10.43.0.20:8443');
  assert.equal(env.get('MY_SVC_PORT_8443_TCP_ADDR'), '10.43.0.20');
  assert.equal(env.has('HEADLESS_SERVICE_HOST'), false);
  assert.equal(env.has('ELSEWHERE_SERVICE_HOST'), false);
  const off = serviceEnvironment([svc('web', 'my-svc', '10.43.0.20', [{ port: 80 }])], 'web', false);
  assert.equal(off.size, 0);
});
