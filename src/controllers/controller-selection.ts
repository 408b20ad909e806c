// `--controllers` as kube-controller-manager reads it: a list of names where `*` turns on
// every controller enabled by default, `foo` turns foo on and `-foo` turns it off; the default
// list is `*`. Names are accepted in both of upstream's spellings (`deployment` and
// `deployment-controller`, `garbagecollector` and `garbage-collector-controller`).
import type { ControllerDefinition } from './controller-definition.ts';

/** Upstream's pre-1.28 names that are not simply the new name without `-controller`. */
const OLD_ALIASES: Record<string, string> = {
  garbagecollector: 'garbage-collector',
  nodelifecycle: 'node-lifecycle',
  nodeipam: 'node-ipam',
  podgc: 'pod-garbage-collector',
  resourcequota: 'resourcequota',
  serviceaccount: 'serviceaccount',
  'root-ca-cert-publisher': 'root-ca-certificate-publisher',
  ttl: 'ttl',
  disruption: 'disruption',
  horizontalpodautoscaling: 'horizontal-pod-autoscaler',
  persistentvolume_binder: 'persistentvolume-binder',
  'pvc-protection': 'persistentvolumeclaim-protection',
  'pv-protection': 'persistentvolume-protection',
};

/** The comparable form of a controller name. */
export function canonicalControllerName(name: string): string {
  const bare = name.endsWith('-controller') ? name.slice(0, -'-controller'.length) : name;
  return OLD_ALIASES[bare] ?? bare;
}

/**
 * The controllers `--controllers` enables, in table order. Throws on a name that is not known.
 * Usage: `selectControllers(allControllers, ['*', '-cronjob'])`.
 */
export function selectControllers(
  all: readonly ControllerDefinition[],
  flags: readonly string[] = ['*'],
): ControllerDefinition[] {
  const known = new Map(all.map((d) => [canonicalControllerName(d.name), d]));
  const on = new Set<string>();
  const off = new Set<string>();
  let star = false;
  for (const raw of flags.flatMap((f) => f.split(','))) {
    const flag = raw.trim();
    if (flag === '') continue;
    if (flag === '*') {
      star = true;
      continue;
    }
    const negated = flag.startsWith('-');
    const name = canonicalControllerName(negated ? flag.slice(1) : flag);
    if (!known.has(name))
      throw new Error(`"${negated ? flag.slice(1) : flag}" is not in the list of known controllers`);
    (negated ? off : on).add(name);
  }
  return all.filter((d) => {
    const name = canonicalControllerName(d.name);
    if (off.has(name)) return false;
    if (on.has(name)) return true;
    return star && d.enabledByDefault;
  });
}
