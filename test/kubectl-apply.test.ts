// create -f and apply -f (client-side and --server-side) of manifests as the Kubernetes docs
// write them, against a kts server: upstream's messages, defaults, three-way merges, the
// client-side to server-side apply migration, conflicts, diff and server-side dry runs.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  BASIC_AUTH_SECRET,
  DOCS_MANIFESTS,
  GAME_DEMO_CONFIGMAP,
  NGINX_DEPLOYMENT,
  WEB_STATEFULSET,
} from './support/docs-manifests.ts';
import { type RunningServer, startServer } from './support/kts-server.ts';
import { kubectl, kubectlOk } from './support/kubectl.ts';

const lines = (out: string) => out.trim().split('\n');

/** What `kubectl delete -f` prints for an object `kubectl apply` printed as `kind.group/name`. */
const deletedLine = (created: string) => {
  const [kind, name] = created.split('/');
  return `${kind} "${name}" deleted`;
};

describe('kubectl create -f / apply -f of the docs manifests', { timeout: 600_000 }, () => {
  let server: RunningServer;
  let kc: string;
  let dir: string;
  const json = async (args: string[]) => JSON.parse(await kubectlOk(kc, [...args, '-o', 'json']));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  before(async () => {
    server = await startServer();
    kc = server.kubeconfig;
    dir = mkdtempSync(join(tmpdir(), 'kts-apply-'));
  });
  after(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('create -f prints "<kind>/<name> created" for each, and AlreadyExists the second time', async () => {
    for (const m of DOCS_MANIFESTS) {
      const out = await kubectlOk(kc, ['create', '-f', file(`${m.name}.yaml`, m.yaml)]);
      assert.deepEqual(
        lines(out),
        m.created.map((c) => `${c} created`),
      );
    }
    const again = await kubectl(kc, ['create', '-f', join(dir, 'deployment.yaml')]);
    assert.equal(again.code, 1);
    assert.equal(
      again.stderr.trim(),
      `Error from server (AlreadyExists): error when creating "${join(dir, 'deployment.yaml')}": deployments.apps "nginx-deployment" already exists`,
    );
  });

  it('the created objects carry upstream defaults', async () => {
    const svc = await json(['get', 'svc', 'my-service']);
    assert.match(svc.spec.clusterIP, /^10\.43\.\d+\.\d+$/);
    assert.deepEqual(svc.spec.clusterIPs, [svc.spec.clusterIP]);
    assert.deepEqual(
      { ...svc.spec, clusterIP: undefined, clusterIPs: undefined },
      {
        clusterIP: undefined,
        clusterIPs: undefined,
        internalTrafficPolicy: 'Cluster',
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        ports: [{ port: 80, protocol: 'TCP', targetPort: 9376 }],
        selector: { 'app.kubernetes.io/name': 'MyApp' },
        sessionAffinity: 'None',
        type: 'ClusterIP',
      },
    );
    const headless = await json(['get', 'svc', 'nginx']);
    assert.equal(headless.spec.clusterIP, 'None');
    assert.deepEqual(headless.spec.ports, [{ name: 'web', port: 80, protocol: 'TCP', targetPort: 80 }]);

    const cm = await json(['get', 'cm', 'game-demo']);
    assert.equal(cm.data['game.properties'], 'enemy.types=aliens,monsters\nplayer.maximum-lives=5    \n');
    assert.equal(cm.data.player_initial_lives, '3');

    const secret = await json(['get', 'secret', 'secret-basic-auth']);
    assert.equal(secret.type, 'kubernetes.io/basic-auth');
    assert.equal(secret.stringData, undefined);
    assert.deepEqual(secret.data, {
      password: Buffer.from('t0p-Secret').toString('base64'),
      username: Buffer.from('admin').toString('base64'),
    });

    const job = await json(['get', 'job', 'pi']);
    const uid = job.metadata.uid;
    assert.deepEqual(job.spec.selector, { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } });
    assert.deepEqual(job.spec.template.metadata.labels, {
      'batch.kubernetes.io/controller-uid': uid,
      'batch.kubernetes.io/job-name': 'pi',
      'controller-uid': uid,
      'job-name': 'pi',
    });
    assert.equal(job.spec.completions, 1);
    assert.equal(job.spec.parallelism, 1);
    assert.equal(job.spec.backoffLimit, 4);
    assert.equal(job.spec.completionMode, 'NonIndexed');
    assert.equal(job.spec.suspend, false);
    assert.equal(job.spec.template.spec.restartPolicy, 'Never');

    const cj = await json(['get', 'cronjob', 'hello']);
    assert.equal(cj.spec.concurrencyPolicy, 'Allow');
    assert.equal(cj.spec.successfulJobsHistoryLimit, 3);
    assert.equal(cj.spec.failedJobsHistoryLimit, 1);
    assert.equal(cj.spec.suspend, false);

    const sts = await json(['get', 'sts', 'web']);
    assert.equal(sts.spec.podManagementPolicy, 'OrderedReady');
    assert.deepEqual(sts.spec.updateStrategy, { rollingUpdate: { partition: 0 }, type: 'RollingUpdate' });
    assert.deepEqual(sts.spec.persistentVolumeClaimRetentionPolicy, {
      whenDeleted: 'Retain',
      whenScaled: 'Retain',
    });
    const vct = sts.spec.volumeClaimTemplates[0];
    assert.equal(vct.apiVersion, 'v1');
    assert.equal(vct.kind, 'PersistentVolumeClaim');
    assert.equal(vct.spec.volumeMode, 'Filesystem');
    assert.deepEqual(vct.status, { phase: 'Pending' });

    const ds = await json(['get', 'ds', 'fluentd-elasticsearch', '-n', 'kube-system']);
    assert.deepEqual(ds.spec.updateStrategy, {
      rollingUpdate: { maxSurge: 0, maxUnavailable: 1 },
      type: 'RollingUpdate',
    });
    assert.deepEqual(ds.spec.template.spec.volumes, [
      { hostPath: { path: '/var/log', type: '' }, name: 'varlog' },
    ]);

    const hpa = await json(['get', 'hpa', 'php-apache']);
    assert.equal(hpa.apiVersion, 'autoscaling/v2');
    assert.deepEqual(hpa.spec.metrics, [
      {
        resource: { name: 'cpu', target: { averageUtilization: 50, type: 'Utilization' } },
        type: 'Resource',
      },
    ]);
    const hpaV1 = await json(['get', 'horizontalpodautoscalers.v1.autoscaling', 'php-apache']);
    assert.equal(hpaV1.apiVersion, 'autoscaling/v1');
    assert.equal(hpaV1.spec.targetCPUUtilizationPercentage, 50);

    const netpol = await json(['get', 'netpol', 'test-network-policy']);
    assert.deepEqual(netpol.spec.ingress[0].ports, [{ port: 6379, protocol: 'TCP' }]);
    const binding = await json(['get', 'rolebinding', 'read-pods']);
    assert.deepEqual(binding.roleRef, {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: 'pod-reader',
    });
  });

  it('delete -f deletes each and prints upstream messages', async () => {
    for (const m of DOCS_MANIFESTS) {
      const out = await kubectlOk(kc, ['delete', '-f', join(dir, `${m.name}.yaml`)]);
      assert.deepEqual(lines(out), m.created.map(deletedLine));
    }
    const gone = await kubectl(kc, [
      'get',
      'deploy,svc,cm,secret,job,cronjob,sts,ing,netpol,hpa,pdb,role,rolebinding',
    ]);
    // The cluster's own `kubernetes` Service stays.
    assert.match(
      gone.stdout,
      /^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\nservice\/kubernetes\s/,
    );
    assert.equal(gone.stdout.trim().split('\n').length, 2);
  });

  it('apply -f creates, then re-apply is "unchanged" (or "configured" where upstream patches every time)', async () => {
    for (const m of DOCS_MANIFESTS) {
      const out = await kubectlOk(kc, ['apply', '-f', join(dir, `${m.name}.yaml`)]);
      assert.deepEqual(
        lines(out),
        m.created.map((c) => `${c} created`),
      );
    }
    const deploy = await json(['get', 'deploy', 'nginx-deployment']);
    const lastApplied = JSON.parse(
      deploy.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'],
    );
    assert.equal(lastApplied.spec.template.spec.containers[0].image, 'nginx:1.14.2');
    // Client-side apply's patches are three-way diffs computed by kubectl: they are empty when the
    // live object still matches, except where upstream's own rules always produce a patch —
    // stringData (never stored), a `replace` selector (PDB) and an atomic list the server
    // defaults (volumeClaimTemplates).
    const alwaysConfigured = new Set([
      'secret/secret-basic-auth',
      'poddisruptionbudget.policy/zk-pdb',
      'statefulset.apps/web',
    ]);
    for (const m of DOCS_MANIFESTS) {
      const out = await kubectlOk(kc, ['apply', '-f', join(dir, `${m.name}.yaml`)]);
      assert.deepEqual(
        lines(out),
        m.created.map((c) => `${c} ${alwaysConfigured.has(c) ? 'configured' : 'unchanged'}`),
      );
    }
    const after = await json(['get', 'deploy', 'nginx-deployment']);
    assert.equal(after.metadata.resourceVersion, deploy.metadata.resourceVersion);
    assert.equal(after.metadata.generation, 1);
  });

  it('apply after editing the manifest patches changes and removes what was dropped', async () => {
    const edited = NGINX_DEPLOYMENT.replace('replicas: 3', 'replicas: 2')
      .replace('image: nginx:1.14.2', 'image: nginx:1.16.1')
      .replace('  labels:\n    app: nginx\nspec:', 'spec:')
      .replace(
        '        - containerPort: 80\n',
        '        - containerPort: 80\n        - containerPort: 443\n',
      );
    const out = await kubectlOk(kc, ['apply', '-f', file('deployment-edited.yaml', edited)]);
    assert.equal(out.trim(), 'deployment.apps/nginx-deployment configured');
    const d = await json(['get', 'deploy', 'nginx-deployment']);
    assert.equal(d.spec.replicas, 2);
    assert.equal(d.spec.template.spec.containers[0].image, 'nginx:1.16.1');
    assert.deepEqual(
      d.spec.template.spec.containers[0].ports.map((p: { containerPort: number }) => p.containerPort),
      [80, 443],
    );
    // The label left the manifest, so the three-way merge deletes it.
    assert.equal(d.metadata.labels, undefined);
    assert.equal(d.metadata.generation, 2);

    // A change made by someone else to a field the manifest does not mention survives apply.
    await kubectlOk(kc, ['annotate', 'deploy', 'nginx-deployment', 'team=web']);
    const edited2 = edited.replace('replicas: 2', 'replicas: 1');
    await kubectlOk(kc, ['apply', '-f', file('deployment-edited2.yaml', edited2)]);
    const d2 = await json(['get', 'deploy', 'nginx-deployment']);
    assert.equal(d2.spec.replicas, 1);
    assert.equal(d2.metadata.annotations.team, 'web');

    // ConfigMap data: a changed and a removed key.
    const cmEdited = GAME_DEMO_CONFIGMAP.replace(
      'player_initial_lives: "3"',
      'player_initial_lives: "4"',
    ).replace('  ui_properties_file_name: "user-interface.properties"\n', '');
    assert.equal(
      (await kubectlOk(kc, ['apply', '-f', file('configmap-edited.yaml', cmEdited)])).trim(),
      'configmap/game-demo configured',
    );
    const cm = await json(['get', 'cm', 'game-demo']);
    assert.equal(cm.data.player_initial_lives, '4');
    assert.equal(cm.data.ui_properties_file_name, undefined);
    assert.equal(Object.keys(cm.data).length, 3);
  });

  it('apply --server-side takes over from client-side apply without conflicts or warnings', async () => {
    for (const m of DOCS_MANIFESTS.filter((m) => m.name !== 'statefulset')) {
      const r = await kubectl(kc, ['apply', '--server-side', '-f', join(dir, `${m.name}.yaml`)]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, '');
      assert.deepEqual(
        lines(r.stdout),
        m.created.map((c) => `${c} serverside-applied`),
      );
    }
    // The client-side manager's fields now belong to `kubectl` (Apply); the Job keeps what its
    // strategy generated (selector and template labels), owned by no one.
    const job = await json(['get', 'job', 'pi', '--show-managed-fields']);
    const managers = job.metadata.managedFields.map(
      (f: { manager: string; operation: string }) => `${f.manager}/${f.operation}`,
    );
    assert.deepEqual(managers.sort(), ['kubectl-last-applied/Apply', 'kubectl/Apply']);
    assert.ok(job.spec.selector.matchLabels['batch.kubernetes.io/controller-uid']);
    assert.equal(job.spec.template.metadata.labels['job-name'], 'pi');
    // Again: nothing to migrate, still no warning.
    const again = await kubectl(kc, ['apply', '--server-side', '-f', join(dir, 'job.yaml')]);
    assert.equal(again.stderr, '');
    assert.equal(again.stdout.trim(), 'job.batch/pi serverside-applied');

    // volumeClaimTemplates is an atomic list the server defaults, so the live value differs from
    // the last-applied one and the client-side manager's ownership is not waived: upstream
    // reports the same conflict.
    const sts = await kubectl(kc, ['apply', '--server-side', '-f', join(dir, 'statefulset.yaml')]);
    assert.equal(sts.code, 1);
    assert.match(
      sts.stderr,
      /^error: Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps\/v1: \.spec\.volumeClaimTemplates\nPlease review the fields above--they currently have other managers\./m,
    );
    assert.equal(
      (
        await kubectlOk(kc, [
          'apply',
          '--server-side',
          '--force-conflicts',
          '-f',
          join(dir, 'statefulset.yaml'),
        ])
      ).trim(),
      'service/nginx serverside-applied\nstatefulset.apps/web serverside-applied',
    );
  });

  it('apply --server-side from scratch, conflicts between managers and --force-conflicts', async () => {
    await kubectlOk(kc, ['create', 'namespace', 'ssa']);
    for (const m of DOCS_MANIFESTS.filter((m) => !m.yaml.includes('namespace:'))) {
      const out = await kubectlOk(kc, [
        'apply',
        '--server-side',
        '-n',
        'ssa',
        '-f',
        join(dir, `${m.name}.yaml`),
      ]);
      assert.deepEqual(
        lines(out),
        m.created.map((c) => `${c} serverside-applied`),
      );
    }
    const d = await json(['get', 'deploy', 'nginx-deployment', '-n', 'ssa', '--show-managed-fields']);
    assert.deepEqual(
      d.metadata.managedFields.map((f: { manager: string; operation: string }) => [f.manager, f.operation]),
      [['kubectl', 'Apply']],
    );
    // Server-side apply records no last-applied annotation for objects it created.
    assert.equal(d.metadata.annotations, undefined);

    const other =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: nginx-deployment\nspec:\n  replicas: 5\n';
    const conflict = await kubectl(
      kc,
      ['apply', '--server-side', '--field-manager=ops', '-n', 'ssa', '-f', '-'],
      {
        input: other,
      },
    );
    assert.equal(conflict.code, 1);
    assert.match(
      conflict.stderr,
      // An Apply manager is named alone; an Update manager with its version (upstream's printManager).
      /^error: Apply failed with 1 conflict: conflict with "kubectl": \.spec\.replicas\n/,
    );
    assert.equal((await json(['get', 'deploy', 'nginx-deployment', '-n', 'ssa'])).spec.replicas, 3);
    const forced = await kubectlOk(
      kc,
      ['apply', '--server-side', '--field-manager=ops', '--force-conflicts', '-n', 'ssa', '-f', '-'],
      { input: other },
    );
    assert.equal(forced.trim(), 'deployment.apps/nginx-deployment serverside-applied');
    const after = await json(['get', 'deploy', 'nginx-deployment', '-n', 'ssa', '--show-managed-fields']);
    assert.equal(after.spec.replicas, 5);
    const ops = after.metadata.managedFields.find((f: { manager: string }) => f.manager === 'ops');
    assert.deepEqual(ops.fieldsV1, { 'f:spec': { 'f:replicas': {} } });
    const kubectlEntry = after.metadata.managedFields.find(
      (f: { manager: string }) => f.manager === 'kubectl',
    );
    assert.equal(kubectlEntry.fieldsV1['f:spec']['f:replicas'], undefined);

    // Dropping a key from one's own applied configuration removes it; a key another manager
    // set stays.
    const cm = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: pruned\ndata:\n${data}`;
    await kubectlOk(kc, ['apply', '--server-side', '-n', 'ssa', '-f', '-'], {
      input: cm('  a: "1"\n  b: "2"\n'),
    });
    await kubectlOk(kc, ['patch', 'cm', 'pruned', '-n', 'ssa', '--type=merge', '-p', '{"data":{"c":"3"}}']);
    await kubectlOk(kc, ['apply', '--server-side', '-n', 'ssa', '-f', '-'], { input: cm('  a: "1"\n') });
    assert.deepEqual((await json(['get', 'cm', 'pruned', '-n', 'ssa'])).data, { a: '1', c: '3' });
  });

  it('diff: exit 0 without changes, 1 with a unified diff of live and merged', async () => {
    // The server-side apply above brought the objects back to the docs manifests.
    const same = await kubectl(kc, ['diff', '-f', join(dir, 'configmap.yaml')]);
    assert.equal(same.code, 0, same.stderr);
    assert.equal(same.stdout, '');
    const changed = GAME_DEMO_CONFIGMAP.replace(
      'player_initial_lives: "3"',
      'player_initial_lives: "9"',
    ).replace('  ui_properties_file_name: "user-interface.properties"\n', '');
    const r = await kubectl(kc, ['diff', '-f', file('configmap-9.yaml', changed)]);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stderr, '');
    assert.match(
      r.stdout,
      /^diff -u -N \S+\/LIVE-\d+\/v1\.ConfigMap\.default\.game-demo \S+\/MERGED-\d+\/v1\.ConfigMap\.default\.game-demo\n/,
    );
    assert.match(
      r.stdout,
      /\n- {2}player_initial_lives: "3"\n- {2}ui_properties_file_name: user-interface\.properties\n\+ {2}player_initial_lives: "9"\n/,
    );
    // Only the data changes: generation, resourceVersion and managedFields are not in the diff.
    assert.doesNotMatch(r.stdout, /^[-+] {2}(resourceVersion|generation|uid):/m);
    // The server-side dry run left the object alone.
    assert.equal((await json(['get', 'cm', 'game-demo'])).data.player_initial_lives, '3');

    const fresh = await kubectl(kc, ['diff', '-f', '-'], {
      input: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: brand-new\ndata:\n  a: "1"\n',
    });
    assert.equal(fresh.code, 1);
    assert.match(fresh.stdout, /\n\+ {2}name: brand-new\n/);
    assert.equal((await kubectl(kc, ['get', 'cm', 'brand-new'])).code, 1);

    const ssa = await kubectl(kc, [
      'diff',
      '--server-side',
      '-n',
      'ssa',
      '-f',
      join(dir, 'configmap-9.yaml'),
    ]);
    assert.equal(ssa.code, 1, ssa.stderr);
    // Server-side apply also prunes the key this manager applied before and no longer does.
    assert.match(
      ssa.stdout,
      /\n- {2}player_initial_lives: "3"\n- {2}ui_properties_file_name: user-interface\.properties\n\+ {2}player_initial_lives: "9"\n/,
    );
  });

  it('--dry-run=server on create, apply and delete changes nothing', async () => {
    const before = await json(['get', 'secret', 'secret-basic-auth']);
    const created = await kubectlOk(kc, ['create', '--dry-run=server', '-n', 'ssa', '-f', '-'], {
      input: BASIC_AUTH_SECRET.replace('secret-basic-auth', 'dry'),
    });
    assert.equal(created.trim(), 'secret/dry created (server dry run)');
    assert.equal((await kubectl(kc, ['get', 'secret', 'dry', '-n', 'ssa'])).code, 1);

    const out = await kubectlOk(kc, ['create', '--dry-run=server', '-o', 'json', '-f', '-'], {
      input: WEB_STATEFULSET.split('---\n')[1]!.replace('name: web', 'name: web-dry'),
    });
    const dry = JSON.parse(out);
    // A server dry run answers with the object as it would be stored: defaulted, with a uid,
    // but no resourceVersion.
    assert.equal(dry.spec.podManagementPolicy, 'OrderedReady');
    assert.ok(dry.metadata.uid);
    assert.equal(dry.metadata.resourceVersion, undefined);

    const edited = GAME_DEMO_CONFIGMAP.replace('player_initial_lives: "3"', 'player_initial_lives: "8"');
    const applied = await kubectlOk(kc, ['apply', '--dry-run=server', '-f', file('cm-8.yaml', edited)]);
    assert.equal(applied.trim(), 'configmap/game-demo configured (server dry run)');
    const ssaApplied = await kubectlOk(kc, [
      'apply',
      '--server-side',
      '--dry-run=server',
      '-n',
      'ssa',
      '-f',
      join(dir, 'cm-8.yaml'),
    ]);
    assert.equal(ssaApplied.trim(), 'configmap/game-demo serverside-applied (server dry run)');
    assert.equal((await json(['get', 'cm', 'game-demo'])).data.player_initial_lives, '3');
    assert.equal((await json(['get', 'cm', 'game-demo', '-n', 'ssa'])).data.player_initial_lives, '3');

    const deleted = await kubectlOk(kc, ['delete', '--dry-run=server', 'secret', 'secret-basic-auth']);
    assert.equal(deleted.trim(), 'secret "secret-basic-auth" deleted (server dry run)');
    const still = await json(['get', 'secret', 'secret-basic-auth']);
    assert.equal(still.metadata.resourceVersion, before.metadata.resourceVersion);
    assert.equal(still.metadata.deletionTimestamp, undefined);
  });
});
