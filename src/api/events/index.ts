// The events.k8s.io API group's resources. Each kind's strategy lives in its own file beside this one.
import type { ResourceStrategy } from '../strategy.ts';
import { eventsEventStrategy } from './event.ts';

export const eventsResources: ResourceStrategy<any>[] = [eventsEventStrategy];
