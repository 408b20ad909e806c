// kubectl describe (several kinds, with the Events section kubectl finds through involvedObject
// field selectors, and the ReplicaSets it finds through selectors and owner references),
// kubectl events, and kubectl auth can-i / whoami against kts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type RunningServer, startServer } from './support/kts-server.ts';
import { kubectl, kubectlOk } from './support/kubectl.ts';
import { parseTable } from './support/table.ts';

const ago = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z');

/** A core/v1 Event about `object`, as a controller would record it. */
function coreEvent(
  name: string,
  object: { apiVersion: string; kind: string; name: string; uid: string },
  fields: {
    type: string;
    reason: string;
    message: string;
    component: string;
    count: number;
    first: number;
    last: number;
  },
): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: 'desc' },
    involvedObject: { ...object, namespace: 'desc' },
    type: fields.type,
    reason: fields.reason,
    message: fields.message,
    source: { component: fields.component },
    count: fields.count,
    firstTimestamp: ago(fields.first),
    lastTimestamp: ago(fields.last),
  });
}

describe('kubectl describe, events and auth against kts server', { timeout: 300_000 }, () => {
  let server: RunningServer;
  let kc: string;
  const ok = (args: string[], input?: string) =>
    kubectlOk(kc, ['-n', 'desc', ...args], input === undefined ? {} : { input });
  const get = async (what: string) => JSON.parse(await ok(['get', what, '-o', 'json']));
  before(async () => {
    server = await startServer();
    kc = server.kubeconfig;
    await kubectlOk(kc, ['create', 'namespace', 'desc']);
    await ok(['create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=2', '--port=80']);
    await ok(['create', 'configmap', 'cfg', '--from-literal=mode=fast']);
    await ok(['create', 'secret', 'generic', 'pw', '--from-literal=password=s3cret']);
    await ok(['create', 'service', 'clusterip', 'web', '--tcp=80:80']);
  });
  after(async () => {
    await server?.stop();
  });

  it('describe deployment: the pod template, then Events found by involvedObject fields', async () => {
    const none = await ok(['describe', 'deploy', 'web']);
    assert.match(
      none,
      /^Name:\s+web\nNamespace:\s+desc\nCreationTimestamp:\s+\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000\n/,
    );
    assert.match(none, /\nReplicas:\s+2 desired \| 0 updated \| 0 total \| 0 available \| 0 unavailable\n/);
    assert.match(none, /\nRollingUpdateStrategy:\s+25% max unavailable, 25% max surge\n/);
    assert.match(none, /\n {2}Containers:\n {3}nginx:\n {4}Image:\s+nginx:1\.25\n {4}Port:\s+80\/TCP\n/);
    assert.match(none, /\nEvents:\s+<none>\n$/);

    const deploy = await get('deploy/web');
    const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: deploy.metadata.uid };
    await ok(
      ['create', '-f', '-'],
      coreEvent('web.1', ref, {
        type: 'Normal',
        reason: 'ScalingReplicaSet',
        message: 'Scaled up replica set web-5d4f9c7b8 to 2',
        component: 'deployment-controller',
        count: 1,
        first: 30,
        last: 30,
      }),
    );
    await ok(
      ['create', '-f', '-'],
      coreEvent('web.2', ref, {
        type: 'Warning',
        reason: 'Unhealthy',
        message: 'something went wrong',
        component: 'deployment-controller',
        count: 3,
        first: 600,
        last: 60,
      }),
    );
    // An event about another object with the same name but another kind stays out.
    await ok(
      ['create', '-f', '-'],
      coreEvent(
        'other.1',
        { apiVersion: 'v1', kind: 'Service', name: 'web', uid: 'x' },
        {
          type: 'Normal',
          reason: 'Other',
          message: 'not about the deployment',
          component: 'someone',
          count: 1,
          first: 10,
          last: 10,
        },
      ),
    );
    const out = await ok(['describe', 'deploy', 'web']);
    const events = out.slice(out.indexOf('\nEvents:\n') + 1).split('\n');
    // Column spacing is kubectl's tabwriter; the cells are what the server's events give.
    assert.match(events[1]!, /^ {2}Type\s+Reason\s+Age\s+From\s+Message$/);
    assert.match(events[2]!, /^ {2}----\s+------\s+----\s+----\s+-------$/);
    // Sorted by time, oldest first; a repeated event shows its count and span.
    assert.match(
      events[3]!,
      /^ {2}Warning\s+Unhealthy\s+\d+s \(x3 over 10m\)\s+deployment-controller\s+something went wrong$/,
    );
    assert.match(
      events[4]!,
      /^ {2}Normal\s+ScalingReplicaSet\s+\d+s\s+deployment-controller\s+Scaled up replica set web-5d4f9c7b8 to 2$/,
    );
    assert.equal(events.length, 6);
    assert.doesNotMatch(out, /not about the deployment/);
  });

  it('describe deployment lists its ReplicaSets, found by selector and controller reference', async () => {
    const deploy = await get('deploy/web');
    const rs = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: 'web-5d4f9c7b8',
        labels: { app: 'web', 'pod-template-hash': '5d4f9c7b8' },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: 'web',
            uid: deploy.metadata.uid,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web', 'pod-template-hash': '5d4f9c7b8' } },
        template: {
          metadata: { labels: { app: 'web', 'pod-template-hash': '5d4f9c7b8' } },
          spec: deploy.spec.template.spec,
        },
      },
    };
    await ok(['create', '-f', '-'], JSON.stringify(rs));
    const out = await ok(['describe', 'deploy', 'web']);
    assert.match(
      out,
      /\nOldReplicaSets:\s+<none>\nNewReplicaSet:\s+web-5d4f9c7b8 \(0\/2 replicas created\)\n/,
    );
    const rsOut = await ok(['describe', 'rs', 'web-5d4f9c7b8']);
    assert.match(rsOut, /\nControlled By:\s+Deployment\/web\n/);
    assert.match(rsOut, /\nReplicas:\s+0 current \/ 2 desired\n/);
    assert.match(rsOut, /\nPods Status:\s+0 Running \/ 0 Waiting \/ 0 Succeeded \/ 0 Failed\n/);
  });

  it('describe configmap, secret (sizes only), service and namespace', async () => {
    assert.equal(
      await ok(['describe', 'cm', 'cfg']),
      'Name:         cfg\nNamespace:    desc\nLabels:       <none>\nAnnotations:  <none>\n\nData\n====\nmode:\n----\nfast\n\n\nBinaryData\n====\n\nEvents:  <none>\n',
    );
    const secret = await ok(['describe', 'secret', 'pw']);
    assert.equal(
      secret,
      'Name:         pw\nNamespace:    desc\nLabels:       <none>\nAnnotations:  <none>\n\nType:  Opaque\n\nData\n====\npassword:  6 bytes\n',
    );
    const svc = await ok(['describe', 'svc', 'web']);
    const ip = (await get('svc/web')).spec.clusterIP;
    assert.match(
      svc,
      new RegExp(
        `\\nType:\\s+ClusterIP\\nIP Family Policy:\\s+SingleStack\\nIP Families:\\s+IPv4\\nIP:\\s+${ip.replaceAll('.', '\\.')}\\nIPs:\\s+${ip.replaceAll('.', '\\.')}\\n`,
      ),
    );
    assert.match(svc, /\nPort:\s+80-80 {2}80\/TCP\nTargetPort:\s+80\/TCP\nEndpoints:\s+<none>\n/);
    await ok(['create', 'quota', 'q', '--hard=pods=3']);
    const ns = await kubectlOk(kc, ['describe', 'namespace', 'desc']);
    assert.match(
      ns,
      /^Name:\s+desc\nLabels:\s+kubernetes\.io\/metadata\.name=desc\nAnnotations:\s+<none>\nStatus:\s+Active\n\nResource Quotas\n {2}Name:\s+q\n/,
    );
    assert.match(ns, /\nNo LimitRange resource\.\n?$/);
  });

  it('events.k8s.io/v1 events show up in describe and in kubectl events', async () => {
    const cm = await get('cm/cfg');
    await ok(
      ['create', '-f', '-'],
      JSON.stringify({
        apiVersion: 'events.k8s.io/v1',
        kind: 'Event',
        metadata: { name: 'cfg.1', namespace: 'desc' },
        eventTime: new Date(Date.now() - 5000).toISOString().replace('Z', '000Z'),
        regarding: {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          name: 'cfg',
          namespace: 'desc',
          uid: cm.metadata.uid,
        },
        reason: 'Reloaded',
        note: 'configuration reloaded',
        type: 'Normal',
        action: 'Reload',
        reportingController: 'example.com/reloader',
        reportingInstance: 'reloader-1',
      }),
    );
    const out = await ok(['describe', 'cm', 'cfg']);
    assert.match(
      out,
      /\nEvents:\n {2}Type\s+Reason\s+Age\s+From\s+Message\n {2}----\s+------\s+----\s+----\s+-------\n {2}Normal\s+Reloaded\s+\d+s\s+example\.com\/reloader\s+configuration reloaded\n$/,
    );
    const core = JSON.parse(await kubectlOk(kc, ['get', '--raw', '/api/v1/namespaces/desc/events/cfg.1']));
    assert.equal(core.involvedObject.name, 'cfg');
    assert.equal(core.message, 'configuration reloaded');

    const events = await ok(['events', '--for', 'configmap/cfg']);
    const rows = parseTable(events);
    assert.deepEqual(
      rows.map((r) => [r.TYPE, r.REASON, r.OBJECT, r.MESSAGE]),
      [['Normal', 'Reloaded', 'ConfigMap/cfg', 'configuration reloaded']],
    );
    const table = parseTable(await ok(['get', 'events', '--sort-by=.metadata.name']));
    assert.deepEqual(
      table.map((r) => [r.TYPE, r.REASON, r.OBJECT]),
      [
        ['Normal', 'Reloaded', 'configmap/cfg'],
        ['Normal', 'Other', 'service/web'],
        ['Normal', 'ScalingReplicaSet', 'deployment/web'],
        ['Warning', 'Unhealthy', 'deployment/web'],
      ],
    );
    const warnings = parseTable(await ok(['get', 'events', '--field-selector', 'type=Warning']));
    assert.deepEqual(
      warnings.map((r) => r.REASON),
      ['Unhealthy'],
    );
  });

  it('auth can-i: yes for the admin, --list, subresources, non-resource URLs', async () => {
    const yes = await kubectl(kc, ['auth', 'can-i', 'create', 'deployments.apps', '-n', 'desc']);
    assert.deepEqual([yes.code, yes.stdout], [0, 'yes\n']);
    const quiet = await kubectl(kc, ['auth', 'can-i', 'delete', 'nodes', '--quiet']);
    assert.deepEqual([quiet.code, quiet.stdout], [0, '']);
    assert.equal(await kubectlOk(kc, ['auth', 'can-i', 'get', 'pods', '--subresource=log']), 'yes\n');
    assert.equal(await kubectlOk(kc, ['auth', 'can-i', 'get', '/healthz']), 'yes\n');
    assert.equal(await kubectlOk(kc, ['auth', 'can-i', '*', '*']), 'yes\n');
    const unknown = await kubectl(kc, ['auth', 'can-i', 'get', 'widgets']);
    assert.equal(unknown.stdout, 'yes\n');
    assert.equal(unknown.stderr, "Warning: the server doesn't have a resource type 'widgets'\n\n");
    const list = await kubectlOk(kc, ['auth', 'can-i', '--list', '-n', 'desc']);
    assert.deepEqual(parseTable(list).slice(0, 2), [
      { Resources: '*.*', 'Non-Resource URLs': '[]', 'Resource Names': '[]', Verbs: '[*]' },
      { Resources: '', 'Non-Resource URLs': '[*]', 'Resource Names': '[]', Verbs: '[*]' },
    ]);
  });

  it('auth whoami: the admin user and its groups', async () => {
    assert.equal(
      await kubectlOk(kc, ['auth', 'whoami']),
      'ATTRIBUTE   VALUE\nUsername    system:admin\nGroups      [system:masters system:authenticated]\n',
    );
    const review = JSON.parse(await kubectlOk(kc, ['auth', 'whoami', '-o', 'json']));
    assert.equal(review.kind, 'SelfSubjectReview');
    assert.equal(review.apiVersion, 'authentication.k8s.io/v1');
    assert.deepEqual(review.status.userInfo, {
      username: 'system:admin',
      groups: ['system:masters', 'system:authenticated'],
    });
  });
});
