// exec and attach on the node: kubectl's WebSocket (v5 channels, proxied by the API server) on
// one side, the runtime's streaming server on the other, spoken to in SPDY with the v4
// remote-command protocol — the one containerd 1.6 serves and the one that can half-close
// stdin (so `echo hi | kubectl exec -i … cat` ends). Stream data is relayed both ways; the
// runtime's Status (exit code as NonZeroExitCode) goes to channel 3; then the socket closes.
import type { WebSocket } from 'ws';
import {
  CLOSE,
  ERROR,
  failureStatus,
  frame,
  parseMessage,
  RESIZE,
  STDERR,
  STDIN,
  STDOUT,
} from './channels.ts';
import { SpdySession, type SpdyStream } from './spdy/session.ts';
import { upgradeToSpdy } from './spdy/upgrade.ts';

export interface StreamOptions {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

/** stdin/stdout/stderr/tty from a request's query (`stdin=true` or `stdin=1`). */
export function streamOptionsFromQuery(q: URLSearchParams): StreamOptions {
  const flag = (name: string) => ['true', '1'].includes(q.get(name) ?? '');
  const tty = flag('tty');
  return { stdin: flag('stdin'), stdout: flag('stdout'), stderr: flag('stderr') && !tty, tty };
}

function sendSafe(ws: WebSocket, data: Buffer): void {
  if (ws.readyState === ws.OPEN) ws.send(data);
}

/** Relays a remote-command session between kubectl's WebSocket and the runtime's URL. */
export async function bridgeRemoteCommand(
  ws: WebSocket,
  runtimeUrl: string,
  o: StreamOptions,
): Promise<void> {
  let session: SpdySession | undefined;
  const pendingInput: { channel: number; data: Buffer }[] = [];
  let streams: { stdin?: SpdyStream; resize?: SpdyStream } | undefined;
  const onInput = (channel: number, data: Buffer) => {
    if (!streams) {
      pendingInput.push({ channel, data });
      return;
    }
    if (channel === STDIN) streams.stdin?.write(data);
    else if (channel === RESIZE) streams.resize?.write(data);
    else if (channel === CLOSE && data[0] === STDIN) streams.stdin?.end();
  };
  ws.on('message', (message: Buffer, isBinary: boolean) => {
    const m = parseMessage(isBinary ? message : Buffer.from(message));
    if (m) onInput(m.channel, m.data);
  });
  ws.on('close', () => session?.destroy());

  try {
    const { socket, head } = await upgradeToSpdy(runtimeUrl, ['v4.channel.k8s.io']);
    session = new SpdySession(socket, head);
    if (ws.readyState !== ws.OPEN) {
      session.destroy();
      return;
    }
    const error = await session.openStream({ streamtype: 'error' });
    const stdin = o.stdin ? await session.openStream({ streamtype: 'stdin' }) : undefined;
    const stdout = o.stdout ? await session.openStream({ streamtype: 'stdout' }) : undefined;
    const stderr = o.stderr ? await session.openStream({ streamtype: 'stderr' }) : undefined;
    const resize = o.tty ? await session.openStream({ streamtype: 'resize' }) : undefined;
    streams = { stdin, resize };

    const errorData: Buffer[] = [];
    const ended = (s: SpdyStream | undefined) =>
      s
        ? new Promise<void>((resolve) => (s.remoteClosed ? resolve() : s.once('end', resolve)))
        : Promise.resolve();
    error.on('data', (d) => errorData.push(d));
    stdout?.on('data', (d) => sendSafe(ws, frame(STDOUT, d)));
    stderr?.on('data', (d) => sendSafe(ws, frame(STDERR, d)));
    // Tell the client the streams are up (an empty message on the lowest output channel).
    sendSafe(ws, frame(stdout ? STDOUT : stderr ? STDERR : ERROR, Buffer.alloc(0)));
    for (const p of pendingInput.splice(0)) onInput(p.channel, p.data);

    const sessionClosed = new Promise<void>((resolve) => session!.once('close', resolve));
    await Promise.race([Promise.all([ended(error), ended(stdout), ended(stderr)]), sessionClosed]);
    if (errorData.length) sendSafe(ws, frame(ERROR, Buffer.concat(errorData)));
    session.close();
  } catch (err) {
    sendSafe(ws, frame(ERROR, failureStatus((err as Error).message)));
    session?.destroy();
  }
  if (ws.readyState === ws.OPEN) ws.close(1000);
}
