// The Job controller: claims a Job's pods (adopted pods get the tracking finalizer), runs the
// sync, and keeps three pieces of memory upstream keeps too: create/delete expectations, the
// pods whose finalizer removal is in flight, and the failure back-off per Job. Pods of Jobs that
// are gone or finished lose their tracking finalizer so they can be deleted.
import {
  isNotFound,
  objectKey,
  PODS,
  type ReconcileResult,
  type SharedInformer,
  splitKey,
} from '../../client/index.ts';
import type { Selector } from '../../machinery/labels.ts';
import type { ControllerContext, RunningController } from '../controller-definition.ts';
import { controllerRef } from '../workload-common/controller-ref.ts';
import { JOBS } from '../workload-common/descriptors.ts';
import { ControllerExpectations } from '../workload-common/expectations.ts';
import { claimableInformer } from '../workload-common/indexes.ts';
import { WorkloadOwners } from '../workload-common/owners.ts';
import { PodControl } from '../workload-common/pod-control.ts';
import { observePodExpectations } from '../workload-common/pod-expectations.ts';
import { podFromTemplate } from '../workload-common/pod-template.ts';
import { startWorkloadController } from '../workload-common/start.ts';
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

export class JobController {
  readonly expectations: ControllerExpectations;
  readonly #ctx: ControllerContext;
  readonly #jobs: WorkloadOwners<Job>;
  readonly #pods: SharedInformer<Pod>;
  readonly #podControl: PodControl;
  /** Per Job key: uids of pods whose finalizer removal was sent but not yet seen. */
  readonly #finalizerRemovals = new Map<string, Set<string>>();
  readonly #backoff = new Map<string, BackoffRecord>();

  constructor(ctx: ControllerContext) {
    this.#ctx = ctx;
    this.expectations = new ControllerExpectations(ctx.settings.now);
    this.#jobs = new WorkloadOwners<Job>(ctx, { descriptor: JOBS, apiVersion: 'batch/v1', kind: 'Job' });
    this.#pods = claimableInformer<Pod>(ctx, PODS);
    this.#podControl = new PodControl(ctx.client, ctx.recorder(COMPONENT));
  }

  async start(): Promise<RunningController> {
    observePodExpectations(this.#pods, this.expectations, (pod) => this.#jobs.controllerKey(pod));
    // Finalizer removals are seen when the pod comes back without the finalizer, or goes.
    const finalizerSeen = (pod: Pod) => {
      const key = this.#jobs.controllerKey(pod);
      if (key) this.#finalizerRemovals.get(key)?.delete(pod.metadata?.uid ?? '');
    };
    this.#pods.addEventHandler({
      onUpdate: (_old, pod) => {
        if (!hasTrackingFinalizer(pod)) finalizerSeen(pod);
      },
      onDelete: finalizerSeen,
    });
    return startWorkloadController(this.#ctx, {
      name: COMPONENT,
      for: JOBS,
      watches: [{ resource: PODS, map: (pod: Pod) => this.#jobs.keysFor(pod) }],
      workers: 5,
      reconcile: (key) => this.reconcile(key),
    });
  }

  async reconcile(key: string): Promise<ReconcileResult | undefined> {
    const { namespace, name } = splitKey(key);
    const job = this.#jobs.get(key);
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
    const selector = this.#jobs.selector(job);
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
    const pods = await this.#jobs.claim(
      job,
      this.#pods,
      (p) => selector.matches(p.metadata?.labels),
      this.#podControl.pods,
      { finalizers: [JOB_TRACKING_FINALIZER] },
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
          controllerRef(this.#jobs.claimOwner(job)),
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
      updateStatus: (job) => this.#jobs.api.namespace(job.metadata?.namespace ?? '').updateStatus(job),
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
