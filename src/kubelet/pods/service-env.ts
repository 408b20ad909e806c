// Service link environment variables (upstream's getServiceEnvVarMap + envvars.FromServices):
// FOO_SERVICE_HOST, FOO_SERVICE_PORT, FOO_SERVICE_PORT_<NAME> and the docker-link style
// FOO_PORT, FOO_PORT_80_TCP… for every Service of the pod's namespace with a cluster IP (when
// enableServiceLinks), plus the `kubernetes` Service of `default` for every pod. Pure.
import type { Service } from 'kubernetes-types/core/v1.js';

const envName = (s: string) => s.toUpperCase().replace(/-/g, '_');

function hasClusterIP(s: Service): boolean {
  const ip = s.spec?.clusterIP;
  return !!ip && ip !== 'None';
}

/** The variables for one service, in upstream's order. */
export function serviceVariables(s: Service): [string, string][] {
  const name = envName(s.metadata?.name ?? '');
  const ip = s.spec?.clusterIP ?? '';
  const ports = s.spec?.ports ?? [];
  const vars: [string, string][] = [[`${name}_SERVICE_HOST`, ip]];
  if (ports.length === 0) return vars;
  vars.push([`${name}_SERVICE_PORT`, String(ports[0]!.port)]);
  for (const p of ports) if (p.name) vars.push([`${name}_SERVICE_PORT_${envName(p.name)}`, String(p.port)]);
  const host = ip.includes(':') ? `[${ip}]` : ip;
  const first = ports[0]!;
  vars.push([`${name}_PORT`, `${(first.protocol ?? 'TCP').toLowerCase()}://${host}:${first.port}`]);
  for (const p of ports) {
    const proto = p.protocol ?? 'TCP';
    const prefix = `${name}_PORT_${p.port}_${proto.toUpperCase()}`;
    vars.push([prefix, `${proto.toLowerCase()}://${host}:${p.port}`]);
    vars.push([`${prefix}_PROTO`, proto.toLowerCase()]);
    vars.push([`${prefix}_PORT`, String(p.port)]);
    vars.push([`${prefix}_ADDR`, ip]);
  }
  return vars;
}

export function serviceEnvironment(
  services: Service[],
  namespace: string,
  enableServiceLinks: boolean,
): Map<string, string> {
  const chosen = new Map<string, Service>();
  for (const s of services) {
    if (!hasClusterIP(s)) continue;
    const name = s.metadata?.name ?? '';
    if (s.metadata?.namespace === 'default' && name === 'kubernetes') {
      if (!chosen.has(name)) chosen.set(name, s);
    } else if (s.metadata?.namespace === namespace && enableServiceLinks) chosen.set(name, s);
  }
  const env = new Map<string, string>();
  for (const s of chosen.values()) for (const [k, v] of serviceVariables(s)) env.set(k, v);
  return env;
}
