// The portmap CNI plugin leaves its nat chains behind after pods are gone. These functions find
// the ones that belong to one CNI network (by the `dnat name: "<network>"` comment portmap puts on
// its rules) and remove them, and remove portmap's shared chains only once no network uses them.
import { mustRun, runCommand } from './host-commands.ts';

const TOP_DNAT = 'CNI-HOSTPORT-DNAT';
const SHARED_CHAINS = [TOP_DNAT, 'CNI-HOSTPORT-SETMARK', 'CNI-HOSTPORT-MASQ', 'CNI-HOSTPORT-SNAT'];

/** Splits an iptables-save rule into arguments, honouring double quotes and backslash escapes. */
export function splitRule(line: string): string[] {
  const args: string[] = [];
  let current = '';
  let inArg = false;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\' && i + 1 < line.length) {
      current += line[++i];
      inArg = true;
    } else if (c === '"') {
      quoted = !quoted;
      inArg = true;
    } else if (c === ' ' && !quoted) {
      if (inArg) args.push(current);
      current = '';
      inArg = false;
    } else {
      current += c;
      inArg = true;
    }
  }
  if (inArg) args.push(current);
  return args;
}

export interface ChainCleanupPlan {
  /** Rules to delete, as the arguments after `-D` (chain first). */
  deleteRules: string[][];
  /** Chains to flush and delete, in order. */
  deleteChains: string[];
}

/** From `iptables-save -t nat` output, what to remove for `networkName`. Pure. */
export function planHostportCleanup(natSave: string, networkName: string): ChainCleanupPlan {
  const rules = natSave
    .split('\n')
    .filter((l) => l.startsWith('-A '))
    .map((l) => splitRule(l).slice(1));
  const chains = new Set(
    natSave
      .split('\n')
      .filter((l) => l.startsWith(':'))
      .map((l) => l.slice(1).split(' ')[0]!),
  );
  const ours = (args: string[]) => args.some((a) => a.startsWith(`dnat name: "${networkName}" `));
  const target = (args: string[]) => args[args.indexOf('-j') + 1];

  const ourChains = new Set<string>();
  for (const args of rules) {
    if (!ours(args)) continue;
    if (args[0] === TOP_DNAT && target(args)?.startsWith('CNI-DN-')) ourChains.add(target(args)!);
    if (args[0]!.startsWith('CNI-DN-')) ourChains.add(args[0]!);
  }
  const deleteRules = rules.filter((args) => ourChains.has(target(args) ?? '') && !ourChains.has(args[0]!));
  const deleteChains = [...ourChains].filter((c) => chains.has(c));

  // Portmap's shared chains go only when nothing else is left in them.
  const remainingDnat = rules.filter((args) => args[0] === TOP_DNAT && !ourChains.has(target(args) ?? ''));
  const otherPerPodChains = [...chains].some(
    (c) => (c.startsWith('CNI-DN-') || c.startsWith('CNI-SN-')) && !ourChains.has(c),
  );
  if (remainingDnat.length === 0 && !otherPerPodChains) {
    const shared = SHARED_CHAINS.filter((c) => chains.has(c));
    for (const args of rules) {
      if (shared.includes(target(args) ?? '') && !shared.includes(args[0]!) && !ourChains.has(args[0]!))
        deleteRules.push(args);
    }
    deleteChains.push(...shared);
  }
  return { deleteRules, deleteChains };
}

/** Removes portmap's nat chains of `networkName` from the host. Returns what was removed. */
export async function removeHostportChains(networkName: string): Promise<ChainCleanupPlan> {
  const save = await runCommand('iptables-save', ['-t', 'nat']);
  if (save.code !== 0) return { deleteRules: [], deleteChains: [] };
  const plan = planHostportCleanup(save.stdout, networkName);
  for (const rule of plan.deleteRules) await runCommand('iptables', ['-w', '5', '-t', 'nat', '-D', ...rule]);
  // Flush all first: a chain still referenced by another's rule cannot be deleted.
  for (const chain of plan.deleteChains) await runCommand('iptables', ['-w', '5', '-t', 'nat', '-F', chain]);
  for (const chain of plan.deleteChains) await mustRun('iptables', ['-w', '5', '-t', 'nat', '-X', chain]);
  return plan;
}
