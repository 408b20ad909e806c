// The API server's CRD controller: upstream's naming, establishing and finalizer controllers
// and the CRD handler's serving table in one level-based loop over the CRD watch cache.
// For each CRD it (1) accepts its names against the other CRDs of its group and sets
// NamesAccepted / Established, (2) serves its custom resources (a ServedResource in the
// resource table, rebuilt whenever the CRD changes, removed when it goes), and (3) when the CRD
// is deleted, deletes every custom resource, then removes the cleanup finalizer (Terminating).
//
// CRDs already established are served by start(), before the server answers, so a restart
// keeps serving custom resources.
import type { Crd } from '../../api/apiextensions/custom-resource-definition.ts';
import type { ResourceStrategy } from '../../api/strategy.ts';
import type { RequestContext, UserInfo } from '../registry/context.ts';
import type { GenericRegistry } from '../registry/generic-registry.ts';
import { type ResourceTable, type ServedResource, toServed } from '../registry/resource-table.ts';
import type { CacheDispatcher } from '../storage/cache-dispatcher.ts';
import type { WatchCache } from '../storage/watch-cache.ts';
import {
  applyAcceptedNames,
  CLEANUP_FINALIZER,
  hasCleanupFinalizer,
  isConditionTrue,
  isServable,
  setCondition,
} from './crd-conditions.ts';
import { withCleanupFinalizer } from './crd-deletion.ts';
import { customResourceServing } from './custom-resource-strategy.ts';

/** What the controller needs from the API server. */
export interface CrdServer {
  table: ResourceTable;
  dispatcher: CacheDispatcher;
  registry(served: ServedResource): GenericRegistry;
  context(user: UserInfo): RequestContext;
}

const CRD_GROUP = 'apiextensions.k8s.io';
const CRD_RESOURCE = 'customresourcedefinitions';
const CONTROLLER_USER: UserInfo = {
  username: 'system:apiserver',
  groups: ['system:masters', 'system:authenticated'],
};
const DELETION_POLL_MS = 5_000;
const DELETION_TIMEOUT_MS = 60_000;
const MAX_BACKOFF_MS = 30_000;

interface Installed {
  served: ServedResource;
  fingerprint: string;
}

export class CrdController {
  private readonly server: CrdServer;
  private readonly log: (message: string) => void;
  private readonly crdServed: ServedResource;
  private readonly installed = new Map<string, Installed>();
  private readonly queue = new Set<string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly failures = new Map<string, number>();
  private readonly deletionStarted = new Map<string, number>();
  /** While a CRD waits for custom resources with finalizers: a watch that wakes its cleanup when they go. */
  private readonly instanceWatches = new Map<string, () => void>();
  private draining = false;
  private stopped = false;
  private unwatch?: () => void;

  constructor(server: CrdServer, log: (message: string) => void = () => {}) {
    this.server = server;
    this.log = log;
    const served = server.table.lookup(CRD_GROUP, 'v1', CRD_RESOURCE);
    if (!served) throw new Error('the API server does not serve customresourcedefinitions');
    // Upstream's CRD REST storage adds the cleanup finalizer on delete; our CRD strategy gets the same hooks.
    served.strategy = withCleanupFinalizer(served.strategy as ResourceStrategy<Crd>) as ResourceStrategy;
    this.crdServed = served;
  }

  private get cache(): WatchCache {
    return this.server.dispatcher.cacheFor(this.crdServed.prefix);
  }

  private crds(): Crd[] {
    return this.cache.list({}).items as Crd[];
  }

  private crd(name: string): Crd | undefined {
    return this.cache.get(`${this.crdServed.prefix}${name}`) as Crd | undefined;
  }

  /** Serves the CRDs that are already established, then follows every CRD change. */
  async start(): Promise<void> {
    const all = this.crds();
    for (const crd of all) this.install(crd);
    this.unwatch = this.cache.watch(
      {
        filter: {},
        deliver: (event) => {
          const crd = event.object as Crd;
          this.enqueue(crd.metadata?.name ?? '');
          // A change of names (or a CRD gone) may free names other CRDs of the group are waiting for.
          if (event.type !== 'ADDED')
            for (const other of this.crds())
              if (other.spec?.group === crd.spec?.group) this.enqueue(other.metadata?.name ?? '');
        },
      },
      this.server.dispatcher.revision,
    );
    for (const crd of all) this.enqueue(crd.metadata?.name ?? '');
  }

  stop(): void {
    this.stopped = true;
    this.unwatch?.();
    for (const unwatch of this.instanceWatches.values()) unwatch();
    this.instanceWatches.clear();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.queue.clear();
  }

  private enqueue(name: string, delayMs = 0): void {
    if (this.stopped || !name) return;
    if (delayMs > 0) {
      if (this.timers.has(name)) return;
      const timer = setTimeout(() => {
        this.timers.delete(name);
        this.enqueue(name);
      }, delayMs);
      timer.unref();
      this.timers.set(name, timer);
      return;
    }
    this.queue.add(name);
    if (!this.draining) void this.drain();
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.size && !this.stopped) {
        const name = this.queue.values().next().value!;
        this.queue.delete(name);
        try {
          const requeue = await this.sync(name);
          this.failures.delete(name);
          if (requeue) this.enqueue(name, requeue);
        } catch (e) {
          const n = (this.failures.get(name) ?? 0) + 1;
          this.failures.set(name, n);
          this.log(`crd ${name}: ${e instanceof Error ? e.message : String(e)}`);
          this.enqueue(name, Math.min(100 * 2 ** n, MAX_BACKOFF_MS));
        }
      }
    } finally {
      this.draining = false;
    }
  }

  /** Brings one CRD's status and serving up to date; returns a delay to look again after, if any. */
  private async sync(name: string): Promise<number | undefined> {
    const crd = this.crd(name);
    if (!crd) {
      this.uninstall(name);
      this.deletionStarted.delete(name);
      this.stopWatchingInstances(name);
      return undefined;
    }
    const others = this.crds().filter((c) => c.metadata?.name !== name);
    const named = structuredClone(crd);
    applyAcceptedNames(named, others, new Date());
    if (JSON.stringify(named.status) !== JSON.stringify(crd.status)) {
      await this.updateStatus(name, (current) =>
        applyAcceptedNames(
          current,
          this.crds().filter((c) => c.metadata?.name !== name),
          new Date(),
        ),
      );
      return undefined; // the write comes back as an event
    }
    this.install(crd);
    if (crd.metadata?.deletionTimestamp && hasCleanupFinalizer(crd)) return this.cleanUp(crd);
    return undefined;
  }

  private context(): RequestContext {
    const ctx = this.server.context(CONTROLLER_USER);
    ctx.fieldManager = 'kube-apiserver';
    return ctx;
  }

  private async updateStatus(name: string, change: (crd: Crd) => void): Promise<void> {
    await this.server.registry(this.crdServed).guaranteedUpdate(
      '',
      name,
      (current) => {
        if (!current) throw new Error(`customresourcedefinition ${name} is gone`);
        change(current as Crd);
        return current;
      },
      this.context(),
      { subresource: 'status' },
    );
  }

  // ------------------------------------------------------------------ serving

  private install(crd: Crd): void {
    const name = crd.metadata?.name ?? '';
    const terminating = isConditionTrue(crd, 'Terminating');
    const fingerprint = JSON.stringify([crd.metadata?.uid, crd.spec, crd.status?.acceptedNames, terminating]);
    const current = this.installed.get(name);
    if (current?.fingerprint === fingerprint && isServable(crd)) return;
    const serving = isServable(crd) ? customResourceServing(crd, terminating) : undefined;
    if (!serving) {
      this.uninstall(name);
      return;
    }
    const served = toServed(serving.strategy, true);
    served.storageVersion = serving.storageVersion;
    served.customSchemas = serving.schemas;
    served.customTables = serving.tables;
    served.customWarnings = serving.warnings;
    const clash = serving.strategy.versions
      .map((v) => this.server.table.lookup(served.group, v, served.resource))
      .find((s) => s && s !== current?.served);
    if (clash) {
      this.log(`crd ${name}: ${served.resource}.${served.group} is already served; not serving it`);
      this.uninstall(name);
      return;
    }
    if (current) this.server.table.remove(current.served);
    this.server.table.add(served);
    this.installed.set(name, { served, fingerprint });
  }

  private uninstall(name: string): void {
    const current = this.installed.get(name);
    if (!current) return;
    this.server.table.remove(current.served);
    this.installed.delete(name);
  }

  // ------------------------------------------------------------------ cleanup on delete

  /** upstream's CRD finalizer: delete every custom resource, then drop the finalizer. */
  private async cleanUp(crd: Crd): Promise<number | undefined> {
    const name = crd.metadata!.name!;
    const now = new Date();
    if (!this.deletionStarted.has(name)) this.deletionStarted.set(name, now.getTime());
    const progress = {
      type: 'Terminating',
      status: 'True',
      reason: 'InstanceDeletionInProgress',
      message: 'CustomResource deletion is in progress',
    };
    const f = crd.status?.conditions?.find((c) => c.type === 'Terminating');
    if (f?.reason !== 'InstanceDeletionInProgress' && f?.reason !== 'InstanceDeletionCheck') {
      await this.updateStatus(name, (current) => setCondition(current, progress, new Date()));
      return undefined;
    }
    let done: { status: string; reason: string; message: string };
    const installed = this.installed.get(name);
    if (isConditionTrue(crd, 'Established') && installed) {
      const remaining = await this.deleteInstances(installed.served);
      if (remaining > 0) {
        this.watchInstances(name, installed.served);
        if (
          Date.now() - this.deletionStarted.get(name)! > DELETION_TIMEOUT_MS &&
          f?.reason !== 'InstanceDeletionCheck'
        ) {
          await this.updateStatus(name, (current) =>
            setCondition(
              current,
              {
                type: 'Terminating',
                status: 'True',
                reason: 'InstanceDeletionCheck',
                message:
                  'could not confirm zero CustomResources remaining: timed out waiting for the condition',
              },
              new Date(),
            ),
          );
        }
        return DELETION_POLL_MS;
      }
      done = { status: 'False', reason: 'InstanceDeletionCompleted', message: 'removed all instances' };
    } else {
      done = { status: 'False', reason: 'NeverEstablished', message: 'resource was never established' };
    }
    await this.updateStatus(name, (current) => {
      setCondition(current, { type: 'Terminating', ...done }, new Date());
      current.metadata!.finalizers = (current.metadata!.finalizers ?? []).filter(
        (x) => x !== CLEANUP_FINALIZER,
      );
    });
    this.deletionStarted.delete(name);
    this.stopWatchingInstances(name);
    return undefined;
  }

  private watchInstances(name: string, served: ServedResource): void {
    if (this.instanceWatches.has(name)) return;
    const unwatch = this.server.dispatcher.cacheFor(served.prefix).watch(
      {
        filter: {},
        deliver: (event) => {
          if (event.type === 'DELETED') this.enqueue(name);
        },
      },
      this.server.dispatcher.revision,
    );
    this.instanceWatches.set(name, unwatch);
  }

  private stopWatchingInstances(name: string): void {
    this.instanceWatches.get(name)?.();
    this.instanceWatches.delete(name);
  }

  /** Deletes every custom resource of `served`; returns how many are still there (finalizers pending). */
  private async deleteInstances(served: ServedResource): Promise<number> {
    const registry = this.server.registry(served);
    await this.server.dispatcher.waitFresh();
    const items = this.server.dispatcher.cacheFor(served.prefix).list({}).items;
    const ctx = this.context();
    for (const item of items) {
      if (item.metadata?.deletionTimestamp) continue;
      try {
        await registry.delete(item.metadata?.namespace ?? '', item.metadata!.name!, {}, ctx);
      } catch (e) {
        if (!(e instanceof Error && 'code' in e && (e as { code: number }).code === 404)) throw e;
      }
    }
    await this.server.dispatcher.waitFresh();
    return this.server.dispatcher.cacheFor(served.prefix).size;
  }
}

/** Creates the controller and serves the CRDs already established (one call from ApiServer.start). */
export async function startCrdController(
  server: CrdServer,
  log?: (message: string) => void,
): Promise<CrdController> {
  const controller = new CrdController(server, log);
  await controller.start();
  return controller;
}
