// The real kubectl changing objects on a kts server: label, annotate, scale (with its
// preconditions), patch in all three types, edit through $EDITOR, delete with every cascade
// and force option, and wait (jsonpath, create, delete, timeouts).
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type RunningServer, startServer } from './support/kts-server.ts';
import { kubectl, kubectlOk } from './support/kubectl.ts';
import { startKubectl, until, watching } from './support/kubectl-process.ts';

const LABEL_VALUE_ERROR =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

describe('kubectl label, annotate, scale, patch, edit, delete and wait against kts', {
  timeout: 300_000,
}, () => {
  let server: RunningServer;
  let kc: string;
  let dir: string;
  const ns = ['-n', 'work'];
  const json = async (args: string[]) => JSON.parse(await kubectlOk(kc, [...ns, ...args, '-o', 'json']));
  const ok = (args: string[], input?: string) =>
    kubectlOk(kc, [...ns, ...args], input === undefined ? {} : { input });
  const run = (args: string[], options: { env?: Record<string, string>; input?: string } = {}) =>
    kubectl(kc, [...ns, ...args], options);
  /** An $EDITOR that runs `sed` on the file kubectl hands it. */
  const editor = (name: string, sedScript: string) => {
    const path = join(dir, name);
    writeFileSync(path, `#!/bin/sh\nsed -i '${sedScript}' "$1"\n`);
    chmodSync(path, 0o755);
    return path;
  };
  before(async () => {
    server = await startServer();
    kc = server.kubeconfig;
    dir = mkdtempSync(join(tmpdir(), 'kts-mutate-'));
    await kubectlOk(kc, ['create', 'namespace', 'work']);
    await ok(['create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=3']);
    await ok(['create', 'configmap', 'settings', '--from-literal=mode=fast', '--from-literal=level=3']);
  });
  after(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('label: add, refuse to overwrite, --overwrite, remove, --list, and server-side validation', async () => {
    assert.equal(await ok(['label', 'deploy', 'web', 'tier=frontend']), 'deployment.apps/web labeled\n');
    const refused = await run(['label', 'deploy', 'web', 'tier=backend']);
    assert.equal(refused.code, 1);
    assert.equal(refused.stderr, "error: 'tier' already has a value (frontend), and --overwrite is false\n");
    assert.equal(
      await ok(['label', 'deploy', 'web', 'tier=backend', '--overwrite']),
      'deployment.apps/web labeled\n',
    );
    assert.equal(
      await ok(['label', 'deploy', 'web', 'tier=backend', '--overwrite']),
      'deployment.apps/web not labeled\n',
    );
    // kubectl prints the labels in Go map order: compare them sorted.
    assert.deepEqual((await ok(['label', 'deploy', 'web', '--list'])).trim().split('\n').sort(), [
      'app=web',
      'tier=backend',
    ]);
    assert.equal(await ok(['label', 'deploy', 'web', 'tier-']), 'deployment.apps/web unlabeled\n');
    const d = await json(['get', 'deploy', 'web']);
    assert.deepEqual(d.metadata.labels, { app: 'web' });
    // Labels do not change a Deployment's generation.
    assert.equal(d.metadata.generation, 1);

    const before = (await json(['get', 'cm', 'settings'])).metadata.resourceVersion;
    const bad = await run(['patch', 'cm', 'settings', '-p', '{"metadata":{"labels":{"ok":"-bad-"}}}']);
    assert.equal(bad.code, 1);
    assert.equal(
      bad.stderr,
      `The ConfigMap "settings" is invalid: metadata.labels: Invalid value: "-bad-": ${LABEL_VALUE_ERROR}\n`,
    );
    const badKey = await run(['patch', 'cm', 'settings', '-p', '{"metadata":{"labels":{"a/b/c":"x"}}}']);
    assert.match(
      badKey.stderr,
      /^The ConfigMap "settings" is invalid: metadata\.labels: Invalid value: "a\/b\/c": a qualified name must consist of alphanumeric characters/,
    );
    assert.equal((await json(['get', 'cm', 'settings'])).metadata.resourceVersion, before);
  });

  it('annotate: add, refuse to overwrite, --overwrite, remove; oversized annotations are refused', async () => {
    assert.equal(await ok(['annotate', 'cm', 'settings', 'owner=team-a']), 'configmap/settings annotated\n');
    const refused = await run(['annotate', 'cm', 'settings', 'owner=team-b']);
    assert.equal(
      refused.stderr,
      "error: --overwrite is false but found the following declared annotation(s): 'owner' already has a value (team-a)\n",
    );
    assert.equal(
      await ok(['annotate', 'cm', 'settings', 'owner=team-b', '--overwrite']),
      'configmap/settings annotated\n',
    );
    assert.equal((await json(['get', 'cm', 'settings'])).metadata.annotations.owner, 'team-b');
    assert.equal(await ok(['annotate', 'cm', 'settings', 'owner-']), 'configmap/settings annotated\n');
    assert.equal((await json(['get', 'cm', 'settings'])).metadata.annotations, undefined);

    const big = 'x'.repeat(256 * 1024);
    const patchFile = join(dir, 'big.json');
    writeFileSync(patchFile, JSON.stringify({ metadata: { annotations: { big } } }));
    const r = await run(['patch', 'cm', 'settings', '--type=merge', '--patch-file', patchFile]);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      'The ConfigMap "settings" is invalid: metadata.annotations: Too long: may not be more than 262144 bytes\n',
    );
  });

  it('scale: replicas, --current-replicas and --resource-version preconditions, several objects', async () => {
    assert.equal(
      await ok(['scale', 'deploy', 'web', '--replicas=5', '--current-replicas=3']),
      'deployment.apps/web scaled\n',
    );
    const stale = await run(['scale', 'deploy', 'web', '--replicas=1', '--current-replicas=3']);
    assert.equal(stale.code, 1);
    assert.equal(stale.stderr, 'error: Expected replicas to be 3, was 5\n');
    const d = await json(['get', 'deploy', 'web']);
    assert.equal(d.spec.replicas, 5);
    assert.equal(d.metadata.generation, 2);
    const oldRv = await run(['scale', 'deploy', 'web', '--replicas=1', '--resource-version=1']);
    assert.equal(oldRv.code, 1);
    assert.equal(
      oldRv.stderr,
      `error: Expected resource version to be 1, was ${d.metadata.resourceVersion}\n`,
    );
    assert.equal(
      await ok([
        'scale',
        'deploy',
        'web',
        '--replicas=2',
        `--resource-version=${d.metadata.resourceVersion}`,
      ]),
      'deployment.apps/web scaled\n',
    );
    await ok(['create', 'deployment', 'extra', '--image=busybox']);
    assert.equal(
      await ok(['scale', 'deploy/web', 'deploy/extra', '--replicas=0']),
      'deployment.apps/web scaled\ndeployment.apps/extra scaled\n',
    );
    const scale = JSON.parse(
      await kubectlOk(kc, ['get', '--raw', '/apis/apps/v1/namespaces/work/deployments/web/scale']),
    );
    assert.deepEqual(
      { kind: scale.kind, apiVersion: scale.apiVersion, spec: scale.spec, selector: scale.status.selector },
      { kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 0 }, selector: 'app=web' },
    );
    const missing = await run(['scale', 'deploy', 'ghost', '--replicas=1']);
    assert.equal(missing.stderr, 'error: no objects passed to scale deployments.apps "ghost" not found\n');
  });

  it('patch: strategic merge (merge keys and directives), merge and JSON patch', async () => {
    assert.equal(
      await ok([
        'patch',
        'deploy',
        'web',
        '-p',
        '{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"busybox"}]}}}}',
      ]),
      'deployment.apps/web patched\n',
    );
    let d = await json(['get', 'deploy', 'web']);
    // A new list item goes before the existing ones when the patch gives no order (upstream's
    // normalizeElementOrder), and the new container is defaulted.
    assert.deepEqual(
      d.spec.template.spec.containers.map(
        (c: { name: string; imagePullPolicy: string }) => `${c.name}:${c.imagePullPolicy}`,
      ),
      ['sidecar:Always', 'nginx:IfNotPresent'],
    );
    await ok([
      'patch',
      'deploy',
      'web',
      '-p',
      '{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","$patch":"delete"}]}}}}',
    ]);
    d = await json(['get', 'deploy', 'web']);
    assert.deepEqual(
      d.spec.template.spec.containers.map((c: { name: string }) => c.name),
      ['nginx'],
    );
    assert.equal(
      await ok(['patch', 'deploy', 'web', '--type=merge', '-p', '{"spec":{"replicas":4}}']),
      'deployment.apps/web patched\n',
    );
    assert.equal(
      await ok(['patch', 'deploy', 'web', '--type=merge', '-p', '{"spec":{"replicas":4}}']),
      'deployment.apps/web patched (no change)\n',
    );
    // A merge patch replaces lists wholesale.
    await ok(['patch', 'cm', 'settings', '--type=merge', '-p', '{"data":{"level":null,"new":"1"}}']);
    assert.deepEqual((await json(['get', 'cm', 'settings'])).data, { mode: 'fast', new: '1' });
    assert.equal(
      await ok([
        'patch',
        'deploy',
        'web',
        '--type=json',
        '-p',
        '[{"op":"replace","path":"/spec/replicas","value":6},{"op":"add","path":"/metadata/labels/patched","value":"yes"}]',
      ]),
      'deployment.apps/web patched\n',
    );
    d = await json(['get', 'deploy', 'web']);
    assert.equal(d.spec.replicas, 6);
    assert.equal(d.metadata.labels.patched, 'yes');
    const rv = d.metadata.resourceVersion;
    const failedTest = await run([
      'patch',
      'deploy',
      'web',
      '--type=json',
      '-p',
      '[{"op":"test","path":"/spec/replicas","value":7}]',
    ]);
    assert.equal(failedTest.code, 1);
    assert.equal(
      failedTest.stderr,
      'The request is invalid: the server rejected our request due to an error in our request\n',
    );
    const notList = await run(['patch', 'deploy', 'web', '--type=json', '-p', '{"op":"add"}']);
    assert.equal(notList.code, 1);
    // kubectl patch sends no fieldValidation: the server's default (Warn) decodes the patch strictly first.
    assert.equal(
      notList.stderr,
      'Error from server (BadRequest): error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp\n',
    );
    const invalid = await run(['patch', 'deploy', 'web', '--type=merge', '-p', '{"spec":{"replicas":-2}}']);
    assert.equal(
      invalid.stderr,
      'The Deployment "web" is invalid: spec.replicas: Invalid value: -2: must be greater than or equal to 0\n',
    );
    assert.equal((await json(['get', 'deploy', 'web'])).metadata.resourceVersion, rv);
    // A patch may carry a resourceVersion precondition.
    const stale = await run([
      'patch',
      'deploy',
      'web',
      '--type=merge',
      '-p',
      '{"metadata":{"resourceVersion":"2"},"spec":{"replicas":1}}',
    ]);
    assert.match(
      stale.stderr,
      /^Error from server \(Conflict\): Operation cannot be fulfilled on deployments\.apps "web": the object has been modified/,
    );
    const missing = await run(['patch', 'cm', 'ghost', '-p', '{"data":{"a":"b"}}']);
    assert.equal(missing.stderr, 'Error from server (NotFound): configmaps "ghost" not found\n');
  });

  it('edit: $EDITOR changes are sent as a patch; no change and invalid edits are reported', async () => {
    const env = { EDITOR: editor('mode.sh', 's/mode: fast/mode: slow/') };
    assert.equal((await run(['edit', 'cm', 'settings'], { env })).stdout, 'configmap/settings edited\n');
    assert.equal((await json(['get', 'cm', 'settings'])).data.mode, 'slow');
    const same = await run(['edit', 'cm', 'settings'], { env: { EDITOR: 'true' } });
    assert.equal(same.code, 0);
    assert.equal(same.stderr, 'Edit cancelled, no changes made.\n');

    const rv = (await json(['get', 'deploy', 'web'])).metadata.resourceVersion;
    const bad = await run(['edit', 'deploy', 'web'], {
      env: { EDITOR: editor('bad.sh', 's/replicas: 6/replicas: -6/') },
    });
    assert.equal(bad.code, 1);
    // kubectl reopens the file with the server's causes as comments; the editor changes nothing
    // more, so it gives up and keeps a copy.
    const copy =
      /^error: deployments\.apps "web" is invalid\nA copy of your changes has been stored to "(\/tmp\/kubectl-edit-\d+\.yaml)"\nerror: Edit cancelled, no valid changes were saved\.\n$/.exec(
        bad.stderr,
      );
    assert.ok(copy, bad.stderr);
    const saved = readFileSync(copy[1]!, 'utf8');
    rmSync(copy[1]!);
    assert.match(
      saved,
      /^# deployments\.apps "web" was not valid:\n# \* spec\.replicas: Invalid value: -6: must be greater than or equal to 0\n#\n/m,
    );
    assert.equal((await json(['get', 'deploy', 'web'])).metadata.resourceVersion, rv);

    const image = await run(['edit', 'deploy', 'web'], {
      env: { EDITOR: editor('image.sh', 's/image: nginx:1.25/image: nginx:1.27/') },
    });
    assert.equal(image.stdout, 'deployment.apps/web edited\n');
    const d = await json(['get', 'deploy', 'web']);
    assert.equal(d.spec.template.spec.containers[0].image, 'nginx:1.27');
    assert.ok(d.metadata.managedFields === undefined);
    const managed = JSON.parse(await ok(['get', 'deploy', 'web', '-o', 'json', '--show-managed-fields']));
    assert.ok(managed.metadata.managedFields.some((f: { manager: string }) => f.manager === 'kubectl-edit'));
  });

  it('delete: --wait, -l, --all, --ignore-not-found, NotFound', async () => {
    await ok(['create', 'configmap', 'gone']);
    assert.equal(await ok(['delete', 'cm', 'gone', '--wait']), 'configmap "gone" deleted\n');
    assert.equal(
      (await run(['get', 'cm', 'gone'])).stderr,
      'Error from server (NotFound): configmaps "gone" not found\n',
    );
    for (const n of ['a', 'b', 'c']) await ok(['create', 'configmap', `sel-${n}`]);
    await ok(['label', 'cm', 'sel-a', 'sel-b', 'batch=one']);
    assert.equal(
      await ok(['delete', 'cm', '-l', 'batch=one']),
      'configmap "sel-a" deleted\nconfigmap "sel-b" deleted\n',
    );
    await kubectlOk(kc, ['create', 'namespace', 'scratch']);
    for (const n of ['x', 'y']) await kubectlOk(kc, ['create', 'configmap', n, '-n', 'scratch']);
    assert.equal(
      await kubectlOk(kc, ['delete', 'cm', '--all', '-n', 'scratch']),
      'configmap "x" deleted\nconfigmap "y" deleted\n',
    );
    const none = await kubectl(kc, ['delete', 'cm', '--all', '-n', 'scratch']);
    assert.deepEqual([none.code, none.stdout, none.stderr], [0, 'No resources found\n', '']);
    assert.equal(
      (await run(['delete', 'cm', 'ghost'])).stderr,
      'Error from server (NotFound): configmaps "ghost" not found\n',
    );
    const ignored = await run(['delete', 'cm', 'ghost', '--ignore-not-found']);
    assert.deepEqual([ignored.code, ignored.stdout, ignored.stderr], [0, '', '']);
  });

  it('delete --cascade: orphan and foreground leave their finalizer; background deletes at once', async () => {
    for (const name of ['orphaned', 'fore', 'back'])
      await ok(['create', 'deployment', name, '--image=busybox']);
    assert.equal(
      await ok(['delete', 'deploy', 'orphaned', '--cascade=orphan', '--wait=false']),
      'deployment.apps "orphaned" deleted\n',
    );
    const orphaned = await json(['get', 'deploy', 'orphaned']);
    assert.deepEqual(orphaned.metadata.finalizers, ['orphan']);
    assert.ok(orphaned.metadata.deletionTimestamp);
    assert.equal(orphaned.metadata.deletionGracePeriodSeconds, 0);
    await ok(['delete', 'deploy', 'fore', '--cascade=foreground', '--wait=false']);
    assert.deepEqual((await json(['get', 'deploy', 'fore'])).metadata.finalizers, ['foregroundDeletion']);
    // Until a garbage collector runs, removing the finalizer is what completes the deletion.
    await ok([
      'patch',
      'deploy',
      'fore',
      '--type=json',
      '-p',
      '[{"op":"remove","path":"/metadata/finalizers"}]',
    ]);
    assert.equal((await run(['get', 'deploy', 'fore'])).code, 1);
    // A terminating object takes no new finalizers... but keeps its spec editable (upstream).
    const addFinalizer = await run([
      'patch',
      'deploy',
      'orphaned',
      '--type=merge',
      '-p',
      '{"metadata":{"finalizers":["orphan","example.com/new"]}}',
    ]);
    assert.match(
      addFinalizer.stderr,
      /Forbidden: no new finalizers can be added if the object is being deleted/,
    );
    assert.equal(
      await ok(['delete', 'deploy', 'back', '--cascade=background']),
      'deployment.apps "back" deleted\n',
    );
    assert.equal((await run(['get', 'deploy', 'back'])).code, 1);
  });

  it('delete pods: unscheduled at once, scheduled gracefully; --grace-period=0 --force immediately', async () => {
    await ok(['create', 'serviceaccount', 'default']);
    await ok(['run', 'loose', '--image=busybox', '--', 'sleep', '3600']);
    assert.equal(await ok(['delete', 'pod', 'loose']), 'pod "loose" deleted\n');
    const bound =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: bound\nspec:\n  nodeName: node-a\n  containers:\n  - name: c\n    image: busybox\n';
    await ok(['create', '-f', '-'], bound);
    assert.equal(await ok(['delete', 'pod', 'bound', '--wait=false']), 'pod "bound" deleted\n');
    const terminating = await json(['get', 'pod', 'bound']);
    assert.equal(terminating.metadata.deletionGracePeriodSeconds, 30);
    assert.ok(terminating.metadata.deletionTimestamp);
    const forced = await run(['delete', 'pod', 'bound', '--grace-period=0', '--force']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(forced.stdout, 'pod "bound" force deleted\n');
    assert.equal(
      forced.stderr,
      'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n',
    );
    assert.equal((await run(['get', 'pod', 'bound'])).code, 1);
  });

  it('wait: --for=jsonpath, --for=create, --for=delete and timeouts', async () => {
    assert.equal(
      await ok(['wait', '--for=jsonpath={.spec.replicas}=6', 'deploy/web', '--timeout=10s']),
      'deployment.apps/web condition met\n',
    );
    const later = startKubectl(kc, [
      'wait',
      '-n',
      'work',
      '--for=jsonpath={.data.mode}=later',
      'cm/settings',
      '--timeout=60s',
      '-v=6',
    ]);
    await until('the wait to watch', () => watching(later, 'configmaps'));
    await ok(['patch', 'cm', 'settings', '--type=merge', '-p', '{"data":{"mode":"later"}}']);
    const waited = await later.done;
    assert.equal(waited.stdout, 'configmap/settings condition met\n', waited.stderr);
    // kubectl wait lists and watches the one object through a metadata.name field selector.
    assert.match(waited.stderr, /configmaps\?\S*fieldSelector=metadata\.name%3Dsettings\S*watch=true/);

    const created = startKubectl(kc, ['wait', '-n', 'work', '--for=create', 'cm/late', '--timeout=60s']);
    await new Promise((r) => setTimeout(r, 300));
    await ok(['create', 'configmap', 'late']);
    assert.equal((await created.done).stdout, 'configmap/late condition met\n');

    const deleted = startKubectl(kc, [
      'wait',
      '-n',
      'work',
      '--for=delete',
      'cm/late',
      '--timeout=60s',
      '-v=6',
    ]);
    await until('the wait to watch', () => watching(deleted, 'configmaps'));
    await ok(['delete', 'cm', 'late']);
    const d = await deleted.done;
    assert.equal(d.code, 0, d.stderr);
    assert.equal(d.stdout, 'configmap/late condition met\n');

    const timedOut = await run(['wait', '--for=jsonpath={.spec.replicas}=9', 'deploy/web', '--timeout=1s']);
    assert.equal(timedOut.code, 1);
    assert.equal(timedOut.stderr, 'error: timed out waiting for the condition on deployments/web\n');
    const condition = await run(['wait', '--for=condition=Available', 'deploy/web', '--timeout=1s']);
    assert.equal(condition.stderr, 'error: timed out waiting for the condition on deployments/web\n');
  });
});
