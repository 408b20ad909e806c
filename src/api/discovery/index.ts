// The discovery API group's resources. Each kind's strategy lives in its own file beside this one.
import type { ResourceStrategy } from '../strategy.ts';

export const discoveryResources: ResourceStrategy<any>[] = [];
