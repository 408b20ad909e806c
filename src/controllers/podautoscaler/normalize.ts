// From the replicas the metrics ask for to the replicas the autoscaler sets (upstream's
// normalizeDesiredReplicas and normalizeDesiredReplicasWithBehaviors): recent recommendations
// stabilize the answer (no flapping), scaling rules limit how fast it may change, and the
// min/max bounds clamp it. Each step names the condition reason kubectl describe shows.
import type { HPAScalingRules } from 'kubernetes-types/autoscaling/v2.d.ts';

export interface Timestamped {
  timestamp: number;
  replicas: number;
}

/** A scale change the controller made, for the rate-limiting policies. */
export interface ScaleEvent {
  timestamp: number;
  change: number;
}

export interface NormalizeInput {
  current: number;
  desired: number;
  min: number;
  max: number;
  now: number;
  /** The key's earlier recommendations; this call appends to it and drops expired ones. */
  recommendations: Timestamped[];
  /** --horizontal-pod-autoscaler-downscale-stabilization. */
  downscaleStabilizationMs: number;
}

export interface Normalized {
  replicas: number;
  ableToScale: { reason: string; message: string };
  scalingLimited: { status: 'True' | 'False'; reason: string; message: string };
}

const WITHIN_RANGE = {
  status: 'False' as const,
  reason: 'DesiredWithinRange',
  message: 'the desired count is within the acceptable range',
};

function remember(recommendations: Timestamped[], entry: Timestamped, keepAfter: number): void {
  for (let i = recommendations.length - 1; i >= 0; i--)
    if (recommendations[i]!.timestamp < keepAfter) recommendations.splice(i, 1);
  recommendations.push(entry);
}

/** Without `behavior`: highest recommendation of the downscale window, scale-up at most max(2×, 4). */
export function normalizeDesired(input: NormalizeInput): Normalized {
  const cutoff = input.now - input.downscaleStabilizationMs;
  let stabilized = input.desired;
  for (const r of input.recommendations)
    if (r.timestamp > cutoff && r.replicas > stabilized) stabilized = r.replicas;
  remember(input.recommendations, { timestamp: input.now, replicas: input.desired }, cutoff);
  const ableToScale =
    stabilized !== input.desired
      ? {
          reason: 'ScaleDownStabilized',
          message:
            'recent recommendations were higher than current one, applying the highest recent recommendation',
        }
      : { reason: 'ReadyForNewScale', message: 'recommended size matches current size' };

  const scaleUpLimit = Math.max(2 * input.current, 4);
  let replicas = stabilized;
  let limited: Normalized['scalingLimited'] = WITHIN_RANGE;
  if (stabilized < input.min) {
    replicas = input.min;
    limited = {
      status: 'True',
      reason: 'TooFewReplicas',
      message: 'the desired replica count is less than the minimum replica count',
    };
  } else if (stabilized > Math.min(input.max, scaleUpLimit)) {
    replicas = Math.min(input.max, scaleUpLimit);
    limited =
      input.max <= scaleUpLimit
        ? {
            status: 'True',
            reason: 'TooManyReplicas',
            message: 'the desired replica count is more than the maximum replica count',
          }
        : {
            status: 'True',
            reason: 'ScaleUpLimit',
            message: 'the desired replica count is increasing faster than the maximum scale rate',
          };
  }
  return { replicas, ableToScale, scalingLimited: limited };
}

export interface BehaviorInput extends NormalizeInput {
  scaleUp: HPAScalingRules;
  scaleDown: HPAScalingRules;
  scaleUpEvents: ScaleEvent[];
  scaleDownEvents: ScaleEvent[];
}

function changeInPeriod(events: ScaleEvent[], now: number, periodSeconds: number): number {
  let sum = 0;
  for (const e of events) if (e.timestamp > now - periodSeconds * 1000) sum += e.change;
  return sum;
}

/** The most replicas the scale-up policies allow now. */
export function scaleUpLimit(
  current: number,
  events: ScaleEvent[],
  rules: HPAScalingRules,
  now: number,
): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const pickMax = rules.selectPolicy !== 'Min';
  let result = pickMax ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  for (const p of rules.policies ?? []) {
    const start = current - changeInPeriod(events, now, p.periodSeconds);
    const limit = p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100));
    result = pickMax ? Math.max(result, limit) : Math.min(result, limit);
  }
  return Number.isFinite(result) ? result : current;
}

/** The fewest replicas the scale-down policies allow now. */
export function scaleDownLimit(
  current: number,
  events: ScaleEvent[],
  rules: HPAScalingRules,
  now: number,
): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const pickMax = rules.selectPolicy !== 'Min';
  let result = pickMax ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  for (const p of rules.policies ?? []) {
    const start = current + changeInPeriod(events, now, p.periodSeconds);
    const limit = p.type === 'Pods' ? start - p.value : Math.floor(start * (1 - p.value / 100));
    // "Max" is the policy allowing the biggest change: the lowest floor.
    result = pickMax ? Math.min(result, limit) : Math.max(result, limit);
  }
  return Number.isFinite(result) ? result : current;
}

/** With `behavior`: per-direction stabilization windows and rate policies, then the bounds. */
export function normalizeWithBehavior(input: BehaviorInput): Normalized {
  const upWindow = (input.scaleUp.stabilizationWindowSeconds ?? 0) * 1000;
  const downWindow =
    input.scaleDown.stabilizationWindowSeconds !== undefined
      ? input.scaleDown.stabilizationWindowSeconds * 1000
      : input.downscaleStabilizationMs;
  let up = input.desired;
  let down = input.desired;
  for (const r of input.recommendations) {
    if (r.timestamp > input.now - upWindow) up = Math.min(up, r.replicas);
    if (r.timestamp > input.now - downWindow) down = Math.max(down, r.replicas);
  }
  let stabilized = input.current;
  if (stabilized < up) stabilized = up;
  if (stabilized > down) stabilized = down;
  remember(
    input.recommendations,
    { timestamp: input.now, replicas: input.desired },
    input.now - Math.max(upWindow, downWindow),
  );
  let ableToScale = { reason: 'ReadyForNewScale', message: 'recommended size matches current size' };
  if (stabilized !== input.desired) {
    ableToScale =
      stabilized < input.desired
        ? {
            reason: 'ScaleUpStabilized',
            message:
              'recent recommendations were lower than current one, applying the lowest recent recommendation',
          }
        : {
            reason: 'ScaleDownStabilized',
            message:
              'recent recommendations were higher than current one, applying the highest recent recommendation',
          };
  }

  let replicas = stabilized;
  let limited: Normalized['scalingLimited'] = WITHIN_RANGE;
  if (stabilized > input.current) {
    const limit = Math.max(
      input.current,
      scaleUpLimit(input.current, input.scaleUpEvents, input.scaleUp, input.now),
    );
    if (limit < input.max && stabilized > limit) {
      replicas = limit;
      limited = {
        status: 'True',
        reason: 'ScaleUpLimit',
        message: 'the desired replica count is increasing faster than the maximum scale rate',
      };
    } else if (stabilized > input.max) {
      replicas = input.max;
      limited = {
        status: 'True',
        reason: 'TooManyReplicas',
        message: 'the desired replica count is more than the maximum replica count',
      };
    }
  } else if (stabilized < input.current) {
    const limit = Math.min(
      input.current,
      scaleDownLimit(input.current, input.scaleDownEvents, input.scaleDown, input.now),
    );
    if (limit > input.min && stabilized < limit) {
      replicas = limit;
      limited = {
        status: 'True',
        reason: 'ScaleDownLimit',
        message: 'the desired replica count is decreasing faster than the maximum scale rate',
      };
    } else if (stabilized < input.min) {
      replicas = input.min;
      limited = {
        status: 'True',
        reason: 'TooFewReplicas',
        message: 'the desired replica count is less than the minimum replica count',
      };
    }
  }
  return { replicas, ableToScale, scalingLimited: limited };
}
