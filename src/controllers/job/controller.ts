// The Job controller: claims a Job's pods (adopted pods get the tracking finalizer), runs the
// sync, and keeps three pieces of memory upstream keeps too: create/delete expectations, the
// pods whose finalizer removal is in flight, and the failure back-off per Job. Pods of Jobs that
// are gone or finished lose their tracking finalizer so they can be deleted.
import {
  Controller,
  isNotFound,
  objectKey,
  PODS,
  type ReconcileResult,
  type ResourceClient,
  type SharedInformer,
  splitKey,
} from '../../client/index.ts';
import { labelSelectorAsSelector } from '../../machinery/label-selector.ts';
import type { Selector } from '../../machinery/labels.ts';
import type { ControllerContext, RunningController } from '../controller-definition.ts';
import {
  type ClaimOwner,
  claimObjects,
  controllerRef,
  recheckOwner,
} from '../workload-common/controller-ref.ts';
import { JOBS } from '../workload-common/descriptors.ts';
import { syncErrorReporter } from '../workload-common/errors.ts';
import { ControllerExpectations } from '../workload-common/expectations.ts';
import { CONTROLLER_UID_INDEXERS, claimCandidates } from '../workload-common/indexes.ts';
import { PodControl } from '../workload-common/pod-control.ts';
import { podFromTemplate } from '../workload-common/pod-template.ts';
import type { Job, Pod } from '../workload-common/types.ts';
import type { BackoffRecord } from './backoff.ts';
import { isJobFinished } from './conditions.ts';
import { hasTrackingFinalizer, JOB_TRACKING_FINALIZER } from './pod-template.ts';
import { type JobOps, syncJob } from './sync.ts';

const COMPONENT = 'job-controller';
const JOB_CONTROLLER_NAME = 'kubernetes.io/job-controller';
const REMOVE_FINALIZER_PATCH = {
  metadata: { '$deleteFromPrimitiveList/finalizers': [JOB_TRACKING_FINALIZER] },
};

function jobOwner(job: Job): ClaimOwner {
  const meta: ClaimOwner['metadata'] = {
    name: job.metadata?.name ?? '',
    namespace: job.metadata?.namespace ?? '',
    uid: job.metadata?.uid ?? '',
  };
  if (job.metadata?.deletionTimestamp) meta.deletionTimestamp = job.metadata.deletionTimestamp;
  return { apiVersion: 'batch/v1', kind: 'Job', metadata: meta };
}

export class JobController {
  readonly expectations: ControllerExpectations;
  readonly #ctx: ControllerContext;
  readonly #jobs: SharedInformer<Job>;
  readonly #pods: SharedInformer<Pod>;
  readonly #jobsApi: ResourceClient<Job>;
  readonly #podControl: PodControl;
  /** Per Job key: uids of pods whose finalizer removal was sent but not yet seen. */
  readonly #finalizerRemovals = new Map<string, Set<string>>();
  readonly #backoff = new Map<string, BackoffRecord>();
  readonly #selectors = new WeakMap<object, Selector | null>();

  constructor(ctx: ControllerContext) {
    this.#ctx = ctx;
    this.expectations = new ControllerExpectations(ctx.settings.now);
    this.#jobs = ctx.informers.informerFor<Job>(JOBS);
    this.#pods = ctx.informers.informerFor<Pod>(PODS, { indexers: CONTROLLER_UID_INDEXERS });
    this.#jobsApi = ctx.client.resource<Job>(JOBS);
    this.#podControl = new PodControl(ctx.client, ctx.recorder(COMPONENT));
  }

  async start(): Promise<RunningController> {
    const finalizerSeen = (pod: Pod) => {
      const key = this.#jobKeyOf(pod);
      if (key) this.#finalizerRemovals.get(key)?.delete(pod.metadata?.uid ?? '');
    };
    this.#pods.addEventHandler({
      onAdd: (pod) => {
        const key = this.#jobKeyOf(pod);
        if (!key) return;
        if (pod.metadata?.deletionTimestamp) this.expectations.deletionObserved(key, objectKey(pod));
        else this.expectations.creationObserved(key);
      },
      onUpdate: (_old, pod) => {
        const key = this.#jobKeyOf(pod);
        if (key && pod.metadata?.deletionTimestamp) this.expectations.deletionObserved(key, objectKey(pod));
        if (!hasTrackingFinalizer(pod)) finalizerSeen(pod);
      },
      onDelete: (pod) => {
        const key = this.#jobKeyOf(pod);
        if (key) this.expectations.deletionObserved(key, objectKey(pod));
        finalizerSeen(pod);
      },
    });
    const controller = new Controller(this.#ctx.informers, {
      name: COMPONENT,
      for: JOBS,
      watches: [{ resource: PODS, map: (pod: Pod) => this.#keysForPod(pod) }],
      workers: 5,
      reconcile: (key) => this.reconcile(key),
      onError: syncErrorReporter(COMPONENT),
    });
    await controller.start();
    return { stop: () => controller.stop() };
  }

  #jobKeyOf(pod: Pod): string | undefined {
    const ref = pod.metadata?.ownerReferences?.find((r) => r.controller === true);
    return ref?.kind === 'Job' ? `${pod.metadata?.namespace}/${ref.name}` : undefined;
  }

  #selector(job: Job): Selector | null {
    let s = this.#selectors.get(job);
    if (s === undefined) {
      try {
        s = labelSelectorAsSelector(job.spec?.selector);
      } catch {
        s = null;
      }
      this.#selectors.set(job, s);
    }
    return s;
  }

  #keysForPod(pod: Pod): string[] {
    const key = this.#jobKeyOf(pod);
    if (key) return [key];
    if (pod.metadata?.ownerReferences?.some((r) => r.controller === true)) return [];
    const ns = pod.metadata?.namespace ?? '';
    return this.#jobs.lister
      .namespace(ns)
      .list()
      .filter((j) => {
        const s = this.#selector(j);
        return s !== null && !s.empty() && s.matches(pod.metadata?.labels);
      })
      .map((j) => objectKey(j));
  }

  async reconcile(key: string): Promise<ReconcileResult | undefined> {
    const { namespace, name } = splitKey(key);
    const job = this.#jobs.lister.get(namespace, name);
    if (!job || isJobFinished(job)) {
      if (!job) {
        this.expectations.delete(key);
        this.#finalizerRemovals.delete(key);
      }
      this.#backoff.delete(key);
      await this.#releaseFinalizers(namespace, name, job);
      return;
    }
    const managedBy = job.spec?.managedBy;
    if (managedBy && managedBy !== JOB_CONTROLLER_NAME) return;
    const selector = this.#selector(job);
    if (!selector) return;
    const satisfied = this.expectations.satisfied(key);
    const pods = await this.#claimPods(job, selector);
    const pending = this.#finalizerRemovals.get(key) ?? new Set<string>();
    const result = await syncJob(
      {
        job,
        pods,
        expectationsSatisfied: satisfied,
        pendingFinalizerRemovals: pending,
        backoff: this.#backoff.get(key),
      },
      this.#ops(key),
    );
    this.#backoff.set(key, result.backoff);
    if (result.error !== undefined) throw result.error;
    return result.requeueAfter !== undefined ? { requeueAfter: Math.max(1, result.requeueAfter) } : undefined;
  }

  /** Pods still carrying the tracking finalizer for a Job that is gone or finished let go. */
  async #releaseFinalizers(namespace: string, name: string, job: Job | undefined): Promise<void> {
    const pods = this.#pods.lister
      .namespace(namespace)
      .list()
      .filter((p) => {
        const ref = p.metadata?.ownerReferences?.find((r) => r.controller === true);
        if (ref?.kind !== 'Job' || ref.name !== name || !hasTrackingFinalizer(p)) return false;
        return !job || ref.uid === job.metadata?.uid;
      });
    for (const pod of pods) {
      try {
        await this.#podControl.patchPod(namespace, pod.metadata?.name ?? '', REMOVE_FINALIZER_PATCH);
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
  }

  async #claimPods(job: Job, selector: Selector): Promise<Pod[]> {
    const owner = jobOwner(job);
    const ns = owner.metadata.namespace;
    const pods = await claimObjects(
      owner,
      claimCandidates<Pod>((i, v) => this.#pods.indexer.byIndex(i, v), owner.metadata.uid, ns),
      (p) => selector.matches(p.metadata?.labels),
      this.#podControl.pods,
      {
        canAdopt: () => recheckOwner(this.#jobsApi.namespace(ns), owner),
        finalizers: [JOB_TRACKING_FINALIZER],
      },
    );
    // Adopted pods got the finalizer with the adoption: count them as tracked.
    return pods.map((p) =>
      hasTrackingFinalizer(p)
        ? p
        : {
            ...p,
            metadata: {
              ...p.metadata,
              finalizers: [...(p.metadata?.finalizers ?? []), JOB_TRACKING_FINALIZER],
            },
          },
    );
  }

  #ops(key: string): JobOps {
    const ctx = this.#ctx;
    const recorder = ctx.recorder(COMPONENT);
    const removals = () => {
      let set = this.#finalizerRemovals.get(key);
      if (!set) this.#finalizerRemovals.set(key, (set = new Set()));
      return set;
    };
    return {
      now: () => ctx.settings.now(),
      createPod: async (job, template, generateName) => {
        const pod = podFromTemplate(
          template,
          job.metadata?.name ?? '',
          controllerRef(jobOwner(job)),
          generateName ? { generateName } : {},
        );
        await this.#podControl.createPod(job, pod);
      },
      deletePod: async (job, pod) => {
        try {
          await this.#podControl.deletePod(job, pod.metadata?.namespace ?? '', pod.metadata?.name ?? '');
        } catch (e) {
          if (!isNotFound(e)) throw e;
        }
      },
      removeFinalizer: async (pod) => {
        try {
          await this.#podControl.patchPod(
            pod.metadata?.namespace ?? '',
            pod.metadata?.name ?? '',
            REMOVE_FINALIZER_PATCH,
          );
        } catch (e) {
          if (!isNotFound(e)) throw e;
        }
      },
      updateStatus: (job) => this.#jobsApi.namespace(job.metadata?.namespace ?? '').updateStatus(job),
      event: (job, type, reason, message) => recorder.event(job, type, reason, message),
      expectCreations: (n) => this.expectations.expectCreations(key, n),
      creationFailed: (n) => this.expectations.lower(key, n, 0),
      expectDeletions: (pods) =>
        this.expectations.expectDeletions(
          key,
          pods.map((p) => objectKey(p)),
        ),
      deletionFailed: (pod) => this.expectations.deletionObserved(key, objectKey(pod)),
      expectFinalizerRemovals: (pods) => {
        for (const p of pods) removals().add(p.metadata?.uid ?? '');
      },
      finalizerRemovalFailed: (pod) => removals().delete(pod.metadata?.uid ?? ''),
    };
  }
}
