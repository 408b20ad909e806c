// The networking.k8s.io API group's resources. Each kind's strategy lives in its own file beside this one.
import type { ResourceStrategy } from '../strategy.ts';
import { ingressStrategy } from './ingress.ts';
import { ingressClassStrategy } from './ingress-class.ts';
import { networkPolicyStrategy } from './network-policy.ts';

export const networkingResources: ResourceStrategy<any>[] = [
  ingressClassStrategy,
  ingressStrategy,
  networkPolicyStrategy,
];
