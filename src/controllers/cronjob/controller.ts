// The CronJob controller: for each CronJob, the Jobs it controls (by controller reference) from
// the cache, one sync, and a requeue at the next schedule time. The clock is the controller
// manager's (settings.now), so tests can move time.
import {
  isNotFound,
  type ReconcileResult,
  type ResourceClient,
  type SharedInformer,
  splitKey,
} from '../../client/index.ts';
import type { ControllerContext, RunningController } from '../controller-definition.ts';
import { CRON_JOBS, JOBS } from '../workload-common/descriptors.ts';
import { startWorkloadController } from '../workload-common/start.ts';
import type { CronJob, Job } from '../workload-common/types.ts';
import { type CronJobOps, syncCronJob } from './sync.ts';
import { localZone } from './zoned-time.ts';

const COMPONENT = 'cronjob-controller';

export class CronJobController {
  readonly #ctx: ControllerContext;
  readonly #cronJobs: SharedInformer<CronJob>;
  readonly #jobs: SharedInformer<Job>;
  readonly #cronJobsApi: ResourceClient<CronJob>;
  readonly #jobsApi: ResourceClient<Job>;

  constructor(ctx: ControllerContext) {
    this.#ctx = ctx;
    this.#cronJobs = ctx.informers.informerFor<CronJob>(CRON_JOBS);
    this.#jobs = ctx.informers.informerFor<Job>(JOBS);
    this.#cronJobsApi = ctx.client.resource<CronJob>(CRON_JOBS);
    this.#jobsApi = ctx.client.resource<Job>(JOBS);
  }

  async start(): Promise<RunningController> {
    return startWorkloadController(this.#ctx, {
      name: COMPONENT,
      for: CRON_JOBS,
      owns: [JOBS],
      workers: 5,
      reconcile: (key) => this.reconcile(key),
    });
  }

  async reconcile(key: string): Promise<ReconcileResult | undefined> {
    const { namespace, name } = splitKey(key);
    const cj = this.#cronJobs.lister.get(namespace, name);
    if (!cj) return;
    const jobs = this.#jobs.lister
      .namespace(namespace)
      .list()
      .filter((j) => {
        const ref = j.metadata?.ownerReferences?.find((r) => r.controller === true);
        return ref?.kind === 'CronJob' && ref.name === name;
      });
    const result = await syncCronJob(cj, jobs, this.#ops());
    if (result.requeueAfter !== undefined && Number.isFinite(result.requeueAfter))
      return { requeueAfter: Math.max(1, result.requeueAfter) };
    if (result.error !== undefined) throw result.error;
    return;
  }

  #ops(): CronJobOps {
    const recorder = this.#ctx.recorder(COMPONENT);
    return {
      now: () => this.#ctx.settings.now(),
      zone: localZone(),
      getCronJob: (ns, n) => this.#cronJobsApi.namespace(ns).get(n),
      getJob: async (ns, n) => {
        try {
          return await this.#jobsApi.namespace(ns).get(n);
        } catch (e) {
          if (isNotFound(e)) return undefined;
          throw e;
        }
      },
      createJob: (ns, job) => this.#jobsApi.namespace(ns).create(job),
      deleteJob: async (ns, n) => {
        await this.#jobsApi.namespace(ns).delete(n, { propagationPolicy: 'Background' });
      },
      updateStatus: async (cj) => {
        await this.#cronJobsApi.namespace(cj.metadata?.namespace ?? '').updateStatus(cj);
      },
      event: (cj, type, reason, message) => recorder.event(cj, type, reason, message),
    };
  }
}
