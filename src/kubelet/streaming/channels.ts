// The WebSocket channel protocol kubectl speaks for exec, attach and cp (DESIGN §5):
// subprotocol `v5.channel.k8s.io` (v4 accepted too), binary messages whose first byte names the
// channel — 0 stdin, 1 stdout, 2 stderr, 3 error (a Status as JSON), 4 resize — and, in v5,
// channel 255 carrying the number of a channel the sender closes (kubectl closes stdin so).
export const STDIN = 0;
export const STDOUT = 1;
export const STDERR = 2;
export const ERROR = 3;
export const RESIZE = 4;
export const CLOSE = 255;

export const V5_PROTOCOL = 'v5.channel.k8s.io';
export const V4_PROTOCOL = 'v4.channel.k8s.io';
export const PORT_FORWARD_TUNNEL_PROTOCOL = 'SPDY/3.1+portforward.k8s.io';

/** The remote-command subprotocols the kubelet serves, best first. */
export const REMOTE_COMMAND_PROTOCOLS = [V5_PROTOCOL, V4_PROTOCOL];

/** Picks the first of our protocols the client offers (`Sec-WebSocket-Protocol` order aside). */
export function chooseProtocol(offered: Iterable<string>, supported: readonly string[]): string | undefined {
  const set = new Set(offered);
  return supported.find((p) => set.has(p));
}

export function frame(channel: number, data: Buffer | Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(data.length + 1);
  out[0] = channel;
  out.set(data, 1);
  return out;
}

export interface ChannelMessage {
  channel: number;
  data: Buffer;
}

export function parseMessage(message: Buffer): ChannelMessage | undefined {
  if (message.length === 0) return undefined;
  return { channel: message[0]!, data: message.subarray(1) };
}

/** A Status for channel 3 (what `kubectl exec` prints for a failure). */
export function failureStatus(message: string, reason = 'InternalError', code = 500): Buffer {
  return Buffer.from(JSON.stringify({ metadata: {}, status: 'Failure', message, reason, code }));
}
