// Fields whose feature gates are off by default in Kubernetes v1.32 (alpha, or beta-off): upstream
// drops them on create, and on update unless the old object already used them (DropDisabledPodFields
// / DropDisabledTemplateFields). Accepting them silently would make kts promise behaviour v1.32
// does not have.
import type { PodSpec, PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { isObj, type JsonObject, objectList } from '../../internal/loose-json.ts';

const containersOf = (spec: JsonObject): JsonObject[] => [
  ...objectList(spec.initContainers),
  ...objectList(spec.containers),
  ...objectList(spec.ephemeralContainers),
];

/** Calls `fn` on each container of every kind (containersOf without building the list). */
function eachContainer(spec: JsonObject, fn: (container: JsonObject) => void): void {
  for (const list of [spec.initContainers, spec.containers, spec.ephemeralContainers]) {
    if (!Array.isArray(list)) continue;
    for (const c of list) if (isObj(c)) fn(c);
  }
}

interface DisabledFeature {
  /** Whether the (old) spec uses the feature. */
  inUse(spec: JsonObject): boolean;
  drop(spec: JsonObject): void;
}

const FEATURES: Record<string, DisabledFeature> = {
  // Pod-level requests and limits (PodLevelResources, alpha).
  PodLevelResources: {
    inUse: (s) => s.resources != null,
    drop: (s) => delete s.resources,
  },
  // Container resize policies (InPlacePodVerticalScaling, alpha).
  InPlacePodVerticalScaling: {
    inUse: (s) => containersOf(s).some((c) => c.resizePolicy != null),
    drop: (s) => eachContainer(s, (c) => delete c.resizePolicy),
  },
  // Resource claims (DynamicResourceAllocation, beta but off).
  DynamicResourceAllocation: {
    inUse: (s) =>
      s.resourceClaims != null ||
      containersOf(s).some((c) => isObj(c.resources) && c.resources.claims != null),
    drop: (s) => {
      delete s.resourceClaims;
      eachContainer(s, (c) => {
        if (isObj(c.resources)) delete c.resources.claims;
      });
    },
  },
  // User namespaces (UserNamespacesSupport, beta but off).
  UserNamespacesSupport: {
    inUse: (s) => s.hostUsers != null,
    drop: (s) => delete s.hostUsers,
  },
  SupplementalGroupsPolicy: {
    inUse: (s) => isObj(s.securityContext) && s.securityContext.supplementalGroupsPolicy != null,
    drop: (s) => {
      if (isObj(s.securityContext)) delete s.securityContext.supplementalGroupsPolicy;
    },
  },
  SELinuxChangePolicy: {
    inUse: (s) => isObj(s.securityContext) && s.securityContext.seLinuxChangePolicy != null,
    drop: (s) => {
      if (isObj(s.securityContext)) delete s.securityContext.seLinuxChangePolicy;
    },
  },
  // OCI image volumes (ImageVolume, alpha): the volumes and the mounts of them go.
  ImageVolume: {
    inUse: (s) => objectList(s.volumes).some((v) => v.image != null),
    drop: (s) => {
      if (!objectList(s.volumes).some((v) => v.image != null)) return;
      const gone = new Set(
        objectList(s.volumes)
          .filter((v) => v.image != null)
          .map((v) => v.name),
      );
      if (gone.size === 0) return;
      s.volumes = objectList(s.volumes).filter((v) => !gone.has(v.name));
      for (const c of containersOf(s)) {
        if (Array.isArray(c.volumeMounts))
          c.volumeMounts = objectList(c.volumeMounts).filter((m) => !gone.has(m.name));
      }
    },
  },
  // Projected cluster trust bundles (ClusterTrustBundleProjection, alpha).
  ClusterTrustBundleProjection: {
    inUse: (s) =>
      objectList(s.volumes).some((v) =>
        objectList(v.projected?.sources).some((src) => src.clusterTrustBundle != null),
      ),
    drop: (s) => {
      for (const v of objectList(s.volumes)) {
        // Rebuilt only when it changes (a bundle, or an entry that is no object, to leave out).
        if (
          isObj(v.projected) &&
          Array.isArray(v.projected.sources) &&
          v.projected.sources.some((src) => !isObj(src) || src.clusterTrustBundle != null)
        ) {
          v.projected.sources = objectList(v.projected.sources).filter(
            (src) => src.clusterTrustBundle == null,
          );
        }
      }
    },
  },
};

/** Drops what v1.32 would not accept from `spec`, keeping what `oldSpec` already used. */
export function dropDisabledPodSpecFields(spec: PodSpec | undefined, oldSpec?: PodSpec): void {
  if (!isObj(spec)) return;
  const old = isObj(oldSpec) ? oldSpec : undefined;
  for (const feature of Object.values(FEATURES)) {
    if (old && feature.inUse(old)) continue;
    feature.drop(spec);
  }
}

/** The same for an embedded pod template. */
export function dropDisabledTemplateFields(
  template: PodTemplateSpec | undefined,
  oldTemplate?: PodTemplateSpec,
): void {
  if (isObj(template)) dropDisabledPodSpecFields(template.spec, oldTemplate?.spec);
}
