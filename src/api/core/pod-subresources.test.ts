import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Binding, Pod } from 'kubernetes-types/core/v1.js';
import { fieldErrorMessage } from '../../machinery/status.ts';
import type { KubeObject } from '../strategy.ts';
import { CTX } from '../strategy-conformance.ts';
import { podStrategy } from './pod.ts';
import {
  prepareEphemeralContainersUpdate,
  validateEphemeralContainersUpdate,
  validatePodBinding,
} from './pod-subresources.ts';

type Obj = Record<string, any>;

const running = (): Pod => {
  const pod = {
    metadata: { name: 'web', namespace: 'default', resourceVersion: '10' },
    spec: { containers: [{ name: 'nginx', image: 'nginx' }], nodeName: 'n1' },
  } as KubeObject & Pod;
  podStrategy.defaults!(pod);
  podStrategy.prepareForCreate!(pod, CTX);
  return pod;
};

test('bindings target nodes by name', () => {
  assert.deepEqual(
    validatePodBinding({ metadata: { name: 'web' }, target: { kind: 'Node', name: 'n1' } } as Binding),
    [],
  );
  assert.deepEqual(
    validatePodBinding({ metadata: { name: 'web' }, target: { kind: 'Pod' } } as Binding).map(
      fieldErrorMessage,
    ),
    [
      'target.kind: Unsupported value: "Pod": supported values: "Node", "<empty>"',
      'target.name: Required value',
    ],
  );
});

test('ephemeral containers: added through the subresource, never changed or removed', () => {
  const old = running();
  const request = structuredClone(old) as Obj;
  request.metadata.labels = { ignored: 'yes' };
  request.spec.ephemeralContainers = [{ name: 'debugger', image: 'busybox', stdin: true, tty: true }];
  const next = prepareEphemeralContainersUpdate(request as Pod, old) as Obj;
  podStrategy.defaults!(next as KubeObject & Pod);
  assert.equal(next.metadata.labels, undefined, 'only ephemeral containers change');
  assert.equal(next.spec.ephemeralContainers[0].terminationMessagePolicy, 'File');
  assert.deepEqual(validateEphemeralContainersUpdate(next as Pod, old), []);

  const removed = structuredClone(next);
  removed.spec.ephemeralContainers = [];
  assert.deepEqual(validateEphemeralContainersUpdate(removed as Pod, next as Pod).map(fieldErrorMessage), [
    'spec.ephemeralContainers: Forbidden: existing ephemeral containers "debugger" may not be removed\n',
  ]);
  const withPorts = structuredClone(old) as Obj;
  withPorts.spec.ephemeralContainers = [{ name: 'dbg', image: 'busybox', ports: [{ containerPort: 80 }] }];
  podStrategy.defaults!(withPorts as KubeObject & Pod);
  assert.deepEqual(validateEphemeralContainersUpdate(withPorts as Pod, old).map(fieldErrorMessage), [
    'spec.ephemeralContainers[0].ports: Forbidden: cannot be set for an Ephemeral Container',
  ]);
});
