// Definitions of custom resources for the OpenAPI documents, built as upstream's CRD OpenAPI
// builder does: named after the reversed group (`com.example.stable.v1.CronTab`), the CRD's
// schema with apiVersion/kind/metadata filled in and the GVK tag, and a `<Kind>List` beside it.
import type { Definitions, Schema } from '../../machinery/schema.ts';
import { V3_REF } from './documents.ts';
import type { ApiResourceDescription, GroupVersionKind } from './resources.ts';

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.';
const API_VERSION_DESCRIPTION =
  'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources';
const KIND_DESCRIPTION =
  'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds';

/** `stable.example.com`, `v1`, `CronTab` → `com.example.stable.v1.CronTab`. */
export function customResourceDefinitionName(gvk: GroupVersionKind): string {
  return `${gvk.group.split('.').reverse().join('.')}.${gvk.version}.${gvk.kind}`;
}

/** The definitions a custom resource version adds: its kind and its list. */
export function customResourceDefinitions(r: ApiResourceDescription): Definitions {
  const gvk: GroupVersionKind = { group: r.group, version: r.version, kind: r.kind };
  const name = customResourceDefinitionName(gvk);
  const listName = customResourceDefinitionName({ ...gvk, kind: `${r.kind}List` });
  const schema: Schema = structuredClone(r.schema ?? {});
  schema.type ??= 'object';
  schema.properties = {
    ...schema.properties,
    apiVersion: { description: API_VERSION_DESCRIPTION, type: 'string' },
    kind: { description: KIND_DESCRIPTION, type: 'string' },
    metadata: {
      $ref: `${V3_REF}${META}ObjectMeta`,
      description:
        "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    },
  };
  schema['x-kubernetes-group-version-kind'] = [{ group: r.group, kind: r.kind, version: r.version }];
  const list: Schema = {
    description: `${r.kind}List is a list of ${r.kind}`,
    properties: {
      apiVersion: { description: API_VERSION_DESCRIPTION, type: 'string' },
      items: {
        description: `List of ${r.resource}. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md`,
        items: { $ref: V3_REF + name },
        type: 'array',
      },
      kind: { description: KIND_DESCRIPTION, type: 'string' },
      metadata: {
        $ref: `${V3_REF}${META}ListMeta`,
        description:
          'Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
      },
    },
    required: ['items'],
    type: 'object',
    'x-kubernetes-group-version-kind': [{ group: r.group, kind: `${r.kind}List`, version: r.version }],
  };
  return { [name]: schema, [listName]: list };
}
