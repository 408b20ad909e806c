// The storage.k8s.io API group's resources. Each kind's strategy lives in its own file beside this one.
import type { ResourceStrategy } from '../strategy.ts';
import { storageClassStrategy } from './storage-class.ts';

export const storageResources: ResourceStrategy<any>[] = [storageClassStrategy];
