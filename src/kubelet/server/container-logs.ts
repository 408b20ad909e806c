// `kubectl logs` on the node: the container's CRI log file (the current instance, or with
// `previous` the one before), formatted as upstream's kubelet serves it — tail, since,
// timestamps, limit-bytes — and with `follow` kept open, reading what the container writes
// until it exits.
import { open } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { CriClient } from '../cri/cri-client.ts';
import { CriLogFormatter, type LogOptions, tailStart } from '../pod/cri-log.ts';

export interface ContainerLogOptions extends LogOptions {
  follow?: boolean;
  tailLines?: number;
}

/** Parses the query of a /containerLogs request (the pods/log options). */
export function logOptionsFromQuery(
  q: URLSearchParams,
  now = Date.now(),
): ContainerLogOptions & { previous: boolean } {
  const o: ContainerLogOptions & { previous: boolean } = {
    follow: q.get('follow') === 'true',
    previous: q.get('previous') === 'true',
    timestamps: q.get('timestamps') === 'true',
  };
  const tail = q.get('tailLines');
  if (tail !== null && tail !== '' && Number(tail) >= 0) o.tailLines = Number(tail);
  const limit = q.get('limitBytes');
  if (limit !== null && Number(limit) > 0) o.limitBytes = Number(limit);
  const sinceSeconds = q.get('sinceSeconds');
  const sinceTime = q.get('sinceTime');
  if (sinceSeconds !== null && Number(sinceSeconds) > 0)
    o.sinceNs = BigInt(now - Number(sinceSeconds) * 1000) * 1_000_000n;
  else if (sinceTime) {
    const ms = Date.parse(sinceTime);
    if (!Number.isNaN(ms)) o.sinceNs = BigInt(ms) * 1_000_000n;
  }
  return o;
}

const READ_CHUNK = 64 * 1024;

async function write(out: Writable, data: Buffer): Promise<void> {
  if (out.destroyed) return;
  if (!out.write(data))
    await new Promise<void>((resolve) => {
      out.once('drain', resolve);
      out.once('close', resolve);
    });
}

/** Streams the log to `out`; resolves when done (or, following, when the container stopped). */
export async function streamContainerLog(
  cri: CriClient,
  containerId: string,
  logPath: string,
  options: ContainerLogOptions,
  out: Writable,
  signal: AbortSignal,
): Promise<void> {
  const file = await open(logPath, 'r').catch(() => undefined);
  if (!file) return;
  try {
    const formatter = new CriLogFormatter(options);
    let position = 0;
    if (options.tailLines !== undefined) {
      const { size } = await file.stat();
      // Read backwards in growing windows until enough lines are found (or the file start).
      let window = Math.min(size, READ_CHUNK);
      for (;;) {
        const buf = Buffer.alloc(window);
        await file.read(buf, 0, window, size - window);
        const start = tailStart(buf, options.tailLines);
        if (start > 0 || window === size) {
          position = size - window + start;
          break;
        }
        window = Math.min(size, window * 4);
      }
    }
    const buf = Buffer.alloc(READ_CHUNK);
    let lastStatusCheck = 0;
    while (!signal.aborted && !formatter.done && !out.destroyed) {
      const { bytesRead } = await file.read(buf, 0, buf.length, position);
      if (bytesRead > 0) {
        position += bytesRead;
        for (const part of formatter.push(Buffer.from(buf.subarray(0, bytesRead))))
          await write(out, part.data);
        continue;
      }
      if (!options.follow) break;
      // At the end of the file: keep waiting while the container runs.
      if (Date.now() - lastStatusCheck > 1000) {
        lastStatusCheck = Date.now();
        const status = await cri.containerStatus(containerId).catch(() => undefined);
        if (status?.status?.state !== 'CONTAINER_RUNNING') {
          const { bytesRead: more } = await file.read(buf, 0, buf.length, position);
          if (more === 0) break;
          continue;
        }
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    // A last line still without its newline (a malformed empty line is skipped).
    if (!formatter.done) for (const part of formatter.push(Buffer.from('\n'))) await write(out, part.data);
  } finally {
    await file.close();
  }
}

/**
 * validateContainerLogStatus: which container instance's log to read, from the pod's status
 * (`previous`: the last terminated one), or why there is none — upstream's messages.
 */
export function logContainerId(pod: Pod, containerName: string, previous: boolean): string {
  const podName = pod.metadata?.name ?? '';
  const statuses = [
    ...(pod.status?.containerStatuses ?? []),
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.ephemeralContainerStatuses ?? []),
  ];
  const s = statuses.find((x) => x.name === containerName);
  if (!s) throw new Error(`container "${containerName}" in pod "${podName}" is not available`);
  const strip = (id: string | undefined) => (id ?? '').replace(/^[a-z]+:\/\//, '');
  const last = s.lastState?.terminated;
  const { waiting, running, terminated } = s.state ?? {};
  if (previous) {
    if (!last?.containerID)
      throw new Error(`previous terminated container "${containerName}" in pod "${podName}" not found`);
    return strip(last.containerID);
  }
  if (running) return strip(s.containerID);
  if (terminated) {
    if (terminated.containerID) return strip(terminated.containerID);
    if (last?.containerID) return strip(last.containerID);
    throw new Error(`container "${containerName}" in pod "${podName}" is terminated`);
  }
  if (last) {
    if (!last.containerID) throw new Error(`container "${containerName}" in pod "${podName}" is terminated`);
    return strip(last.containerID);
  }
  if (waiting) {
    if (waiting.reason === 'ErrImagePull')
      throw new Error(
        `container "${containerName}" in pod "${podName}" is waiting to start: image can't be pulled`,
      );
    if (waiting.reason === 'ImagePullBackOff')
      throw new Error(
        `container "${containerName}" in pod "${podName}" is waiting to start: trying and failing to pull image`,
      );
    throw new Error(
      `container "${containerName}" in pod "${podName}" is waiting to start: ${waiting.reason}`,
    );
  }
  throw new Error(`container "${containerName}" in pod "${podName}" is waiting to start - no logs yet`);
}
