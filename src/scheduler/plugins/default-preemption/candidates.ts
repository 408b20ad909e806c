// The pure half of preemption (upstream's preemption.Evaluator and DefaultPreemption): which
// nodes could take the pod if some lower-priority pods left, which pods would have to leave
// (as few and as unimportant as possible, sparing PDB-protected ones first), and which node's
// sacrifice is cheapest.
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.d.ts';
import { labelSelectorAsSelector } from '../../../machinery/label-selector.ts';
import type { CycleState } from '../../framework/cycle-state.ts';
import type { Handle, NodeToStatus } from '../../framework/interfaces.ts';
import type { NodeInfo } from '../../framework/node-info.ts';
import type { PodInfo } from '../../framework/pod-info.ts';
import { asStatus, Code, type Result, Status, unresolvable } from '../../framework/status.ts';

export interface Candidate {
  nodeName: string;
  /** Most important first. */
  victims: PodInfo[];
  numPDBViolations: number;
}

export const NOT_HELPFUL = 'Preemption is not helpful for scheduling';
export const NO_VICTIMS = 'No preemption victims found for incoming pod';

function startTimeOf(p: PodInfo): number {
  const t = p.pod.status?.startTime;
  return t ? Date.parse(t) : Date.now();
}

/** Upstream's MoreImportantPod: higher priority, then started earlier. */
export function moreImportant(a: PodInfo, b: PodInfo): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  return startTimeOf(a) < startTimeOf(b);
}

const byImportance = (a: PodInfo, b: PodInfo): number =>
  moreImportant(a, b) ? -1 : moreImportant(b, a) ? 1 : 0;

/** Splits pods into those whose eviction would break a PodDisruptionBudget and the others. */
export function filterPodsWithPDBViolation(
  pods: readonly PodInfo[],
  pdbs: readonly PodDisruptionBudget[],
): { violating: PodInfo[]; nonViolating: PodInfo[] } {
  const allowed = pdbs.map((p) => p.status?.disruptionsAllowed ?? 0);
  const selectors = pdbs.map((p) => {
    try {
      return labelSelectorAsSelector(p.spec?.selector);
    } catch {
      return undefined;
    }
  });
  const violating: PodInfo[] = [];
  const nonViolating: PodInfo[] = [];
  for (const p of pods) {
    let violated = false;
    if (Object.keys(p.labels).length) {
      pdbs.forEach((pdb, i) => {
        const sel = selectors[i];
        if (pdb.metadata?.namespace !== p.namespace || !sel || sel.empty() || !sel.matches(p.labels)) return;
        if (pdb.status?.disruptedPods && p.name in pdb.status.disruptedPods) return;
        allowed[i]!--;
        if (allowed[i]! < 0) violated = true;
      });
    }
    (violated ? violating : nonViolating).push(p);
  }
  return { violating, nonViolating };
}

/**
 * Finds the victims on one node (a copy, with its cycle state copy): removes every lower-priority
 * pod, checks the pod then fits, and puts back as many as possible, most important first
 * (PDB-protected ones before the others). Upstream's SelectVictimsOnNode.
 */
export function selectVictimsOnNode(
  handle: Handle,
  state: CycleState,
  pod: PodInfo,
  node: NodeInfo,
  pdbs: readonly PodDisruptionBudget[],
): { victims: PodInfo[]; numPDBViolations: number; status: Result } {
  const remove = (p: PodInfo): Result => {
    node.removePod(p.key);
    return handle.runPreFilterExtensionRemovePod(state, pod, p, node);
  };
  const add = (p: PodInfo): Result => {
    node.addPod(p);
    return handle.runPreFilterExtensionAddPod(state, pod, p, node);
  };
  const potential: PodInfo[] = [];
  for (const p of [...node.pods]) {
    if (p.priority < pod.priority) {
      potential.push(p);
      const s = remove(p);
      if (s) return { victims: [], numPDBViolations: 0, status: s };
    }
  }
  if (potential.length === 0) return { victims: [], numPDBViolations: 0, status: unresolvable(NO_VICTIMS) };
  const fits = handle.runFilterPluginsWithNominatedPods(state, pod, node);
  if (fits !== null && fits.code !== Code.Success) return { victims: [], numPDBViolations: 0, status: fits };
  potential.sort(byImportance);
  const { violating, nonViolating } = filterPodsWithPDBViolation(potential, pdbs);
  const victims: PodInfo[] = [];
  let numPDBViolations = 0;
  const reprieve = (p: PodInfo): boolean => {
    const s = add(p);
    if (s) throw s;
    const ok = handle.runFilterPluginsWithNominatedPods(state, pod, node) === null;
    if (!ok) {
      const r = remove(p);
      if (r) throw r;
      victims.push(p);
    }
    return ok;
  };
  try {
    for (const p of violating) if (!reprieve(p)) numPDBViolations++;
    for (const p of nonViolating) reprieve(p);
  } catch (e) {
    return { victims: [], numPDBViolations: 0, status: e instanceof Status ? e : asStatus(e) };
  }
  if (violating.length && nonViolating.length) victims.sort(byImportance);
  return { victims, numPDBViolations, status: null };
}

/** Nodes where removing pods could help: all but those rejected as UnschedulableAndUnresolvable. */
export function nodesWherePreemptionMightHelp(
  nodes: readonly NodeInfo[],
  filtered: NodeToStatus,
): { potential: NodeInfo[]; unresolvableNodes: string[] } {
  const potential: NodeInfo[] = [];
  const unresolvableNodes: string[] = [];
  for (const n of nodes) {
    const s = filtered.get(n.name);
    if (s && s.code === Code.UnschedulableAndUnresolvable) unresolvableNodes.push(n.name);
    else potential.push(n);
  }
  return { potential, unresolvableNodes };
}

/** Upstream's pickOneNodeForPreemption: fewest PDB violations, lowest top victim priority, lowest priority sum, fewest victims, latest start. */
export function pickOneNodeForPreemption(candidates: readonly Candidate[]): Candidate | undefined {
  if (candidates.length === 0) return undefined;
  const earliestStartOfTopPriority = (c: Candidate): number => {
    const top = c.victims[0]!.priority;
    let earliest = Number.POSITIVE_INFINITY;
    for (const v of c.victims) if (v.priority === top) earliest = Math.min(earliest, startTimeOf(v));
    return earliest;
  };
  const scoreFuncs: ((c: Candidate) => number)[] = [
    (c) => -c.numPDBViolations,
    (c) => -c.victims[0]!.priority,
    (c) => -c.victims.reduce((sum, v) => sum + v.priority + 2147483648, 0),
    (c) => -c.victims.length,
    earliestStartOfTopPriority,
  ];
  let remaining = [...candidates];
  for (const f of scoreFuncs) {
    let max = Number.NEGATIVE_INFINITY;
    let selected: Candidate[] = [];
    for (const c of remaining) {
      const s = f(c);
      if (s > max) {
        max = s;
        selected = [];
      }
      if (s === max) selected.push(c);
    }
    if (selected.length === 1) return selected[0];
    remaining = selected;
  }
  return remaining[0];
}

/** How many candidates to look for: 10% of the nodes, at least 100 (capped at the node count). */
export function numCandidates(numNodes: number, percentage: number, absolute: number): number {
  let n = Math.trunc((numNodes * percentage) / 100);
  if (n < absolute) n = absolute;
  if (n > numNodes) n = numNodes;
  return n;
}

/**
 * Tries nodes from a random offset until enough candidates are found (upstream's
 * DryRunPreemption), each on copies of the node and of the cycle state.
 */
export function dryRunPreemption(
  handle: Handle,
  state: CycleState,
  pod: PodInfo,
  potential: readonly NodeInfo[],
  pdbs: readonly PodDisruptionBudget[],
  offset: number,
  wanted: number,
): { candidates: Candidate[]; statuses: Map<string, Status> } {
  const nonViolating: Candidate[] = [];
  const violating: Candidate[] = [];
  const statuses = new Map<string, Status>();
  for (let i = 0; i < potential.length; i++) {
    const node = potential[(offset + i) % potential.length]!.clone();
    const r = selectVictimsOnNode(handle, state.clone(), pod, node, pdbs);
    if (r.status === null && r.victims.length > 0) {
      const c = { nodeName: node.name, victims: r.victims, numPDBViolations: r.numPDBViolations };
      (r.numPDBViolations === 0 ? nonViolating : violating).push(c);
      if (nonViolating.length > 0 && nonViolating.length + violating.length >= wanted) break;
      continue;
    }
    const s = r.status ?? asStatus(`expected at least one victim pod on node "${node.name}"`);
    statuses.set(node.name, s);
  }
  return { candidates: [...nonViolating, ...violating], statuses };
}
