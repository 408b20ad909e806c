// Node names grouped by zone, listed round-robin across zones (upstream's nodeTree), so that a
// scheduling cycle that looks at only a percentage of the nodes still sees every zone.
import type { Labels } from '../../machinery/labels.ts';

/** Upstream's utilnode.GetZoneKey: region and zone (with the beta label fallbacks); '' when neither is set. */
export function zoneKey(labels: Labels): string {
  const region =
    labels['topology.kubernetes.io/region'] ?? labels['failure-domain.beta.kubernetes.io/region'] ?? '';
  const zone =
    labels['topology.kubernetes.io/zone'] ?? labels['failure-domain.beta.kubernetes.io/zone'] ?? '';
  if (!region && !zone) return '';
  return `${region}:\x00:${zone}`;
}

export class NodeTree {
  readonly #zones: string[] = [];
  readonly #tree = new Map<string, string[]>();
  #count = 0;

  get size(): number {
    return this.#count;
  }

  add(name: string, labels: Labels): void {
    const zone = zoneKey(labels);
    let names = this.#tree.get(zone);
    if (!names) {
      this.#tree.set(zone, (names = []));
      this.#zones.push(zone);
    }
    if (names.includes(name)) return;
    names.push(name);
    this.#count++;
  }

  remove(name: string, labels: Labels): boolean {
    const zone = zoneKey(labels);
    const names = this.#tree.get(zone);
    if (!names) return false;
    const i = names.indexOf(name);
    if (i < 0) return false;
    // In place, as upstream: the order decides which nodes a cycle looks at first.
    names.splice(i, 1);
    this.#count--;
    if (names.length === 0) {
      this.#tree.delete(zone);
      this.#zones.splice(this.#zones.indexOf(zone), 1);
    }
    return true;
  }

  /** Moves a node whose zone labels changed. */
  update(name: string, oldLabels: Labels, newLabels: Labels): void {
    if (zoneKey(oldLabels) === zoneKey(newLabels)) return;
    this.remove(name, oldLabels);
    this.add(name, newLabels);
  }

  /** All node names, one zone after another in turn. */
  list(): string[] {
    const out: string[] = [];
    const zones = this.#zones.map((z) => this.#tree.get(z)!);
    for (let i = 0; out.length < this.#count; i++)
      for (const names of zones) if (i < names.length) out.push(names[i]!);
    return out;
  }
}
