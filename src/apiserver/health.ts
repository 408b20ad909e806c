// /healthz, /livez, /readyz (and their per-check paths, and `?verbose`), as upstream words them.
import type { CacheDispatcher } from './storage/cache-dispatcher.ts';

interface HealthSource {
  dispatcher: CacheDispatcher;
}

export function serveHealth(server: HealthSource, url: URL): Response {
  const [endpoint, check] = url.pathname.split('/').filter(Boolean);
  const checks: [string, boolean][] = [
    ['ping', true],
    ['log', true],
    ['etcd', server.dispatcher.healthy],
    ['poststarthook/start-kube-apiserver-informers', true],
  ];
  if (endpoint === 'readyz') checks.push(['informer-sync', true], ['shutdown', true]);
  const selected = check ? checks.filter(([name]) => name === check || name.endsWith(`/${check}`)) : checks;
  if (check && selected.length === 0)
    return new Response('404 page not found\n', {
      status: 404,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  const failed = selected.filter(([, ok]) => !ok);
  const verbose = url.searchParams.has('verbose');
  let body: string;
  if (verbose || failed.length) {
    body = selected
      .map(([name, ok]) => (ok ? `[+]${name} ok` : `[-]${name} failed: reason withheld`))
      .join('\n');
    body += failed.length ? `\n${endpoint} check failed\n` : `\n${endpoint} check passed\n`;
  } else body = 'ok';
  return new Response(body, {
    status: failed.length ? 500 : 200,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' },
  });
}
