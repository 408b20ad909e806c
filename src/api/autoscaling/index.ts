// The autoscaling API group's resources. Each kind's strategy lives in its own file beside this one.
import type { ResourceStrategy } from '../strategy.ts';
import { horizontalPodAutoscalerStrategy } from './horizontal-pod-autoscaler.ts';

export const autoscalingResources: ResourceStrategy<any>[] = [horizontalPodAutoscalerStrategy];
