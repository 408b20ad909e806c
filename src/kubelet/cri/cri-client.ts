// A typed, promise-based client for a CRI v1 runtime (containerd) over its unix socket. One gRPC
// channel serves both the RuntimeService and the ImageService; every call has a deadline so a
// hung runtime surfaces as DEADLINE_EXCEEDED instead of a stuck pod worker.
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { CriError } from './cri-error.ts';
import type {
  AuthConfig,
  Container,
  ContainerConfig,
  ContainerFilter,
  ContainerStats,
  ContainerStatusResponse,
  ExecSyncResponse,
  Image,
  ImageFsInfoResponse,
  ImageSpec,
  Labels,
  LinuxContainerResources,
  PodSandbox,
  PodSandboxConfig,
  PodSandboxFilter,
  PodSandboxStats,
  PodSandboxStatusResponse,
  StatsFilter,
  StatusResponse,
  VersionResponse,
} from './types.ts';

/** What upstream's kubelet uses for --runtime-request-timeout. */
export const DEFAULT_CRI_TIMEOUT_MS = 2 * 60_000;
/** Pulls can take long on slow links; upstream has no fixed deadline either. */
const PULL_TIMEOUT_MS = 30 * 60_000;

export interface CriClientOptions {
  /** Deadline for each call, unless the method says otherwise. Default 2 minutes. */
  timeoutMs?: number;
}

type Callback = (err: grpc.ServiceError | null, res: unknown) => void;
type UnaryMethods = Record<string, (req: unknown, options: grpc.CallOptions, cb: Callback) => void>;

let packageCache: grpc.GrpcObject | undefined;

/** The loaded CRI schema (also used by tests that serve a fake runtime). */
export function loadCriPackage(): grpc.GrpcObject {
  if (packageCache) return packageCache;
  const definition = protoLoader.loadSync(join(import.meta.dirname, 'runtime-v1.proto'), {
    keepCase: false,
    longs: Number,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  packageCache = grpc.loadPackageDefinition(definition);
  return packageCache;
}

/** `unix:///path`, or a bare absolute path, becomes the gRPC target for that socket. */
export function criTarget(endpoint: string): string {
  if (endpoint.startsWith('unix://')) return endpoint;
  if (endpoint.startsWith('/')) return `unix://${endpoint}`;
  throw new Error(`unsupported CRI endpoint ${JSON.stringify(endpoint)}: expected unix:///path/to/socket`);
}

/** protobufjs reads a string given for a `bytes` field as base64: send env values as UTF-8 bytes. */
function withByteEnv(config: ContainerConfig): ContainerConfig {
  if (!config.envs) return config;
  return {
    ...config,
    envs: config.envs.map((e) => ({
      key: e.key,
      value: typeof e.value === 'string' ? Buffer.from(e.value, 'utf8') : e.value,
    })),
  };
}

export class CriClient {
  readonly endpoint: string;
  private readonly runtime: grpc.Client;
  private readonly image: grpc.Client;
  private readonly timeoutMs: number;

  constructor(endpoint: string, options: CriClientOptions = {}) {
    this.endpoint = endpoint;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_CRI_TIMEOUT_MS;
    const v1 = (loadCriPackage().runtime as grpc.GrpcObject).v1 as grpc.GrpcObject;
    const RuntimeService = v1.RuntimeService as grpc.ServiceClientConstructor;
    const ImageService = v1.ImageService as grpc.ServiceClientConstructor;
    const channelOptions: grpc.ChannelOptions = {
      // Upstream's kubelet allows 16 MiB answers (large ListContainers on busy nodes).
      'grpc.max_receive_message_length': 16 * 1024 * 1024,
      'grpc.default_authority': 'localhost',
    };
    this.runtime = new RuntimeService(criTarget(endpoint), grpc.credentials.createInsecure(), channelOptions);
    this.image = new ImageService(criTarget(endpoint), grpc.credentials.createInsecure(), {
      ...channelOptions,
      channelOverride: this.runtime.getChannel(),
    });
  }

  /** Closes the channel; calls after this fail. */
  close(): void {
    this.runtime.close();
  }

  /** Resolves once the socket accepts a connection, rejects after `timeoutMs`. */
  waitForReady(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.runtime.waitForReady(Date.now() + timeoutMs, (err) => {
        if (err) reject(new CriError('connect', grpc.status.UNAVAILABLE, `${this.endpoint}: ${err.message}`));
        else resolve();
      });
    });
  }

  private call<T>(
    service: 'runtime' | 'image',
    method: string,
    request: object,
    timeoutMs = this.timeoutMs,
  ): Promise<T> {
    const client = (service === 'runtime' ? this.runtime : this.image) as unknown as UnaryMethods;
    return new Promise<T>((resolve, reject) => {
      client[method]!(request, { deadline: Date.now() + timeoutMs }, (err, res) => {
        if (err) reject(CriError.from(method, err));
        else resolve(res as T);
      });
    });
  }

  // ---- runtime --------------------------------------------------------------------------

  version(): Promise<VersionResponse> {
    return this.call('runtime', 'Version', { version: 'v1' });
  }

  /** The runtime's conditions (RuntimeReady, NetworkReady); `verbose` adds its config as JSON in `info`. */
  status(verbose = false): Promise<StatusResponse> {
    return this.call('runtime', 'Status', { verbose });
  }

  async runPodSandbox(config: PodSandboxConfig, runtimeHandler = ''): Promise<string> {
    const res = await this.call<{ podSandboxId: string }>('runtime', 'RunPodSandbox', {
      config,
      runtimeHandler,
    });
    return res.podSandboxId;
  }

  /** Stops every container of the sandbox and tears its network down. Idempotent. */
  async stopPodSandbox(podSandboxId: string): Promise<void> {
    await this.call('runtime', 'StopPodSandbox', { podSandboxId });
  }

  /** Removes the sandbox and its containers (force). Idempotent: an unknown id is not an error. */
  async removePodSandbox(podSandboxId: string): Promise<void> {
    await this.call('runtime', 'RemovePodSandbox', { podSandboxId });
  }

  podSandboxStatus(podSandboxId: string, verbose = false): Promise<PodSandboxStatusResponse> {
    return this.call('runtime', 'PodSandboxStatus', { podSandboxId, verbose });
  }

  async listPodSandbox(filter?: PodSandboxFilter): Promise<PodSandbox[]> {
    const res = await this.call<{ items: PodSandbox[] }>('runtime', 'ListPodSandbox', { filter });
    return res.items;
  }

  async createContainer(
    podSandboxId: string,
    config: ContainerConfig,
    sandboxConfig: PodSandboxConfig,
  ): Promise<string> {
    const res = await this.call<{ containerId: string }>('runtime', 'CreateContainer', {
      podSandboxId,
      config: withByteEnv(config),
      sandboxConfig,
    });
    return res.containerId;
  }

  async startContainer(containerId: string): Promise<void> {
    await this.call('runtime', 'StartContainer', { containerId });
  }

  /** Sends the stop signal, waits `timeoutSeconds`, then kills. The deadline is stretched to fit. */
  async stopContainer(containerId: string, timeoutSeconds: number): Promise<void> {
    await this.call(
      'runtime',
      'StopContainer',
      { containerId, timeout: timeoutSeconds },
      this.timeoutMs + timeoutSeconds * 1000,
    );
  }

  async removeContainer(containerId: string): Promise<void> {
    await this.call('runtime', 'RemoveContainer', { containerId });
  }

  async listContainers(filter?: ContainerFilter): Promise<Container[]> {
    const res = await this.call<{ containers: Container[] }>('runtime', 'ListContainers', { filter });
    return res.containers;
  }

  containerStatus(containerId: string, verbose = false): Promise<ContainerStatusResponse> {
    return this.call('runtime', 'ContainerStatus', { containerId, verbose });
  }

  async updateContainerResources(
    containerId: string,
    linux: LinuxContainerResources,
    annotations?: Labels,
  ): Promise<void> {
    await this.call('runtime', 'UpdateContainerResources', { containerId, linux, annotations });
  }

  /** Asks the runtime to reopen the container's log file (after log rotation). */
  async reopenContainerLog(containerId: string): Promise<void> {
    await this.call('runtime', 'ReopenContainerLog', { containerId });
  }

  /** Runs `cmd` in the container and collects its output; `timeoutSeconds` 0 means none. */
  execSync(containerId: string, cmd: string[], timeoutSeconds = 0): Promise<ExecSyncResponse> {
    const deadline = timeoutSeconds > 0 ? this.timeoutMs + timeoutSeconds * 1000 : 24 * 3600_000;
    return this.call('runtime', 'ExecSync', { containerId, cmd, timeout: timeoutSeconds }, deadline);
  }

  /** The runtime's streaming URL for an interactive exec (served by containerd's stream server). */
  async exec(request: {
    containerId: string;
    cmd: string[];
    tty?: boolean;
    stdin?: boolean;
    stdout?: boolean;
    stderr?: boolean;
  }): Promise<string> {
    const res = await this.call<{ url: string }>('runtime', 'Exec', request);
    return res.url;
  }

  async attach(request: {
    containerId: string;
    tty?: boolean;
    stdin?: boolean;
    stdout?: boolean;
    stderr?: boolean;
  }): Promise<string> {
    const res = await this.call<{ url: string }>('runtime', 'Attach', request);
    return res.url;
  }

  async portForward(podSandboxId: string, ports: number[]): Promise<string> {
    const res = await this.call<{ url: string }>('runtime', 'PortForward', { podSandboxId, port: ports });
    return res.url;
  }

  async containerStats(containerId: string): Promise<ContainerStats | null> {
    const res = await this.call<{ stats: ContainerStats | null }>('runtime', 'ContainerStats', {
      containerId,
    });
    return res.stats;
  }

  async listContainerStats(filter?: StatsFilter): Promise<ContainerStats[]> {
    const res = await this.call<{ stats: ContainerStats[] }>('runtime', 'ListContainerStats', { filter });
    return res.stats;
  }

  async listPodSandboxStats(filter?: { id?: string; labelSelector?: Labels }): Promise<PodSandboxStats[]> {
    const res = await this.call<{ stats: PodSandboxStats[] }>('runtime', 'ListPodSandboxStats', { filter });
    return res.stats;
  }

  // ---- images ---------------------------------------------------------------------------

  async listImages(filter?: ImageSpec): Promise<Image[]> {
    const res = await this.call<{ images: Image[] }>('image', 'ListImages', {
      filter: filter ? { image: filter } : undefined,
    });
    return res.images;
  }

  /** The image, or null when the runtime does not have it. */
  async imageStatus(image: ImageSpec, verbose = false): Promise<Image | null> {
    const res = await this.call<{ image: Image | null }>('image', 'ImageStatus', { image, verbose });
    return res.image && res.image.id !== '' ? res.image : null;
  }

  /** Pulls an image; resolves to its reference (an image id / digest). */
  async pullImage(image: ImageSpec, auth?: AuthConfig, sandboxConfig?: PodSandboxConfig): Promise<string> {
    const res = await this.call<{ imageRef: string }>(
      'image',
      'PullImage',
      { image, auth, sandboxConfig },
      PULL_TIMEOUT_MS,
    );
    return res.imageRef;
  }

  async removeImage(image: ImageSpec): Promise<void> {
    await this.call('image', 'RemoveImage', { image });
  }

  imageFsInfo(): Promise<ImageFsInfoResponse> {
    return this.call('image', 'ImageFsInfo', {});
  }
}
