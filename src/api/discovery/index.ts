// The discovery.k8s.io API group's resources. Each kind's strategy lives in its own file beside this one.
import type { ResourceStrategy } from '../strategy.ts';
import { endpointSliceStrategy } from './endpoint-slice.ts';

export const discoveryResources: ResourceStrategy<any>[] = [endpointSliceStrategy];
