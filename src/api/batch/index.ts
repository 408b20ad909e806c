// The batch API group's resources. Each kind's strategy lives in its own file beside this one.
import type { ResourceStrategy } from '../strategy.ts';
import { cronJobStrategy } from './cronjob.ts';
import { jobStrategy } from './job.ts';

export const batchResources: ResourceStrategy<any>[] = [jobStrategy, cronJobStrategy];
