// Definitions of the types that marshal themselves (Quantity, IntOrString, Time …) and so have no
// properties: upstream publishes them with the types their MarshalJSON produces, which is what
// clients (kubectl explain, validation) expect. Shapes as upstream's OpenAPI v3 documents; the
// OpenAPI v2 writer turns each `oneOf` back into the v2 `type`.
import type { Schema } from '../../machinery/schema.ts';
import { apiextensions, intstr, meta, resource, runtime } from './packages.ts';

export const QUANTITY = `${resource}Quantity`;
export const INT_OR_STRING = `${intstr}IntOrString`;
export const TIME = `${meta}Time`;
export const MICRO_TIME = `${meta}MicroTime`;
export const RAW_EXTENSION = `${runtime}RawExtension`;
export const FIELDS_V1 = `${meta}FieldsV1`;

/**
 * Builds the special definition for a declared type, given its description from the declaration
 * files; undefined when the type is an ordinary object.
 */
export function specialDefinition(name: string, description: string | undefined): Schema | undefined {
  const described = (schema: Schema): Schema => (description ? { description, ...schema } : schema);
  switch (name) {
    case QUANTITY:
      return described({ oneOf: [{ type: 'string' }, { type: 'number' }] });
    case TIME:
    case MICRO_TIME:
      return described({ type: 'string', format: 'date-time' });
    case RAW_EXTENSION:
    case FIELDS_V1:
      return described({ type: 'object' });
    case `${apiextensions}JSON`:
    case `${apiextensions}JSONSchemaPropsOrArray`:
    case `${apiextensions}JSONSchemaPropsOrBool`:
    case `${apiextensions}JSONSchemaPropsOrStringArray`:
      // Any JSON value: upstream gives these no type at all.
      return described({});
    default:
      return undefined;
  }
}

/** IntOrString is not in the declaration files (they inline it as `number | string`). */
export const intOrStringDefinition: Schema = {
  description:
    'IntOrString is a type that can hold an int32 or a string. In JSON or YAML it is written as the inner value, so a field of this type accepts either a number or a name (for example a port number or a port name).',
  format: 'int-or-string',
  oneOf: [{ type: 'integer' }, { type: 'string' }],
};

/**
 * Types whose own JSON decoding is not strict upstream (they unmarshal themselves), so unknown
 * fields inside them are never reported.
 */
export const OPAQUE_DEFINITIONS: ReadonlySet<string> = new Set([
  QUANTITY,
  INT_OR_STRING,
  TIME,
  MICRO_TIME,
  RAW_EXTENSION,
  FIELDS_V1,
  `${apiextensions}JSON`,
  `${apiextensions}JSONSchemaPropsOrArray`,
  `${apiextensions}JSONSchemaPropsOrBool`,
  `${apiextensions}JSONSchemaPropsOrStringArray`,
]);
