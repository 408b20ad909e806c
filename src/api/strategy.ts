// What a resource is, for the API server: one strategy object per kind (as upstream's
// registry strategies), read by the generic REST handlers, discovery, OpenAPI and tables.
// Adding a kind means writing its strategy and listing it in `resources.ts`; nothing else.
//
// All hooks are pure functions over plain objects: they never do I/O. Things that need
// cluster state (ClusterIP allocation, quota, service-account tokens) are admission plugins
// in the API server, not strategies.
import type { FieldError } from '../machinery/status.ts';

/** Any Kubernetes object as it travels: apiVersion/kind/metadata plus kind-specific fields. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [field: string]: unknown;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ManagedFieldsEntry {
  manager?: string;
  operation?: 'Apply' | 'Update';
  apiVersion?: string;
  time?: string;
  fieldsType?: 'FieldsV1';
  fieldsV1?: Record<string, unknown>;
  subresource?: string;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: ManagedFieldsEntry[];
  selfLink?: string;
}

/** One column of `kubectl get` output (meta.k8s.io/v1 TableColumnDefinition). */
export interface TableColumn {
  name: string;
  /** OpenAPI type of the cells: string, integer, number, boolean, date. */
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  /** `name` for the object's name column; `date` cells carry an RFC 3339 time or an age. */
  format?: string;
  description: string;
  /** 0: always shown; > 0: only with `-o wide`. */
  priority: number;
}

export type TableCell = string | number | boolean | null;

export interface TableDefinition<T extends KubeObject = KubeObject> {
  columns: TableColumn[];
  /**
   * One row of cells, matching `columns`. `now` is passed in so rows stay pure; format ages
   * with machinery's `formatAge(creationTimestamp, now)` as upstream's `translateTimestampSince`.
   */
  row(obj: T, now: Date): TableCell[];
}

/**
 * Where a /scale subresource reads and writes, as JSON paths into the object, e.g.
 * { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas',
 *   labelSelectorPath: '.status.selector' } — the same shape CRDs declare.
 */
export interface ScaleSubresource {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

export const ALL_VERBS: readonly Verb[] = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

/** Context a strategy may read: the request's (already authenticated) user and the time. */
export interface StrategyContext {
  now: Date;
  user?: { username: string; groups: string[]; uid?: string };
}

export interface ResourceStrategy<T extends KubeObject = KubeObject> {
  /** API group, '' for the core (legacy) group. */
  group: string;
  kind: string;
  /** Lower-case plural, the URL segment: `deployments`. */
  resource: string;
  /** Lower-case singular: `deployment`. */
  singular: string;
  namespaced: boolean;
  /** Served versions, preferred first. Objects are stored in the first one. */
  versions: string[];
  shortNames?: string[];
  /** e.g. ['all'] so that `kubectl get all` includes the kind. */
  categories?: string[];
  /** Verbs served (default: all of ALL_VERBS). */
  verbs?: readonly Verb[];
  subresources?: {
    status?: boolean;
    scale?: ScaleSubresource;
  };
  /**
   * Store the object under another resource's keys (events.k8s.io/v1 Events share storage
   * with core/v1 Events): the resource name whose storage is used.
   */
  storageResource?: string;

  /**
   * Converts an object between served versions. Called with the stored object and the
   * version the client asked for, and with the client's object and the storage version.
   * Absent: versions differ only in apiVersion.
   */
  convert?(obj: T, toVersion: string): T;

  /** Fills in defaults as upstream's defaulting functions do. Mutates `obj`. Runs on create and update, and on every version it is served in. */
  defaults?(obj: T): void;
  /** Before validation on create: reset status, set fields the server owns. Mutates `obj`. */
  prepareForCreate?(obj: T, ctx: StrategyContext): void;
  /** Before validation on update (main resource): typically keeps `old.status`. Mutates `obj`. */
  prepareForUpdate?(obj: T, old: T, ctx: StrategyContext): void;
  /** Before validation on update through /status: typically keeps `old.spec`. Mutates `obj`. */
  prepareForStatusUpdate?(obj: T, old: T, ctx: StrategyContext): void;
  /** Kind-specific validation on create (metadata rules are checked generically). */
  validate?(obj: T): FieldError[];
  /** Kind-specific validation on update, including immutable fields. */
  validateUpdate?(obj: T, old: T): FieldError[];
  /** Validation of an update through /status. */
  validateStatusUpdate?(obj: T, old: T): FieldError[];
  /** Warnings returned in the `Warning` header (deprecated fields and the like). */
  warnings?(obj: T, old?: T): string[];
  /**
   * Whether objects carry `metadata.generation` (1 on create, +1 on each spec change), as the
   * upstream strategies of deployments, replicasets, statefulsets, daemonsets, jobs, cronjobs,
   * replicationcontrollers, PDBs, ingresses, network policies and CRDs do.
   */
  tracksGeneration?: boolean;
  /**
   * Whether `metadata.generation` bumps on this update. Default: when anything outside
   * `metadata` and `status` changed (the rule of every upstream kind with a spec).
   */
  generationChanged?(obj: T, old: T): boolean;
  /**
   * Whether the metadata.name is checked as a DNS-1123 subdomain (default), a DNS-1123 label,
   * or by the strategy itself (`custom`: e.g. RBAC names, which only forbid '/' and '%').
   */
  nameRule?: 'subdomain' | 'label' | 'custom';

  /** Fields usable in field selectors besides metadata.name and metadata.namespace. */
  selectableFields?(obj: T): Record<string, string>;
  /** Table columns for `kubectl get` (default: Name and Age). */
  table?: TableDefinition<T>;
  /**
   * Graceful deletion (upstream's CheckGracefulDelete): the grace period a DELETE gets, given the
   * one the client asked for (if any). Pods: the asked period or spec.terminationGracePeriodSeconds,
   * but 0 when unscheduled or finished. Absent or undefined result: the client's period, else 0.
   */
  gracePeriodSeconds?(obj: T, requested: number | undefined): number | undefined;
  /** The propagation policy when a DELETE names none (upstream: Orphan for batch/v1 Jobs). */
  defaultPropagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  /**
   * Whether something besides metadata.finalizers keeps a deleted object around (namespaces:
   * `spec.finalizers`, cleared through /finalize once the namespace is empty).
   */
  deletionPending?(obj: T): boolean;
  /** Changes a terminating object when its deletion starts (namespaces: status.phase Terminating). Mutates. */
  markForDeletion?(obj: T): void;
  /** A completed DELETE answers with the deleted object instead of a Status (upstream: pods, custom resources). */
  returnDeletedObject?: boolean;
  /** PUT may create the object when it does not exist (upstream's AllowCreateOnUpdate: endpoints, leases, events…). */
  allowCreateOnUpdate?: boolean;
  /** Time-to-live of every object of this kind, in seconds (Events: 3600, as upstream's --event-ttl). */
  ttlSeconds?: number;
}

/** Group/version string as it appears in apiVersion: `v1`, `apps/v1`. */
export function groupVersion(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}
