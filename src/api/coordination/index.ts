// The coordination.k8s.io API group's resources. Each kind's strategy lives in its own file beside this one.
import type { ResourceStrategy } from '../strategy.ts';
import { leaseStrategy } from './lease.ts';

export const coordinationResources: ResourceStrategy<any>[] = [leaseStrategy];
