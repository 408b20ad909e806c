// Where kubernetes-types (1.30, its newest release) differs from the v1.32 API we serve: fields and
// types added in 1.31 and 1.32, fields removed since, and fields its generator lost (ResourceRule's
// `verbs` and `resources`, whose doc comments contain a `*/`; JSONSchemaProps' `x-kubernetes-*`
// extensions, whose names are not identifiers). Written in the declaration files' own syntax and
// merged into them before schemas are derived. Facts from upstream's Go types (k8s.io/api v0.32);
// the descriptions are ours.

/** Declaration file → extra declarations; an interface that already exists gains the fields. */
export const ADDED_DECLARATIONS: Readonly<Record<string, string>> = {
  'core/v1': `
    export interface Volume {
      /** image represents an OCI object (a container image or artifact) pulled and mounted on the kubelet's host machine. */
      image?: ImageVolumeSource;
    }
    /** ImageVolumeSource represents an image volume resource. */
    export interface ImageVolumeSource {
      /** Policy for pulling OCI objects: Always, Never or IfNotPresent. Defaults to Always if the :latest tag is specified, or IfNotPresent otherwise. */
      pullPolicy?: string;
      /** Required: image or artifact reference to be used, as for pod.spec.containers[*].image. */
      reference?: string;
    }
    export interface ResourceClaim {
      /** Request is the name chosen for a request in the referenced claim. If empty, everything from the claim is made available; otherwise only the result of this request. */
      request?: string;
    }
    export interface ContainerStatus {
      /** AllocatedResourcesStatus represents the status of various resources allocated for this Pod. */
      allocatedResourcesStatus?: Array<ResourceStatus>;
      /** User represents user identity information initially attached to the first process of the container. */
      user?: ContainerUser;
    }
    /** ResourceStatus represents the status of a single resource allocated to a Pod. */
    export interface ResourceStatus {
      /** Name of the resource. Must be unique within the pod and match one of the resources from the pod spec. */
      name: string;
      /** List of unique resources health. Each element in the list contains a unique resource ID and its health. */
      resources?: Array<ResourceHealth>;
    }
    /** ResourceHealth represents the health of a resource. */
    export interface ResourceHealth {
      /** Health of the resource: Healthy, Unhealthy or Unknown. */
      health?: string;
      /** ResourceID is the unique identifier of the resource. */
      resourceID: string;
    }
    /** ContainerUser represents user identity information. */
    export interface ContainerUser {
      /** Linux holds user identity information initially attached to the first process of the containers in Linux. */
      linux?: LinuxContainerUser;
    }
    /** LinuxContainerUser represents user identity information in Linux containers. */
    export interface LinuxContainerUser {
      /** GID is the primary gid initially attached to the first process in the container. */
      gid: number;
      /** SupplementalGroups are the supplemental groups initially attached to the first process in the container. */
      supplementalGroups?: Array<number>;
      /** UID is the primary uid initially attached to the first process in the container. */
      uid: number;
    }
    export interface PodSpec {
      /** Resources is the total amount of CPU and Memory resources required by all containers in the pod (pod-level resources). */
      resources?: ResourceRequirements;
    }
    export interface PodResourceClaim {
      /** ResourceClaimName is the name of a ResourceClaim object in the same namespace as this pod. Exactly one of ResourceClaimName and ResourceClaimTemplateName must be set. */
      resourceClaimName?: string;
      /** ResourceClaimTemplateName is the name of a ResourceClaimTemplate object in the same namespace as this pod. Exactly one of ResourceClaimName and ResourceClaimTemplateName must be set. */
      resourceClaimTemplateName?: string;
    }
    export interface PodSecurityContext {
      /** seLinuxChangePolicy defines how the container's SELinux label is applied to all volumes used by the Pod: MountOption or Recursive. */
      seLinuxChangePolicy?: string;
      /** Defines how supplemental groups of the first container processes are calculated: Merge (the default) or Strict. */
      supplementalGroupsPolicy?: string;
    }
    export interface NodeRuntimeHandlerFeatures {
      /** UserNamespaces is set to true if the runtime handler supports UserNamespaces, including for volumes. */
      userNamespaces?: boolean;
    }
    export interface NodeStatus {
      /** Features describes the set of features implemented by the CRI implementation. */
      features?: NodeFeatures;
    }
    /** NodeFeatures describes the set of features implemented by the CRI implementation. */
    export interface NodeFeatures {
      /** SupplementalGroupsPolicy is set to true if the runtime supports SupplementalGroupsPolicy and ContainerUser. */
      supplementalGroupsPolicy?: boolean;
    }
  `,
  'coordination/v1': `
    export interface LeaseSpec {
      /** PreferredHolder signals to a lease holder that the lease has a more optimal holder and should be given up. */
      preferredHolder?: string;
      /** Strategy indicates the strategy for picking the leader for coordinated leader election. */
      strategy?: string;
    }
  `,
  'authorization/v1': `
    import { FieldSelectorRequirement, LabelSelectorRequirement } from "../meta/v1";
    export interface ResourceAttributes {
      /** fieldSelector describes the limitation on access based on field. It can only limit access, not broaden it. */
      fieldSelector?: FieldSelectorAttributes;
      /** labelSelector describes the limitation on access based on labels. It can only limit access, not broaden it. */
      labelSelector?: LabelSelectorAttributes;
    }
    export interface ResourceRule {
      /** Resources is a list of resources this rule applies to. "*" means all in the specified apiGroups; a star followed by "/foo" names the subresource 'foo' of all resources in the specified apiGroups. */
      resources?: Array<string>;
      /** Verb is a list of kubernetes resource API verbs, like: get, list, watch, create, update, delete, proxy. "*" means all. */
      verbs: Array<string>;
    }
    /** FieldSelectorAttributes indicates a field limited access. */
    export interface FieldSelectorAttributes {
      /** rawSelector is the serialization of a field selector that would be included in a query parameter. */
      rawSelector?: string;
      /** requirements is the parsed interpretation of a field selector. */
      requirements?: Array<FieldSelectorRequirement>;
    }
    /** LabelSelectorAttributes indicates a label limited access. */
    export interface LabelSelectorAttributes {
      /** rawSelector is the serialization of a label selector that would be included in a query parameter. */
      rawSelector?: string;
      /** requirements is the parsed interpretation of a label selector. */
      requirements?: Array<LabelSelectorRequirement>;
    }
  `,
  'meta/v1': `
    export interface DeleteOptions {
      /** if set to true, it will trigger an unsafe deletion of the resource in case the normal deletion flow fails with a corrupt object error. */
      ignoreStoreReadErrorWithClusterBreakingPotential?: boolean;
    }
    /** FieldSelectorRequirement is a selector that contains values, a key, and an operator that relates the key and values. */
    export interface FieldSelectorRequirement {
      /** key is the field selector key that the requirement applies to. */
      key: string;
      /** operator represents a key's relationship to a set of values. Valid operators are In, NotIn, Exists, DoesNotExist. */
      operator: string;
      /** values is an array of string values. If the operator is In or NotIn, the values array must be non-empty. If the operator is Exists or DoesNotExist, the values array must be empty. */
      values?: Array<string>;
    }
  `,
  'apiextensions/v1': `
    export interface JSONSchemaProps {
      /** x-kubernetes-embedded-resource defines that the value is an embedded Kubernetes runtime.Object, with TypeMeta and ObjectMeta. */
      "x-kubernetes-embedded-resource"?: boolean;
      /** x-kubernetes-int-or-string specifies that this value is either an integer or a string. */
      "x-kubernetes-int-or-string"?: boolean;
      /** x-kubernetes-list-map-keys annotates an array with the x-kubernetes-list-type map by specifying the keys used as the index of the map. */
      "x-kubernetes-list-map-keys"?: Array<string>;
      /** x-kubernetes-list-type annotates an array to further describe its topology: atomic, set or map. */
      "x-kubernetes-list-type"?: string;
      /** x-kubernetes-map-type annotates an object to further describe its topology: granular or atomic. */
      "x-kubernetes-map-type"?: string;
      /** x-kubernetes-preserve-unknown-fields stops the API server decoding step from pruning fields which are not specified in the validation schema. */
      "x-kubernetes-preserve-unknown-fields"?: boolean;
      /** x-kubernetes-validations describes a list of validation rules written in the CEL expression language. */
      "x-kubernetes-validations"?: Array<ValidationRule>;
    }
  `,
};

/** Fields and types kubernetes-types still declares that v1.32 no longer has. */
export const REMOVED_DECLARATIONS: Readonly<Record<string, readonly string[]>> = {
  'core/v1': ['PodResourceClaim.source', 'ClaimSource'],
};
