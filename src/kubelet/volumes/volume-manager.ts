// Sets up a pod's volumes on the node (upstream's volume manager and in-tree plugins) under
// <root>/pods/<uid>/volumes/kubernetes.io~<plugin>/<name>: emptyDir (a directory, or tmpfs for
// medium Memory), hostPath (type-checked), configMap, secret, downwardAPI and projected
// (written atomically, rewritten when their sources change; secrets and projected volumes on
// tmpfs as upstream keeps them off disk), and persistentVolumeClaim bound to a hostPath or
// local PersistentVolume. Every pod sync calls mount(): it is idempotent and cheap when
// nothing changed. Service account tokens come from the TokenRequest API and are refreshed
// at 80% of their lifetime.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type {
  ConfigMap,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  Secret,
  Volume,
} from 'kubernetes-types/core/v1.js';
import { type Client, descriptor, isNotFound } from '../../client/index.ts';
import { mountsUnder } from '../containerd/leftovers.ts';
import { errorText, type Log } from '../internal/log.ts';
import type { NodeAllocatable } from '../pod/downward-api.ts';
import { quantityValue } from '../pod/quantity.ts';
import type { PodObjectSource } from '../pods/pod-context.ts';
import type { PodVolumes, VolumeError } from '../pods/pod-sync.ts';
import { writeAtomically } from './atomic-writer.ts';
import { checkHostPath, type HostPathType } from './host-path.ts';
import { type Mounter, SyscallMounter } from './mounter.ts';
import {
  configMapPayload,
  DEFAULT_MODE,
  downwardAPIPayload,
  PayloadError,
  projectedPayload,
  secretPayload,
  type TokenResult,
} from './payloads.ts';

const PVCS = descriptor('v1', 'persistentvolumeclaims', true, 'PersistentVolumeClaim');
const PVS = descriptor('v1', 'persistentvolumes', false, 'PersistentVolume');
const SERVICE_ACCOUNTS = descriptor('v1', 'serviceaccounts', true, 'ServiceAccount');

export interface VolumeManagerOptions {
  client: Client;
  log: Log;
  rootDir: string;
  objects: PodObjectSource;
  allocatable: () => NodeAllocatable;
  /** How tmpfs volumes are mounted (default: one syscall helper, see mounter.ts). */
  mounter?: Mounter;
}

interface CachedToken {
  token?: string;
  error?: string;
  refreshAt: number;
}

/** A failed TokenRequest is tried again after this long, not at every pod sync. */
const TOKEN_RETRY_MS = 30_000;

function pluginDir(kind: string): string {
  return `kubernetes.io~${kind}`;
}

export class VolumeManager implements PodVolumes {
  readonly #o: VolumeManagerOptions;
  readonly #tokens = new Map<string, CachedToken>();
  /** Non-blocking problems already reported, so the event is recorded once. */
  readonly #warned = new Set<string>();
  /** tmpfs mounts made (read once from mountinfo, then kept up to date), to skip re-reading it. */
  #mounted: Set<string> | undefined;

  readonly #mounter: Mounter;

  constructor(o: VolumeManagerOptions) {
    this.#o = o;
    this.#mounter = o.mounter ?? new SyscallMounter();
  }

  /** Ends the mount helper (mounts stay). */
  close(): void {
    this.#mounter.close();
  }

  #volumesDir(uid: string): string {
    return join(this.#o.rootDir, 'pods', uid, 'volumes');
  }

  async mount(pod: Pod): Promise<{ paths: Map<string, string>; errors: VolumeError[] }> {
    const uid = pod.metadata?.uid ?? '';
    const paths = new Map<string, string>();
    const errors: VolumeError[] = [];
    for (const volume of pod.spec?.volumes ?? []) {
      try {
        const r = await this.#mountOne(pod, volume);
        paths.set(volume.name, r.path);
        for (const warning of r.warnings ?? []) {
          const key = `${uid}/${volume.name}/${warning}`;
          if (this.#warned.has(key)) continue;
          this.#warned.add(key);
          errors.push({ volume: volume.name, message: warning, blocking: false });
        }
      } catch (err) {
        errors.push({ volume: volume.name, message: errorText(err), blocking: true });
      }
    }
    return { paths, errors };
  }

  async #mountOne(pod: Pod, v: Volume): Promise<{ path: string; warnings?: string[] }> {
    const uid = pod.metadata?.uid ?? '';
    const ns = pod.metadata?.namespace ?? '';
    const dir = (kind: string) => join(this.#volumesDir(uid), pluginDir(kind), v.name);
    if (v.emptyDir) {
      const path = dir('empty-dir');
      if (v.emptyDir.medium === 'Memory') await this.#tmpfs(path, v.emptyDir.sizeLimit);
      else mkdirSync(path, { recursive: true, mode: 0o777 });
      return { path };
    }
    if (v.hostPath) {
      checkHostPath(v.hostPath.path, v.hostPath.type as HostPathType | undefined);
      return { path: v.hostPath.path };
    }
    if (v.configMap) {
      const name = v.configMap.name ?? '';
      const path = dir('configmap');
      const payload = configMapPayload(
        name,
        await this.#o.objects.configMap(ns, name),
        v.configMap,
        v.configMap.defaultMode ?? DEFAULT_MODE,
      );
      writeAtomically(path, payload);
      return { path };
    }
    if (v.secret) {
      const name = v.secret.secretName ?? '';
      const path = dir('secret');
      const payload = secretPayload(
        name,
        await this.#o.objects.secret(ns, name),
        v.secret,
        v.secret.defaultMode ?? DEFAULT_MODE,
      );
      await this.#tmpfs(path);
      writeAtomically(path, payload);
      return { path };
    }
    if (v.downwardAPI) {
      const path = dir('downward-api');
      writeAtomically(
        path,
        downwardAPIPayload(
          pod,
          v.downwardAPI.items,
          v.downwardAPI.defaultMode ?? DEFAULT_MODE,
          this.#o.allocatable(),
        ),
      );
      return { path };
    }
    if (v.projected) {
      const path = dir('projected');
      const configMaps = new Map<string, ConfigMap | undefined>();
      const secrets = new Map<string, Secret | undefined>();
      const tokens = new Map<number, TokenResult>();
      const sources = v.projected.sources ?? [];
      for (const [i, s] of sources.entries()) {
        if (s.configMap?.name)
          configMaps.set(s.configMap.name, await this.#o.objects.configMap(ns, s.configMap.name));
        if (s.secret?.name) secrets.set(s.secret.name, await this.#o.objects.secret(ns, s.secret.name));
        if (s.serviceAccountToken) tokens.set(i, await this.#token(pod, v.name, i, s.serviceAccountToken));
      }
      const { payload, warnings } = projectedPayload(pod, v.projected, {
        configMaps,
        secrets,
        tokens,
        allocatable: this.#o.allocatable(),
      });
      await this.#tmpfs(path);
      writeAtomically(path, payload);
      return { path, warnings };
    }
    if (v.persistentVolumeClaim)
      return { path: await this.#claimPath(ns, v.persistentVolumeClaim.claimName) };
    throw new PayloadError(`volume type of ${JSON.stringify(v.name)} is not supported by kts`);
  }

  /** A PVC bound to a hostPath or local PV: the PV's path on this node. */
  async #claimPath(namespace: string, claimName: string): Promise<string> {
    let claim: PersistentVolumeClaim;
    try {
      claim = await this.#o.client.resource<PersistentVolumeClaim>(PVCS).namespace(namespace).get(claimName);
    } catch (err) {
      if (isNotFound(err)) throw new PayloadError(`persistentvolumeclaim "${claimName}" not found`);
      throw err;
    }
    const volumeName = claim.spec?.volumeName;
    if (!volumeName || claim.status?.phase !== 'Bound')
      throw new PayloadError(
        `PVC ${namespace}/${claimName} has non-bound phase ("${claim.status?.phase ?? 'Pending'}") or empty pvc.Spec.VolumeName ("${volumeName ?? ''}")`,
      );
    const pv = await this.#o.client.resource<PersistentVolume>(PVS).get(volumeName);
    const path = pv.spec?.hostPath?.path ?? pv.spec?.local?.path;
    if (!path)
      throw new PayloadError(
        `persistent volume ${volumeName} is neither hostPath nor local: not supported by kts`,
      );
    if (pv.spec?.hostPath) checkHostPath(path, pv.spec.hostPath.type as HostPathType | undefined);
    else if (!existsSync(path)) throw new PayloadError(`path "${path}" does not exist`);
    return path;
  }

  async #token(
    pod: Pod,
    volume: string,
    index: number,
    source: { audience?: string; expirationSeconds?: number },
  ): Promise<TokenResult> {
    const key = `${pod.metadata?.uid}/${volume}/${index}`;
    const cached = this.#tokens.get(key);
    if (cached && Date.now() < cached.refreshAt)
      return cached.token !== undefined ? { token: cached.token } : { error: cached.error ?? '' };
    const expirationSeconds = source.expirationSeconds ?? 3600;
    const request = {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: {
        audiences: source.audience ? [source.audience] : [],
        expirationSeconds,
        boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: pod.metadata?.name, uid: pod.metadata?.uid },
      },
    };
    try {
      const res = await this.#o.client
        .resource(SERVICE_ACCOUNTS)
        .namespace(pod.metadata?.namespace ?? '')
        .createSubresource<{ status?: { token?: string; expirationTimestamp?: string } }>(
          pod.spec?.serviceAccountName || 'default',
          'token',
          request,
        );
      const token = res.status?.token;
      if (!token) return { error: 'failed to fetch token: the TokenRequest answer had no token' };
      const expires =
        Date.parse(res.status?.expirationTimestamp ?? '') || Date.now() + expirationSeconds * 1000;
      const ttl = expires - Date.now();
      this.#tokens.set(key, { token, refreshAt: Date.now() + Math.min(ttl * 0.8, 24 * 3600_000) });
      return { token };
    } catch (err) {
      const error = `failed to fetch token: ${errorText(err)}`;
      this.#tokens.set(key, { error, refreshAt: Date.now() + TOKEN_RETRY_MS });
      return { error };
    }
  }

  async #tmpfs(path: string, sizeLimit?: string): Promise<void> {
    this.#mounted ??= new Set(mountsUnder(readFileSync('/proc/self/mountinfo', 'utf8'), [this.#o.rootDir]));
    if (this.#mounted.has(path)) return;
    mkdirSync(path, { recursive: true });
    const options = ['mode=0755'];
    if (sizeLimit) options.push(`size=${quantityValue(sizeLimit)}`);
    await this.#mounter.mountTmpfs(path, options);
    this.#mounted.add(path);
  }

  async unmount(uid: string): Promise<void> {
    const dir = this.#volumesDir(uid);
    for (const key of [...this.#tokens.keys()]) if (key.startsWith(`${uid}/`)) this.#tokens.delete(key);
    for (const key of [...this.#warned]) if (key.startsWith(`${uid}/`)) this.#warned.delete(key);
    if (!existsSync(dir)) return;
    const mountinfo = readFileSync('/proc/self/mountinfo', 'utf8');
    for (const point of mountsUnder(mountinfo, [dir])) {
      await this.#mounter
        .unmount(point)
        .catch((err: Error) => this.#o.log.warn({ uid, err: errorText(err) }, 'volume unmount failed'));
      this.#mounted?.delete(point);
    }
    // Only once nothing is mounted below: never delete through a mount.
    if (mountsUnder(readFileSync('/proc/self/mountinfo', 'utf8'), [dir]).length === 0)
      rmSync(dir, { recursive: true, force: true });
    else this.#o.log.warn({ uid, dir }, 'volumes still mounted, not removed');
  }
}
