// The scheduling.k8s.io API group's resources. Each kind's strategy lives in its own file beside this one.
import type { ResourceStrategy } from '../strategy.ts';
import { priorityClassStrategy } from './priority-class.ts';

export const schedulingResources: ResourceStrategy<any>[] = [priorityClassStrategy];
