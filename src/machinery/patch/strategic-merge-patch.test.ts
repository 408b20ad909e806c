import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isStatusError } from '../status.ts';
import { PATCH_REJECTED_MESSAGE } from './patch-errors.ts';
import { applyStrategicMergePatch } from './strategic-merge-patch.ts';
import { definitions, deploymentSchema } from './testing/workload-schema.ts';

const smp = (original: unknown, patch: unknown) =>
  applyStrategicMergePatch(original, patch, deploymentSchema, definitions);

/** A deployment whose pod template holds the given pod spec. */
const withPod = (podSpec: object) => ({ spec: { template: { spec: podSpec } } });
const podOf = (o: any) => o.spec.template.spec;
const names = (list: { name: string }[]) => list.map((c) => c.name);

const live = () => ({
  metadata: { name: 'web', labels: { app: 'web', tier: 'fe' }, finalizers: ['a', 'b'] },
  spec: {
    replicas: 2,
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          {
            name: 'app',
            image: 'nginx:1.25',
            env: [
              { name: 'A', value: '1' },
              { name: 'B', value: '2' },
            ],
            ports: [{ containerPort: 80, protocol: 'TCP' }],
          },
          { name: 'sidecar', image: 'envoy:1' },
        ],
        volumes: [{ name: 'data', emptyDir: {} }],
        tolerations: [{ key: 'k1', operator: 'Exists' }],
      },
    },
  },
});

function expectStatus(fn: () => unknown, code: number, message: string | RegExp) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isStatusError(e), String(e));
    assert.equal(e.code, code, e.message);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });
}

describe('strategic merge patch: maps and scalars', () => {
  test('maps merge recursively, null deletes a key', () => {
    const out: any = smp(live(), {
      metadata: { labels: { tier: null, env: 'prod' } },
      spec: { replicas: 5 },
    });
    assert.deepEqual(out.metadata.labels, { app: 'web', env: 'prod' });
    assert.equal(out.spec.replicas, 5);
    assert.equal(out.spec.template.spec.containers.length, 2);
  });

  test('kubectl rollout restart: an annotation on the pod template', () => {
    const at = '2025-01-01T00:00:00Z';
    const out: any = smp(live(), {
      spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': at } } } },
    });
    assert.deepEqual(out.spec.template.metadata, {
      labels: { app: 'web' },
      annotations: { 'kubectl.kubernetes.io/restartedAt': at },
    });
  });

  test('nulls inside newly added values are dropped; null for an absent key is ignored', () => {
    const out: any = smp(live(), {
      spec: { paused: null, selector: { matchLabels: { app: 'web', x: null } } },
    });
    assert.deepEqual(out.spec.selector, { matchLabels: { app: 'web' } });
    assert.equal('paused' in out.spec, false);
  });

  test('$patch: replace on a map replaces it; $patch: delete empties it', () => {
    const out: any = smp(live(), {
      metadata: { labels: { $patch: 'replace', only: 'this' } },
      spec: { template: { metadata: { $patch: 'delete' } } },
    });
    assert.deepEqual(out.metadata.labels, { only: 'this' });
    assert.deepEqual(out.spec.template.metadata, {});
  });

  test('$patch: replace at the top replaces the whole object', () => {
    assert.deepEqual(smp(live(), { $patch: 'replace', kind: 'Deployment' }), { kind: 'Deployment' });
  });

  test('$retainKeys on strategy (RollingUpdate → Recreate) clears rollingUpdate', () => {
    const out: any = smp(live(), {
      spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: null } },
    });
    assert.deepEqual(out.spec.strategy, { type: 'Recreate' });
  });

  test('$retainKeys keeps listed fields and merges into them', () => {
    const out: any = smp(live(), {
      spec: { strategy: { $retainKeys: ['type', 'rollingUpdate'], rollingUpdate: { maxSurge: 1 } } },
    });
    assert.deepEqual(out.spec.strategy, {
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' },
    });
  });

  test('the input objects are not modified', () => {
    const original = live();
    const patch = { spec: { template: { spec: { containers: [{ name: 'app', image: 'x' }] } } } };
    const patchCopy = structuredClone(patch);
    smp(original, patch);
    assert.deepEqual(original, live());
    assert.deepEqual(patch, patchCopy);
  });
});

describe('strategic merge patch: lists of objects', () => {
  test('containers merge by name; other containers and fields stay', () => {
    const out: any = smp(live(), withPod({ containers: [{ name: 'app', image: 'nginx:1.26' }] }));
    const [app, sidecar] = podOf(out).containers;
    assert.equal(app.image, 'nginx:1.26');
    assert.equal(app.env.length, 2);
    assert.deepEqual(sidecar, { name: 'sidecar', image: 'envoy:1' });
  });

  test('a new element without $setElementOrder goes first (upstream order: patch, then live)', () => {
    const out: any = smp(live(), withPod({ containers: [{ name: 'log', image: 'busybox' }] }));
    assert.deepEqual(names(podOf(out).containers), ['log', 'app', 'sidecar']);
  });

  test('$setElementOrder/containers orders the merged list (what kubectl apply sends)', () => {
    const out: any = smp(
      live(),
      withPod({
        '$setElementOrder/containers': [{ name: 'app' }, { name: 'log' }, { name: 'sidecar' }],
        containers: [{ name: 'log', image: 'busybox' }],
      }),
    );
    assert.deepEqual(names(podOf(out).containers), ['app', 'log', 'sidecar']);
    assert.equal('$setElementOrder/containers' in podOf(out), false);
  });

  test('$setElementOrder alone reorders; server-only elements keep their live place', () => {
    const original = withPod({
      containers: [{ name: '1' }, { name: '3' }, { name: '4' }, { name: '2' }, { name: '9' }],
    });
    const out: any = smp(
      original,
      withPod({
        '$setElementOrder/containers': [{ name: '4' }, { name: '2' }, { name: '3' }, { name: '1' }],
      }),
    );
    assert.deepEqual(names(podOf(out).containers), ['4', '2', '3', '1', '9']);
  });

  test('delete plus add with $setElementOrder orders as upstream’s in-place merge does', () => {
    // Upstream's view of the live list after deleting "a" and appending "c" is [b, d, c], so "d"
    // (not named in $setElementOrder) lands between "b" and "c".
    const original = withPod({
      containers: [{ name: 'a' }, { name: 'b', image: 'x' }, { name: 'd', image: 'y' }],
    });
    const out: any = smp(
      original,
      withPod({
        '$setElementOrder/containers': [{ name: 'b' }, { name: 'c' }],
        containers: [{ name: 'c' }, { name: 'a', $patch: 'delete' }],
      }),
    );
    assert.deepEqual(names(podOf(out).containers), ['b', 'd', 'c']);
  });

  test('nested $setElementOrder inside a merged element (kubectl apply removing an env var)', () => {
    const out: any = smp(
      live(),
      withPod({
        '$setElementOrder/containers': [{ name: 'app' }, { name: 'sidecar' }],
        containers: [
          { name: 'app', '$setElementOrder/env': [{ name: 'A' }], env: [{ name: 'B', $patch: 'delete' }] },
        ],
      }),
    );
    assert.deepEqual(podOf(out).containers[0].env, [{ name: 'A', value: '1' }]);
    assert.deepEqual(names(podOf(out).containers), ['app', 'sidecar']);
  });

  test('env vars merge by name inside a merged container; $patch: delete removes one', () => {
    const out: any = smp(
      live(),
      withPod({
        containers: [
          {
            name: 'app',
            env: [
              { name: 'B', value: '20' },
              { name: 'A', $patch: 'delete' },
            ],
          },
        ],
      }),
    );
    assert.deepEqual(podOf(out).containers[0].env, [{ name: 'B', value: '20' }]);
  });

  test('ports merge by containerPort', () => {
    const out: any = smp(
      live(),
      withPod({
        containers: [{ name: 'app', ports: [{ containerPort: 80, name: 'http' }, { containerPort: 443 }] }],
      }),
    );
    assert.deepEqual(podOf(out).containers[0].ports, [
      { containerPort: 80, protocol: 'TCP', name: 'http' },
      { containerPort: 443 },
    ]);
  });

  test('$patch: delete on a container removes it', () => {
    const out: any = smp(live(), withPod({ containers: [{ name: 'sidecar', $patch: 'delete' }] }));
    assert.deepEqual(names(podOf(out).containers), ['app']);
  });

  test('$patch: replace in a list makes the patch elements the list', () => {
    const out: any = smp(
      live(),
      withPod({ containers: [{ $patch: 'replace' }, { name: 'only', image: 'x' }] }),
    );
    assert.deepEqual(podOf(out).containers, [{ name: 'only', image: 'x' }]);
  });

  test('volumes merge by name and honour $retainKeys inside an element', () => {
    const out: any = smp(
      live(),
      withPod({
        volumes: [{ name: 'data', $retainKeys: ['name', 'configMap'], configMap: { name: 'cfg' } }],
      }),
    );
    assert.deepEqual(podOf(out).volumes, [{ name: 'data', configMap: { name: 'cfg' } }]);
  });

  test('tolerations (no patch strategy) are replaced', () => {
    const out: any = smp(live(), withPod({ tolerations: [{ key: 'k2', operator: 'Exists' }] }));
    assert.deepEqual(podOf(out).tolerations, [{ key: 'k2', operator: 'Exists' }]);
  });

  test('a list of the wrong type replaces the value', () => {
    const out: any = smp(live(), withPod({ containers: { not: 'a list' } }));
    assert.deepEqual(podOf(out).containers, { not: 'a list' });
  });

  test('new elements lose nulls and directives', () => {
    const out: any = smp(
      live(),
      withPod({
        containers: [{ name: 'n', image: null, env: [{ name: 'X', $patch: 'delete' }, { name: 'Y' }] }],
      }),
    );
    assert.deepEqual(podOf(out).containers[0], { name: 'n', env: [{ name: 'Y' }] });
  });
});

describe('strategic merge patch: lists of primitives', () => {
  test('finalizers (merge strategy) become the union, patch order first', () => {
    const out: any = smp(live(), { metadata: { finalizers: ['c', 'a'] } });
    assert.deepEqual(out.metadata.finalizers, ['c', 'a', 'b']);
  });

  test('$deleteFromPrimitiveList removes values', () => {
    const out: any = smp(live(), { metadata: { '$deleteFromPrimitiveList/finalizers': ['a', 'zz'] } });
    assert.deepEqual(out.metadata.finalizers, ['b']);
  });

  test('$deleteFromPrimitiveList of an absent list adds nothing', () => {
    const out: any = smp({ metadata: {} }, { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } });
    assert.deepEqual(out, { metadata: {} });
  });

  test('$setElementOrder on a primitive list', () => {
    const out: any = smp(live(), {
      metadata: { '$setElementOrder/finalizers': ['b', 'x', 'a'], finalizers: ['x'] },
    });
    assert.deepEqual(out.metadata.finalizers, ['b', 'x', 'a']);
  });

  test('args (atomic, no strategy) are replaced', () => {
    const out: any = smp(
      withPod({ containers: [{ name: 'a', args: ['1', '2'] }] }),
      withPod({ containers: [{ name: 'a', args: ['3'] }] }),
    );
    assert.deepEqual(podOf(out).containers[0].args, ['3']);
  });
});

describe('strategic merge patch without a schema (unknown fields, custom data)', () => {
  test('maps merge, lists are replaced', () => {
    const out = applyStrategicMergePatch(
      { spec: { unschedulable: false, taints: [{ key: 'a' }], x: { y: 1 } } },
      { spec: { unschedulable: true, taints: [{ key: 'b' }], x: { z: 2 } } },
      undefined,
    );
    assert.deepEqual(out, { spec: { unschedulable: true, taints: [{ key: 'b' }], x: { y: 1, z: 2 } } });
  });
});

describe('strategic merge patch errors (codes as upstream)', () => {
  test('a patch that is not an object is a 400', () => {
    expectStatus(
      () => smp(live(), [1]),
      400,
      'json: cannot unmarshal array into Go value of type map[string]interface {}',
    );
  });
  test('an element without its merge key is a 500 naming the map', () => {
    expectStatus(
      () => smp(live(), withPod({ containers: [{ image: 'x' }] })),
      500,
      'map: map[image:x] does not contain declared merge key: name',
    );
  });
  test('$patch: merge in a list', () => {
    expectStatus(
      () => smp(live(), withPod({ containers: [{ $patch: 'merge' }] })),
      500,
      'merging lists cannot yet be specified in the patch',
    );
  });
  test('an unknown $patch on a map', () => {
    expectStatus(
      () => smp(live(), { metadata: { labels: { $patch: 'merge', a: 'b' } } }),
      500,
      'unknown patch type: merge in map: map[$patch:merge a:b]',
    );
  });
  test('$retainKeys that omits a patched field is a 400', () => {
    expectStatus(
      () => smp(live(), { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: {} } } }),
      400,
      'invalid patch format of retainKeys',
    );
  });
  test('$retainKeys that is not a list is a 400', () => {
    expectStatus(
      () => smp(live(), { spec: { strategy: { $retainKeys: 'type' } } }),
      400,
      'invalid patch format of retainKeys',
    );
  });
  test('a malformed $deleteFromPrimitiveList key is a 400', () => {
    expectStatus(
      () => smp(live(), { metadata: { $deleteFromPrimitiveListfinalizers: ['a'] } }),
      400,
      'invalid patch format of primitive list',
    );
  });
  test('a patch list out of $setElementOrder order is a 500', () => {
    expectStatus(
      () =>
        smp(
          live(),
          withPod({ '$setElementOrder/containers': [{ name: 'app' }], containers: [{ name: 'x' }] }),
        ),
      500,
      /^The order in patch list:\n\[map\[name:x\]\]\n doesn't match \$setElementOrder list:/,
    );
  });
  test('a $setElementOrder that is not a list', () => {
    expectStatus(
      () => smp(live(), withPod({ '$setElementOrder/containers': 'x' })),
      500,
      'expected a []interface {}, but received a string',
    );
  });
  test('lists of lists are a 422', () => {
    expectStatus(
      () => smp({ metadata: { finalizers: [['a']] } }, { metadata: { finalizers: [['b']] } }),
      422,
      PATCH_REJECTED_MESSAGE,
    );
  });
  test('mixed element types are a 500', () => {
    expectStatus(
      () => smp(live(), { metadata: { finalizers: [1] } }),
      500,
      /^list element types are not identical: \[\[a b\] \[1\]\]$/,
    );
  });
});
