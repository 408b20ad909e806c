// The policy API group's resources. Each kind's strategy lives in its own file beside this one.
import type { ResourceStrategy } from '../strategy.ts';
import { podDisruptionBudgetStrategy } from './pod-disruption-budget.ts';

export const policyResources: ResourceStrategy<any>[] = [podDisruptionBudgetStrategy];
