// port-forward on the node. kubectl 1.32 tunnels SPDY/3.1 through a WebSocket (subprotocol
// `SPDY/3.1+portforward.k8s.io`, each binary message a slice of the SPDY byte stream); the
// runtime's port-forward server speaks SPDY itself. So the kubelet opens the runtime's URL with
// the `portforward.k8s.io` stream protocol and relays bytes: kubectl's SPDY session (its data
// and error streams per connection, the `port` header on each) reaches containerd unchanged.
import type { WebSocket } from 'ws';
import { upgradeToSpdy } from './spdy/upgrade.ts';

export async function bridgePortForward(ws: WebSocket, runtimeUrl: string): Promise<void> {
  const queued: Buffer[] = [];
  let socket: Awaited<ReturnType<typeof upgradeToSpdy>>['socket'] | undefined;
  ws.on('message', (data: Buffer) => {
    if (socket) socket.write(data);
    else queued.push(Buffer.from(data));
  });
  ws.on('close', () => socket?.destroy());
  try {
    const upgraded = await upgradeToSpdy(runtimeUrl, ['portforward.k8s.io']);
    socket = upgraded.socket;
    if (ws.readyState !== ws.OPEN) {
      socket.destroy();
      return;
    }
    if (upgraded.head.length) ws.send(upgraded.head);
    for (const chunk of queued.splice(0)) socket.write(chunk);
    socket.on('data', (d: Buffer) => {
      if (ws.readyState === ws.OPEN) ws.send(d);
    });
    await new Promise<void>((resolve) => {
      socket!.once('close', resolve);
      socket!.once('error', resolve);
    });
  } catch {
    // The tunnel cannot be opened: kubectl sees the WebSocket close.
  }
  if (ws.readyState === ws.OPEN) ws.close(1000);
}
