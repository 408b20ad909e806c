import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PodSpec } from 'kubernetes-types/core/v1.js';
import { dropDisabledPodSpecFields } from './disabled-fields.ts';

const withAlphaFields = (): PodSpec =>
  ({
    hostUsers: false,
    resources: { limits: { cpu: '1' } },
    securityContext: {
      supplementalGroupsPolicy: 'Strict',
      seLinuxChangePolicy: 'MountOption',
      runAsUser: 1000,
    },
    containers: [
      {
        name: 'a',
        image: 'a',
        resizePolicy: [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }],
        volumeMounts: [
          { name: 'img', mountPath: '/img' },
          { name: 'cfg', mountPath: '/cfg' },
        ],
      },
    ],
    volumes: [
      { name: 'img', image: { reference: 'quay.io/x/y:1' } },
      { name: 'cfg', configMap: { name: 'cfg' } },
    ],
  }) as unknown as PodSpec;

test('fields behind gates that are off in v1.32 are dropped on create', () => {
  const spec = withAlphaFields();
  dropDisabledPodSpecFields(spec);
  assert.deepEqual(spec, {
    securityContext: { runAsUser: 1000 },
    containers: [{ name: 'a', image: 'a', volumeMounts: [{ name: 'cfg', mountPath: '/cfg' }] }],
    volumes: [{ name: 'cfg', configMap: { name: 'cfg' } }],
  });
});

test('an update keeps what the old object already used', () => {
  const old = withAlphaFields();
  const spec = withAlphaFields();
  dropDisabledPodSpecFields(spec, old);
  assert.deepEqual(spec, withAlphaFields());
});
