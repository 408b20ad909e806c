// NamespaceLifecycle: nothing is created in a namespace that does not exist or is being
// terminated, and the system namespaces cannot be deleted (upstream's plugin of that name).
import { forbidden, notFound, StatusError } from '../../machinery/status.ts';
import type { AdmissionPlugin } from '../registry/context.ts';
import { type AdmissionServer, freshObject } from './server.ts';

const IMMORTAL = new Set(['default', 'kube-system', 'kube-public']);

export function namespaceLifecycle(server: AdmissionServer): AdmissionPlugin {
  return {
    name: 'NamespaceLifecycle',
    validate(attrs) {
      const r = attrs.resource;
      if (
        attrs.operation === 'DELETE' &&
        r.group === '' &&
        r.resource === 'namespaces' &&
        IMMORTAL.has(attrs.name)
      ) {
        throw forbidden(
          { group: '', resource: 'namespaces' },
          attrs.name,
          'this namespace may not be deleted',
        );
      }
    },
    // Runs first among the mutating steps, so a missing namespace is reported before anything else.
    async admit(attrs) {
      const r = attrs.resource;
      if (attrs.operation !== 'CREATE' || !r.namespaced) return;
      const ns = await freshObject(server, '/registry/namespaces/', '', attrs.namespace);
      if (!ns) throw notFound({ group: '', resource: 'namespaces' }, attrs.namespace);
      if (
        ns.metadata?.deletionTimestamp ||
        (ns.status as { phase?: string } | undefined)?.phase === 'Terminating'
      ) {
        // Events about the namespace's own teardown are still accepted, as upstream does.
        if (r.resource === 'events') return;
        const what = `${r.group ? `${r.resource}.${r.group}` : r.resource} "${attrs.name}"`;
        throw new StatusError(
          403,
          'Forbidden',
          `${what} is forbidden: unable to create new content in namespace ${attrs.namespace} because it is being terminated`,
          {
            name: attrs.name,
            group: r.group,
            kind: r.resource,
            causes: [
              {
                reason: 'NamespaceTerminating',
                message: `namespace ${attrs.namespace} is being terminated`,
                field: 'metadata.namespace',
              },
            ],
          },
        );
      }
    },
  };
}
