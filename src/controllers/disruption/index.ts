// The `disruption` controller: PodDisruptionBudget status (currentHealthy, desiredHealthy,
// expectedPods, disruptionsAllowed, the DisruptionAllowed condition, observedGeneration) from the
// budget's pods and their controllers' scale, with disruptedPods entries of the eviction API
// dropped once their pod is being deleted or the entry is older than two minutes. The API
// server's pods/eviction reads this status.

import type { Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1.d.ts';
import type { Pod, ReplicationController } from 'kubernetes-types/core/v1.d.ts';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.d.ts';
import { controllerOf, isNotFound, PODS, type ResourceDescriptor, splitKey } from '../../client/index.ts';
import { deepEqual } from '../../machinery/json-value.ts';
import { labelSelectorMatches } from '../../machinery/label-selector.ts';
import type { ControllerDefinition } from '../controller-definition.ts';
import { runControllers } from '../internal/run.ts';
import { metaTime } from '../internal/time.ts';
import {
  budgetStatus,
  type ControllerScale,
  countHealthy,
  expectedPodCount,
  failSafeStatus,
  pendingDisruptions,
} from './budget.ts';

const PDBS: ResourceDescriptor = {
  group: 'policy',
  version: 'v1',
  resource: 'poddisruptionbudgets',
  namespaced: true,
  kind: 'PodDisruptionBudget',
};
const RCS: ResourceDescriptor = {
  group: '',
  version: 'v1',
  resource: 'replicationcontrollers',
  namespaced: true,
  kind: 'ReplicationController',
};
const RSS: ResourceDescriptor = {
  group: 'apps',
  version: 'v1',
  resource: 'replicasets',
  namespaced: true,
  kind: 'ReplicaSet',
};
const DEPLOYMENTS: ResourceDescriptor = {
  group: 'apps',
  version: 'v1',
  resource: 'deployments',
  namespaced: true,
  kind: 'Deployment',
};
const STATEFULSETS: ResourceDescriptor = {
  group: 'apps',
  version: 'v1',
  resource: 'statefulsets',
  namespaced: true,
  kind: 'StatefulSet',
};

export const disruptionController: ControllerDefinition = {
  name: 'disruption',
  enabledByDefault: true,
  async start(ctx) {
    const pdbs = ctx.informers.informerFor<PodDisruptionBudget>(PDBS);
    const pods = ctx.informers.informerFor<Pod>(PODS);
    const rcs = ctx.informers.informerFor<ReplicationController>(RCS);
    const rss = ctx.informers.informerFor<ReplicaSet>(RSS);
    const deployments = ctx.informers.informerFor<Deployment>(DEPLOYMENTS);
    const statefulSets = ctx.informers.informerFor<StatefulSet>(STATEFULSETS);
    const client = ctx.client.resource<PodDisruptionBudget>(PDBS);
    const recorder = ctx.recorder('controllermanager');
    const pdbKeysIn = (namespace: string) =>
      pdbs.lister
        .namespace(namespace)
        .list()
        .map((p) => `${namespace}/${p.metadata?.name}`);

    /** The scale of a pod's controller (upstream's finders: RC, Deployment via its ReplicaSet, ReplicaSet, StatefulSet). */
    const scaleOf = (pod: Pod): ControllerScale => {
      const ns = pod.metadata?.namespace ?? '';
      const ref = controllerOf(pod);
      if (!ref)
        return {
          error: `found no controller ref for pod "${pod.metadata?.name}"`,
          reason: 'NoControllerRef',
        };
      const group = ref.apiVersion.includes('/') ? ref.apiVersion.slice(0, ref.apiVersion.indexOf('/')) : '';
      const found = <T extends { metadata?: { uid?: string } }>(obj: T | undefined) =>
        obj && obj.metadata?.uid === ref.uid ? obj : undefined;
      if (group === '' && ref.kind === 'ReplicationController') {
        const rc = found(rcs.lister.get(ns, ref.name));
        if (rc) return { uid: ref.uid, scale: rc.spec?.replicas ?? 1 };
      } else if (group === 'apps' && ref.kind === 'ReplicaSet') {
        const rs = found(rss.lister.get(ns, ref.name));
        if (rs) {
          const owner = controllerOf(rs);
          if (owner?.kind === 'Deployment' && owner.apiVersion.startsWith('apps/')) {
            const d = deployments.lister.get(ns, owner.name);
            if (d && d.metadata?.uid === owner.uid) return { uid: owner.uid, scale: d.spec?.replicas ?? 1 };
          }
          return { uid: ref.uid, scale: rs.spec?.replicas ?? 1 };
        }
      } else if (group === 'apps' && ref.kind === 'StatefulSet') {
        const ss = found(statefulSets.lister.get(ns, ref.name));
        if (ss) return { uid: ref.uid, scale: ss.spec?.replicas ?? 1 };
      }
      return { error: `found no controllers for pod "${pod.metadata?.name}"`, reason: 'NoControllers' };
    };

    const workloads = (obj: { metadata?: { namespace?: string } }) =>
      pdbKeysIn(obj.metadata?.namespace ?? '');
    return runControllers(ctx, [
      {
        name: 'disruption-controller',
        for: PDBS,
        watches: [
          {
            resource: PODS,
            map: (pod: Pod) =>
              pdbs.lister
                .namespace(pod.metadata?.namespace ?? '')
                .list()
                .filter((p) => labelSelectorMatches(p.spec?.selector, pod.metadata?.labels))
                .map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`),
          },
          { resource: RCS, map: workloads },
          { resource: RSS, map: workloads },
          { resource: DEPLOYMENTS, map: workloads },
          { resource: STATEFULSETS, map: workloads },
        ],
        workers: 2,
        async reconcile(key) {
          const { namespace, name } = splitKey(key);
          const pdb = pdbs.lister.get(namespace, name);
          if (!pdb) return;
          const nowMs = ctx.settings.now();
          const now = metaTime(nowMs);
          const about = { ...pdb, apiVersion: 'policy/v1', kind: 'PodDisruptionBudget' };
          const selected = pods.lister
            .namespace(namespace)
            .list()
            .filter((p) => labelSelectorMatches(pdb.spec?.selector, p.metadata?.labels));
          if (selected.length === 0) recorder.event(about, 'Normal', 'NoPods', 'No matching pods found');
          const expectation = expectedPodCount(pdb, selected, scaleOf);
          let status: PodDisruptionBudget['status'];
          let recheckAtMs: number | undefined;
          if ('error' in expectation) {
            recorder.event(about, 'Warning', expectation.reason, expectation.error);
            status = failSafeStatus(pdb, expectation.error, now);
          } else {
            const pending = pendingDisruptions(pdb, selected, nowMs);
            recheckAtMs = pending.recheckAtMs;
            status = budgetStatus(
              pdb,
              countHealthy(selected, pending.disrupted),
              expectation.desiredHealthy,
              expectation.expectedCount,
              pending.disrupted,
              now,
            );
          }
          if (!deepEqual(status, pdb.status)) {
            try {
              await client
                .namespace(namespace)
                .updateStatus({ ...pdb, apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', status });
            } catch (e) {
              if (isNotFound(e)) return;
              throw e;
            }
          }
          if (recheckAtMs !== undefined) return { requeueAfter: Math.max(1, recheckAtMs - nowMs) };
        },
      },
    ]);
  },
};
