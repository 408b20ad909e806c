// NodeResourcesFitArgs (kubescheduler.config.k8s.io/v1), defaulted and validated as upstream.
import { argsObject, type ResourceSpec, resourceSpecs } from '../internal/args.ts';
import type { UtilizationShapePoint } from '../internal/resource-allocation.ts';

export type ScoringStrategyType = 'LeastAllocated' | 'MostAllocated' | 'RequestedToCapacityRatio';

export interface NodeResourcesFitArgs {
  ignoredResources: string[];
  ignoredResourceGroups: string[];
  scoringStrategy: {
    type: ScoringStrategyType;
    resources: ResourceSpec[];
    requestedToCapacityRatio?: { shape: UtilizationShapePoint[] };
  };
}

export const DEFAULT_RESOURCES: ResourceSpec[] = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];

export function fitArgs(name: string, raw: unknown): NodeResourcesFitArgs {
  const a = argsObject(name, raw);
  const strategy = (a.scoringStrategy ?? {}) as Record<string, unknown>;
  const type = (strategy.type ?? 'LeastAllocated') as ScoringStrategyType;
  if (!['LeastAllocated', 'MostAllocated', 'RequestedToCapacityRatio'].includes(type))
    throw new Error(
      `scoringStrategy.type: Unsupported value: "${type}": supported values: "LeastAllocated", "MostAllocated", "RequestedToCapacityRatio"`,
    );
  const out: NodeResourcesFitArgs = {
    ignoredResources: (a.ignoredResources as string[] | undefined) ?? [],
    ignoredResourceGroups: (a.ignoredResourceGroups as string[] | undefined) ?? [],
    scoringStrategy: {
      type,
      resources: resourceSpecs('scoringStrategy.resources', strategy.resources, DEFAULT_RESOURCES),
    },
  };
  for (const g of out.ignoredResourceGroups)
    if (g.includes('/'))
      throw new Error(`ignoredResourceGroups: Invalid value: "${g}": resource group name can't contain '/'`);
  if (type === 'RequestedToCapacityRatio') {
    const rtcr = (strategy.requestedToCapacityRatio ?? {}) as { shape?: UtilizationShapePoint[] };
    const shape = rtcr.shape ?? [];
    if (shape.length === 0)
      throw new Error(
        'scoringStrategy.requestedToCapacityRatio.shape: Required value: at least one point must be specified',
      );
    shape.forEach((p, i) => {
      if (p.utilization < 0 || p.utilization > 100)
        throw new Error(
          `scoringStrategy.requestedToCapacityRatio.shape[${i}].utilization: Invalid value: ${p.utilization}: not in valid range [0, 100]`,
        );
      if (i > 0 && p.utilization <= shape[i - 1]!.utilization)
        throw new Error(
          `scoringStrategy.requestedToCapacityRatio.shape[${i}].utilization: Invalid value: ${p.utilization}: utilization values must be sorted in increasing order`,
        );
      if (p.score < 0 || p.score > 10)
        throw new Error(
          `scoringStrategy.requestedToCapacityRatio.shape[${i}].score: Invalid value: ${p.score}: not in valid range [0, 10]`,
        );
    });
    out.scoringStrategy.requestedToCapacityRatio = {
      shape: shape.map((p) => ({ utilization: p.utilization, score: p.score })),
    };
  }
  return out;
}
