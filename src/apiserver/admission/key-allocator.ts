// Allocation of unique values (service ClusterIPs, NodePorts) that stays correct with several
// API servers on one store: a value is owned by whoever creates its key
// (`/registry/kts/<kind>/<value>`) first — the store's create is atomic — and the key records
// the owning Service's uid, so a release never frees a value someone else now holds.
import { KeyExistsError, KeyNotFoundError, type Store } from '../../storage/store.ts';

export interface AllocationOwner {
  namespace: string;
  name: string;
  uid: string;
}

interface AllocationRecord {
  kind: 'Allocation';
  owner: AllocationOwner;
  /** When the key was written (ms since epoch): repair leaves young keys alone (in-flight creates). */
  allocatedAt: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class KeyAllocator {
  readonly prefix: string;
  private readonly store: Store;

  constructor(store: Store, kind: string) {
    this.store = store;
    this.prefix = `/registry/kts/${kind}/`;
  }

  /** Claims `value` for `owner`; false if someone holds it. */
  async claim(value: string, owner: AllocationOwner): Promise<boolean> {
    const record: AllocationRecord = { kind: 'Allocation', owner, allocatedAt: Date.now() };
    try {
      await this.store.create(this.prefix + value, encoder.encode(JSON.stringify(record)));
      return true;
    } catch (e) {
      if (!(e instanceof KeyExistsError)) throw e;
      const current = await this.owner(value);
      // Already ours (a retried create or a repair): still a success.
      return current?.uid === owner.uid;
    }
  }

  async owner(value: string): Promise<AllocationOwner | undefined> {
    const kv = await this.store.get(this.prefix + value);
    return kv ? (JSON.parse(decoder.decode(kv.value)) as AllocationRecord).owner : undefined;
  }

  async isFree(value: string): Promise<boolean> {
    return (await this.store.get(this.prefix + value)) === undefined;
  }

  /** Releases `value` if (and only if) `ownerUid` still holds it. */
  async release(value: string, ownerUid: string): Promise<void> {
    const kv = await this.store.get(this.prefix + value);
    if (!kv) return;
    const record = JSON.parse(decoder.decode(kv.value)) as AllocationRecord;
    if (record.owner.uid !== ownerUid) return;
    try {
      await this.store.delete(this.prefix + value, kv.modRevision);
    } catch (e) {
      if (!(e instanceof KeyNotFoundError)) throw e;
    }
  }

  /** Every allocation: value → record. */
  async all(): Promise<Map<string, AllocationRecord & { modRevision: number }>> {
    const out = new Map<string, AllocationRecord & { modRevision: number }>();
    let cont: string | undefined;
    do {
      const page = await this.store.list(this.prefix, { limit: 5000, ...(cont ? { continue: cont } : {}) });
      for (const kv of page.items) {
        out.set(kv.key.slice(this.prefix.length), {
          ...(JSON.parse(decoder.decode(kv.value)) as AllocationRecord),
          modRevision: kv.modRevision,
        });
      }
      cont = page.continue;
    } while (cont);
    return out;
  }

  async forceDelete(value: string, modRevision: number): Promise<void> {
    try {
      await this.store.delete(this.prefix + value, modRevision);
    } catch {
      // changed or gone meanwhile: leave it to the next repair
    }
  }
}
