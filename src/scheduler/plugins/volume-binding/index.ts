// VolumeBinding: schedules pods together with their PersistentVolumeClaims (upstream's
// volumebinding plugin). PreFilter turns pods away whose claims are missing, terminating or
// waiting for Immediate binding; Filter keeps nodes where bound volumes are reachable and every
// WaitForFirstConsumer claim can get a volume (a static one, or one its class provisions);
// Reserve records the choice; PreBind writes volume.kubernetes.io/selected-node on those claims
// and waits until the PV controller (and the provisioner) has bound them, so that the pod starts
// with its volumes. Static volumes are bound by kts's PV binder too: it matches the claim to an
// available volume fitting the selected node, as it does for provisioned ones.
import type { PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.d.ts';
import type { StorageClass } from 'kubernetes-types/storage/v1.d.ts';
import type { StateData } from '../../framework/cycle-state.ts';
import { Action, UPDATE } from '../../framework/events.ts';
import type {
  ClusterReader,
  EnqueueExtensions,
  FilterPlugin,
  Handle,
  PreBindPlugin,
  PreFilterPlugin,
  ReservePlugin,
} from '../../framework/interfaces.ts';
import { asStatus, SKIP, unresolvable } from '../../framework/status.ts';
import { argsObject } from '../internal/args.ts';
import { Assumptions } from './assumptions.ts';
import { checkBindings } from './check-bindings.ts';
import { eligibleNodes, findPodVolumes, type NodeFacts, type PodVolumes } from './find-pod-volumes.ts';
import {
  ANN_SELECTED_NODE,
  isFullyBound,
  type PodVolumeClaims,
  podClaimNames,
  podVolumeClaims,
  type StorageLookup,
} from './pod-claims.ts';

export const NAME = 'VolumeBinding';
export const ERR_UNBOUND_IMMEDIATE = 'pod has unbound immediate PersistentVolumeClaims';
export const DEFAULT_BIND_TIMEOUT_SECONDS = 600;
const ANN_MIGRATED_PLUGINS = 'storage.alpha.kubernetes.io/migrated-plugins';

export interface VolumeBindingArgs {
  /** How long PreBind waits for the claims to be bound (upstream's default: 600). */
  bindTimeoutSeconds: number;
}

/** VolumeBindingArgs (kubescheduler.config.k8s.io/v1), defaulted and validated as upstream. */
export function volumeBindingArgs(raw: unknown): VolumeBindingArgs {
  const a = argsObject(NAME, raw);
  const t = a.bindTimeoutSeconds ?? DEFAULT_BIND_TIMEOUT_SECONDS;
  if (typeof t !== 'number' || !Number.isInteger(t))
    throw new Error(`bindTimeoutSeconds: Invalid value: ${JSON.stringify(t)}: must be an integer`);
  if (t < 0)
    throw new Error(
      `bindTimeoutSeconds: Invalid value: ${t}: invalid BindTimeoutSeconds, should not be a negative value`,
    );
  return { bindTimeoutSeconds: t };
}

class VolumeState implements StateData {
  /** Undefined when the pod uses no claim (PreFilter returned Skip). */
  readonly claims: PodVolumeClaims | undefined;
  /** Filter's findings per feasible node. */
  readonly byNode = new Map<string, { podVolumes: PodVolumes; node: NodeFacts }>();
  allBound = false;
  /** The claims Reserve gave the selected node (and PreBind writes). */
  toBind: PersistentVolumeClaim[] = [];
  constructor(claims: PodVolumeClaims | undefined) {
    this.claims = claims;
  }
  clone(): StateData {
    // Shared on purpose (as upstream): Filter runs on clones during preemption and nominated-pod checks.
    return this;
  }
}

function withSelectedNode(claim: PersistentVolumeClaim, nodeName: string): PersistentVolumeClaim {
  return {
    ...claim,
    metadata: {
      ...claim.metadata,
      annotations: { ...claim.metadata?.annotations, [ANN_SELECTED_NODE]: nodeName },
    },
  };
}

function withClaimRef(pv: PersistentVolume, claim: PersistentVolumeClaim): PersistentVolume {
  return {
    ...pv,
    spec: {
      ...pv.spec,
      claimRef: {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        namespace: claim.metadata?.namespace ?? '',
        name: claim.metadata?.name ?? '',
        uid: claim.metadata?.uid ?? '',
      },
    },
  };
}

/** Resolves once `check` returns true, rejects when it throws, on timeout, or when the scheduler stops. */
function waitUntil(check: () => boolean, timeoutMs: number, cluster: ClusterReader): Promise<void> {
  return new Promise((resolve, reject) => {
    let done = false;
    let unsubscribe: (() => void) | undefined;
    const finish = (e?: unknown) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      unsubscribe?.();
      if (e === undefined) resolve();
      else reject(e);
    };
    const run = () => {
      if (cluster.stopped.aborted) return finish(new Error('the scheduler is stopping'));
      try {
        if (check()) finish();
      } catch (e) {
        finish(e);
      }
    };
    const timer = setTimeout(() => finish(new Error('context deadline exceeded')), timeoutMs);
    unsubscribe = cluster.onStorageChange(run);
    if (done) unsubscribe();
    run();
  });
}

export type VolumeBindingPlugin = PreFilterPlugin &
  FilterPlugin &
  ReservePlugin &
  PreBindPlugin &
  EnqueueExtensions;

export function newVolumeBinding(
  rawArgs: unknown,
  handle: Pick<Handle, 'cluster' | 'writer'>,
): VolumeBindingPlugin {
  const args = volumeBindingArgs(rawArgs);
  const cluster = handle.cluster;
  const assumed = new Assumptions(cluster);
  const lookup: StorageLookup = assumed;
  const stateOf = (state: { read<T extends StateData>(k: string): T | undefined }) =>
    state.read<VolumeState>(NAME);
  const allPodVolumesBound = (pod: Pod) =>
    podClaimNames(pod).every(({ name }) => {
      const c = lookup.claim(pod.metadata?.namespace ?? '', name);
      return !!c && isFullyBound(c);
    });

  return {
    name: NAME,

    preFilter(state, pod) {
      const found = podVolumeClaims(pod.pod, lookup);
      if (found === undefined) {
        state.write(NAME, new VolumeState(undefined));
        return SKIP;
      }
      if ('error' in found) return unresolvable(found.error);
      if (found.claims.unboundImmediate.length > 0) return unresolvable(ERR_UNBOUND_IMMEDIATE);
      state.write(NAME, new VolumeState(found.claims));
      const eligible = eligibleNodes(found.claims.bound, lookup);
      return eligible ? { nodeNames: eligible } : null;
    },

    filter(state, _pod, nodeInfo) {
      const s = stateOf(state);
      if (!s?.claims) return asStatus(new Error(`reading "${NAME}" from cycleState: not found`));
      const node: NodeFacts = { name: nodeInfo.name, labels: nodeInfo.labels };
      try {
        const { podVolumes, reasons } = findPodVolumes(s.claims, node, lookup);
        if (reasons.length > 0) return unresolvable(...reasons);
        s.byNode.set(node.name, { podVolumes, node });
        return null;
      } catch (e) {
        return asStatus(e);
      }
    },

    reserve(state, pod, nodeName) {
      const s = stateOf(state);
      const found = s?.byNode.get(nodeName);
      if (!s || !found || allPodVolumesBound(pod.pod)) {
        if (s) s.allBound = true;
        return null;
      }
      s.allBound = false;
      s.toBind = [];
      for (const { claim, volume } of found.podVolumes.staticBindings) {
        // The volume is taken for this claim: no other pod's claim may match it meanwhile.
        if (!volume.spec?.claimRef) assumed.assumeVolume(withClaimRef(volume, claim));
        s.toBind.push(withSelectedNode(claim, nodeName));
      }
      for (const claim of found.podVolumes.dynamicProvisions)
        s.toBind.push(withSelectedNode(claim, nodeName));
      for (const claim of s.toBind) assumed.assumeClaim(claim);
      return null;
    },

    unreserve(state, _pod, nodeName) {
      const s = stateOf(state);
      const found = s?.byNode.get(nodeName);
      if (!s || !found) return;
      for (const { volume } of found.podVolumes.staticBindings)
        assumed.restoreVolume(volume.metadata?.name ?? '');
      for (const claim of s.toBind) assumed.restoreClaim(claim);
    },

    async preBind(state, pod, nodeName) {
      const s = stateOf(state);
      if (!s || s.allBound) return null;
      const found = s.byNode.get(nodeName);
      if (!found) return asStatus(new Error(`no pod volumes found for node "${nodeName}"`));
      try {
        const written: PersistentVolumeClaim[] = [];
        try {
          for (const claim of s.toBind)
            written.push(await handle.writer.setClaimSelectedNode(claim, nodeName));
        } catch (e) {
          return asStatus(e);
        }
        try {
          await waitUntil(
            () =>
              checkBindings(pod, found.node, written, {
                pod: (ns, name) => cluster.pod(ns, name),
                claim: (ns, name) => cluster.persistentVolumeClaim(ns, name),
                volume: (name) => cluster.persistentVolume(name),
              }),
            args.bindTimeoutSeconds * 1000,
            cluster,
          );
        } catch (e) {
          return asStatus(new Error(`binding volumes: ${e instanceof Error ? e.message : String(e)}`));
        }
        return null;
      } finally {
        // kts's PV binder, not the scheduler, writes the claimRef: the volume's own update ends
        // the assumption, or nothing will (it may have bound another fitting volume).
        for (const { volume } of found.podVolumes.staticBindings)
          assumed.restoreVolume(volume.metadata?.name ?? '');
      }
    },

    eventsToRegister: () => [
      // A new class, or a class's allowed topologies changing, may admit more nodes.
      { event: { resource: 'StorageClass', actions: Action.Add | UPDATE }, hint: storageClassHint },
      // Claims get bound or created; volumes appear or get released.
      { event: { resource: 'PersistentVolumeClaim', actions: Action.Add | UPDATE }, hint: claimHint },
      { event: { resource: 'PersistentVolume', actions: Action.Add | UPDATE } },
      // Volume node affinity and allowed topologies match node labels.
      { event: { resource: 'Node', actions: Action.Add | Action.UpdateNodeLabel } },
      { event: { resource: 'CSINode', actions: Action.Add | UPDATE }, hint: csiNodeHint },
    ],
  };
}

/** Queue when the changed claim is one of the pod's. */
export function claimHint(pod: Pod, _old: unknown, now: unknown): 'Queue' | 'QueueSkip' {
  const claim = now as PersistentVolumeClaim;
  if (claim.metadata?.namespace !== pod.metadata?.namespace) return 'QueueSkip';
  return podClaimNames(pod).some((c) => c.name === claim.metadata?.name) ? 'Queue' : 'QueueSkip';
}

export function storageClassHint(_pod: Pod, old: unknown, now: unknown): 'Queue' | 'QueueSkip' {
  if (old === undefined) return 'Queue';
  const before = (old as StorageClass).allowedTopologies ?? [];
  const after = (now as StorageClass).allowedTopologies ?? [];
  return JSON.stringify(before) !== JSON.stringify(after) ? 'Queue' : 'QueueSkip';
}

export function csiNodeHint(_pod: Pod, old: unknown, now: unknown): 'Queue' | 'QueueSkip' {
  if (old === undefined) return 'Queue';
  const ann = (o: unknown) =>
    (o as { metadata?: { annotations?: Record<string, string> } }).metadata?.annotations;
  return ann(old)?.[ANN_MIGRATED_PLUGINS] !== ann(now)?.[ANN_MIGRATED_PLUGINS] ? 'Queue' : 'QueueSkip';
}
