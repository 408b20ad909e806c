import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PodSpec, PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { podSpecWarnings, podTemplateWarnings } from './warnings.ts';

test('pod warnings as upstream words them', () => {
  const spec = {
    nodeSelector: { 'beta.kubernetes.io/os': 'linux' },
    terminationGracePeriodSeconds: -1,
    containers: [
      {
        name: 'a',
        image: 'a',
        resources: { limits: { memory: '500m' } },
        env: [
          { name: 'A', value: '1' },
          { name: 'A', value: '2' },
          { name: 'PATH', value: '/bin' },
          { name: 'PATH', value: '$(PATH):/usr/bin' },
        ],
      },
    ],
  } as unknown as PodSpec;
  assert.deepEqual(
    podSpecWarnings(
      { annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'runtime/default' } },
      spec,
      '',
    ),
    [
      'spec.nodeSelector[beta.kubernetes.io/os]: deprecated since v1.14; use "kubernetes.io/os" instead',
      'metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]: non-functional in v1.27+; use the "seccompProfile" field instead',
      'spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1',
      'spec.containers[0].resources.limits[memory]: fractional byte value "500m" is invalid, must be an integer',
      'spec.containers[0].env[1]: hides previous definition of "A", which may be dropped when using apply',
    ],
  );
});

test('template warnings carry the template path and only come with template changes', () => {
  const template: PodTemplateSpec = {
    spec: { nodeSelector: { 'beta.kubernetes.io/arch': 'amd64' }, containers: [] },
  };
  assert.deepEqual(podTemplateWarnings(template, 'spec.template'), [
    'spec.template.spec.nodeSelector[beta.kubernetes.io/arch]: deprecated since v1.14; use "kubernetes.io/arch" instead',
  ]);
  assert.deepEqual(podTemplateWarnings(template, 'spec.template', structuredClone(template)), []);
});
