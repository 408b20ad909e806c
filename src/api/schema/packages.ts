// Which kubernetes-types declaration files the schemas come from, and the OpenAPI definition
// name prefix of each (upstream names definitions after the Go package: `io.k8s.api.apps.v1.Deployment`).

export const core = 'io.k8s.api.core.v1.';
export const apps = 'io.k8s.api.apps.v1.';
export const batch = 'io.k8s.api.batch.v1.';
export const autoscalingV1 = 'io.k8s.api.autoscaling.v1.';
export const autoscalingV2 = 'io.k8s.api.autoscaling.v2.';
export const policy = 'io.k8s.api.policy.v1.';
export const networking = 'io.k8s.api.networking.v1.';
export const discovery = 'io.k8s.api.discovery.v1.';
export const coordination = 'io.k8s.api.coordination.v1.';
export const rbac = 'io.k8s.api.rbac.v1.';
export const storage = 'io.k8s.api.storage.v1.';
export const scheduling = 'io.k8s.api.scheduling.v1.';
export const events = 'io.k8s.api.events.v1.';
export const authentication = 'io.k8s.api.authentication.v1.';
export const authorization = 'io.k8s.api.authorization.v1.';
export const meta = 'io.k8s.apimachinery.pkg.apis.meta.v1.';
export const apiextensions = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.';
export const runtime = 'io.k8s.apimachinery.pkg.runtime.';
export const resource = 'io.k8s.apimachinery.pkg.api.resource.';
export const intstr = 'io.k8s.apimachinery.pkg.util.intstr.';
export const version = 'io.k8s.apimachinery.pkg.version.';

/** Declaration file (path under node_modules/kubernetes-types, without `.d.ts`) → definition prefix. */
export const DECLARATION_MODULES: Readonly<Record<string, string>> = {
  'core/v1': core,
  'apps/v1': apps,
  'batch/v1': batch,
  'autoscaling/v1': autoscalingV1,
  'autoscaling/v2': autoscalingV2,
  'policy/v1': policy,
  'networking/v1': networking,
  'discovery/v1': discovery,
  'coordination/v1': coordination,
  'rbac/v1': rbac,
  'storage/v1': storage,
  'scheduling/v1': scheduling,
  'events/v1': events,
  'authentication/v1': authentication,
  'authorization/v1': authorization,
  'apiextensions/v1': apiextensions,
  'meta/v1': meta,
  runtime: runtime,
  'api/resource': resource,
  version: version,
};

/** The definition prefix of an API group/version (`apps`, `v1` → `io.k8s.api.apps.v1.`), if we serve it. */
export function prefixForGroupVersion(group: string, version: string): string | undefined {
  if (group === 'apiextensions.k8s.io') return version === 'v1' ? apiextensions : undefined;
  const pkg = group === '' ? 'core' : group.replace(/\.k8s\.io$/, '').replace(/\.authorization$/, '');
  return DECLARATION_MODULES[`${pkg}/${version}`];
}
