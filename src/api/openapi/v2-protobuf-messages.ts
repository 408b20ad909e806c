// How a swagger 2.0 document maps onto gnostic's `openapi.v2` protobuf messages, the format
// kube-openapi serves `/openapi/v2` in for `Accept: application/com.github.proto-openapi.spec.v2…`
// (kubectl's legacy schema validation and query-parameter checks read it). One entry per
// message: the JSON key each field comes from and its field number. The numbers are facts of the
// wire format, learnt from gnostic's OpenAPIv2 message definitions; the table is ours and holds
// only the messages a Kubernetes document can reach.

/** A field's value type: a scalar, an `Any` (a YAML text), or another message by name. */
export type FieldType = 'string' | 'bool' | 'double' | 'int64' | 'any' | MessageName;

export interface Field {
  number: number;
  type: FieldType;
  repeated?: boolean;
}

/**
 * An object message: named fields, `x-` keys as `NamedAny` vendor extensions, and (for maps
 * such as `definitions` or `properties`) every other key as a `Named*` entry (name = 1, value = 2).
 */
export interface ObjectMessage {
  kind: 'object';
  fields: Record<string, Field>;
  extensions?: number;
  entries?: Field;
}

/** A `oneof` wrapper: its branches by field number, and which one a JSON value goes to. */
export interface OneofMessage {
  kind: 'oneof';
  branches: Record<number, FieldType>;
  choose(value: unknown): number | undefined;
}

/**
 * A wrapper of one repeated field. `type` and `items` are written in JSON as one value or an
 * array (`single`: one element reads back as the bare value); a security requirement's scopes
 * are always an array.
 */
export interface ArrayMessage {
  kind: 'array';
  element: Field;
  single: boolean;
}

export type Message = ObjectMessage | OneofMessage | ArrayMessage;

export type MessageName =
  | 'Document'
  | 'Info'
  | 'Contact'
  | 'License'
  | 'ExternalDocs'
  | 'Tag'
  | 'Paths'
  | 'PathItem'
  | 'Operation'
  | 'ParametersItem'
  | 'JsonReference'
  | 'Parameter'
  | 'BodyParameter'
  | 'NonBodyParameter'
  | 'HeaderParameterSubSchema'
  | 'PathParameterSubSchema'
  | 'QueryParameterSubSchema'
  | 'FormDataParameterSubSchema'
  | 'PrimitivesItems'
  | 'Header'
  | 'Headers'
  | 'Responses'
  | 'ResponseValue'
  | 'Response'
  | 'Examples'
  | 'SchemaItem'
  | 'FileSchema'
  | 'Definitions'
  | 'Properties'
  | 'ParameterDefinitions'
  | 'ResponseDefinitions'
  | 'Schema'
  | 'AdditionalPropertiesItem'
  | 'TypeItem'
  | 'ItemsItem'
  | 'StringArray'
  | 'Xml'
  | 'SecurityRequirement'
  | 'SecurityDefinitions'
  | 'SecurityDefinitionsItem'
  | 'BasicAuthenticationSecurity'
  | 'ApiKeySecurity';

const f = (number: number, type: FieldType, repeated = false): Field =>
  repeated ? { number, type, repeated } : { number, type };

/** The numeric and validation fields shared by the parameter sub-schemas, header and items, from `type` on. */
function primitiveFields(first: number, withDescription: boolean): Record<string, Field> {
  const names = [
    'type',
    'format',
    'items',
    'collectionFormat',
    'default',
    'maximum',
    'exclusiveMaximum',
    'minimum',
    'exclusiveMinimum',
    'maxLength',
    'minLength',
    'pattern',
    'maxItems',
    'minItems',
    'uniqueItems',
    'enum',
    'multipleOf',
  ];
  const types: Record<string, FieldType> = {
    items: 'PrimitivesItems',
    default: 'any',
    enum: 'any',
    maximum: 'double',
    minimum: 'double',
    multipleOf: 'double',
    exclusiveMaximum: 'bool',
    exclusiveMinimum: 'bool',
    uniqueItems: 'bool',
    maxLength: 'int64',
    minLength: 'int64',
    maxItems: 'int64',
    minItems: 'int64',
  };
  const out: Record<string, Field> = {};
  names.forEach((name, i) => {
    out[name] = f(first + i, types[name] ?? 'string', name === 'enum');
  });
  if (withDescription) out.description = f(first + names.length, 'string');
  return out;
}

/** Query and formData parameters: `allowEmptyValue` sits before `type`. */
function queryLikeParameter(): ObjectMessage {
  return {
    kind: 'object',
    fields: {
      required: f(1, 'bool'),
      in: f(2, 'string'),
      description: f(3, 'string'),
      name: f(4, 'string'),
      allowEmptyValue: f(5, 'bool'),
      ...primitiveFields(6, false),
    },
    extensions: 23,
  };
}

/** Path and header parameters. */
function pathLikeParameter(): ObjectMessage {
  return {
    kind: 'object',
    fields: {
      required: f(1, 'bool'),
      in: f(2, 'string'),
      description: f(3, 'string'),
      name: f(4, 'string'),
      ...primitiveFields(5, false),
    },
    extensions: 22,
  };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
/** A value or a JSON reference to one (`{"$ref": …}`, branch 2). */
const refOr = (message: MessageName): OneofMessage => ({
  kind: 'oneof',
  branches: { 1: message, 2: 'JsonReference' },
  choose: (v) => (isObject(v) && '$ref' in v ? 2 : 1),
});

const NON_BODY: Record<string, number> = { header: 1, formData: 2, query: 3, path: 4 };
const SECURITY: Record<string, number> = { basic: 1, apiKey: 2 };

export const V2_MESSAGES: Readonly<Record<MessageName, Message>> = {
  Document: {
    kind: 'object',
    fields: {
      swagger: f(1, 'string'),
      info: f(2, 'Info'),
      host: f(3, 'string'),
      basePath: f(4, 'string'),
      schemes: f(5, 'string', true),
      consumes: f(6, 'string', true),
      produces: f(7, 'string', true),
      paths: f(8, 'Paths'),
      definitions: f(9, 'Definitions'),
      parameters: f(10, 'ParameterDefinitions'),
      responses: f(11, 'ResponseDefinitions'),
      security: f(12, 'SecurityRequirement', true),
      securityDefinitions: f(13, 'SecurityDefinitions'),
      tags: f(14, 'Tag', true),
      externalDocs: f(15, 'ExternalDocs'),
    },
    extensions: 16,
  },
  Info: {
    kind: 'object',
    fields: {
      title: f(1, 'string'),
      version: f(2, 'string'),
      description: f(3, 'string'),
      termsOfService: f(4, 'string'),
      contact: f(5, 'Contact'),
      license: f(6, 'License'),
    },
    extensions: 7,
  },
  Contact: {
    kind: 'object',
    fields: { name: f(1, 'string'), url: f(2, 'string'), email: f(3, 'string') },
    extensions: 4,
  },
  License: { kind: 'object', fields: { name: f(1, 'string'), url: f(2, 'string') }, extensions: 3 },
  ExternalDocs: {
    kind: 'object',
    fields: { description: f(1, 'string'), url: f(2, 'string') },
    extensions: 3,
  },
  Tag: {
    kind: 'object',
    fields: { name: f(1, 'string'), description: f(2, 'string'), externalDocs: f(3, 'ExternalDocs') },
    extensions: 4,
  },
  Paths: { kind: 'object', fields: {}, extensions: 1, entries: f(2, 'PathItem') },
  PathItem: {
    kind: 'object',
    fields: {
      $ref: f(1, 'string'),
      get: f(2, 'Operation'),
      put: f(3, 'Operation'),
      post: f(4, 'Operation'),
      delete: f(5, 'Operation'),
      options: f(6, 'Operation'),
      head: f(7, 'Operation'),
      patch: f(8, 'Operation'),
      parameters: f(9, 'ParametersItem', true),
    },
    extensions: 10,
  },
  Operation: {
    kind: 'object',
    fields: {
      tags: f(1, 'string', true),
      summary: f(2, 'string'),
      description: f(3, 'string'),
      externalDocs: f(4, 'ExternalDocs'),
      operationId: f(5, 'string'),
      produces: f(6, 'string', true),
      consumes: f(7, 'string', true),
      parameters: f(8, 'ParametersItem', true),
      responses: f(9, 'Responses'),
      schemes: f(10, 'string', true),
      deprecated: f(11, 'bool'),
      security: f(12, 'SecurityRequirement', true),
    },
    extensions: 13,
  },
  ParametersItem: refOr('Parameter'),
  JsonReference: { kind: 'object', fields: { $ref: f(1, 'string'), description: f(2, 'string') } },
  Parameter: {
    kind: 'oneof',
    branches: { 1: 'BodyParameter', 2: 'NonBodyParameter' },
    choose: (v) => (isObject(v) && v.in === 'body' ? 1 : 2),
  },
  BodyParameter: {
    kind: 'object',
    fields: {
      description: f(1, 'string'),
      name: f(2, 'string'),
      in: f(3, 'string'),
      required: f(4, 'bool'),
      schema: f(5, 'Schema'),
    },
    extensions: 6,
  },
  NonBodyParameter: {
    kind: 'oneof',
    branches: {
      1: 'HeaderParameterSubSchema',
      2: 'FormDataParameterSubSchema',
      3: 'QueryParameterSubSchema',
      4: 'PathParameterSubSchema',
    },
    choose: (v) => (isObject(v) ? NON_BODY[String(v.in)] : undefined),
  },
  HeaderParameterSubSchema: pathLikeParameter(),
  PathParameterSubSchema: pathLikeParameter(),
  QueryParameterSubSchema: queryLikeParameter(),
  FormDataParameterSubSchema: queryLikeParameter(),
  PrimitivesItems: { kind: 'object', fields: primitiveFields(1, false), extensions: 18 },
  Header: { kind: 'object', fields: primitiveFields(1, true), extensions: 19 },
  Headers: { kind: 'object', fields: {}, entries: f(1, 'Header') },
  Responses: { kind: 'object', fields: {}, extensions: 2, entries: f(1, 'ResponseValue') },
  ResponseValue: refOr('Response'),
  Response: {
    kind: 'object',
    fields: {
      description: f(1, 'string'),
      schema: f(2, 'SchemaItem'),
      headers: f(3, 'Headers'),
      examples: f(4, 'Examples'),
    },
    extensions: 5,
  },
  Examples: { kind: 'object', fields: {}, entries: f(1, 'any') },
  SchemaItem: {
    kind: 'oneof',
    branches: { 1: 'Schema', 2: 'FileSchema' },
    choose: (v) => (isObject(v) && v.type === 'file' ? 2 : 1),
  },
  FileSchema: {
    kind: 'object',
    fields: {
      format: f(1, 'string'),
      title: f(2, 'string'),
      description: f(3, 'string'),
      default: f(4, 'any'),
      required: f(5, 'string', true),
      type: f(6, 'string'),
      readOnly: f(7, 'bool'),
      externalDocs: f(8, 'ExternalDocs'),
      example: f(9, 'any'),
    },
    extensions: 10,
  },
  Definitions: { kind: 'object', fields: {}, entries: f(1, 'Schema') },
  Properties: { kind: 'object', fields: {}, entries: f(1, 'Schema') },
  ParameterDefinitions: { kind: 'object', fields: {}, entries: f(1, 'Parameter') },
  ResponseDefinitions: { kind: 'object', fields: {}, entries: f(1, 'Response') },
  Schema: {
    kind: 'object',
    fields: {
      $ref: f(1, 'string'),
      format: f(2, 'string'),
      title: f(3, 'string'),
      description: f(4, 'string'),
      default: f(5, 'any'),
      multipleOf: f(6, 'double'),
      maximum: f(7, 'double'),
      exclusiveMaximum: f(8, 'bool'),
      minimum: f(9, 'double'),
      exclusiveMinimum: f(10, 'bool'),
      maxLength: f(11, 'int64'),
      minLength: f(12, 'int64'),
      pattern: f(13, 'string'),
      maxItems: f(14, 'int64'),
      minItems: f(15, 'int64'),
      uniqueItems: f(16, 'bool'),
      maxProperties: f(17, 'int64'),
      minProperties: f(18, 'int64'),
      required: f(19, 'string', true),
      enum: f(20, 'any', true),
      additionalProperties: f(21, 'AdditionalPropertiesItem'),
      type: f(22, 'TypeItem'),
      items: f(23, 'ItemsItem'),
      allOf: f(24, 'Schema', true),
      properties: f(25, 'Properties'),
      discriminator: f(26, 'string'),
      readOnly: f(27, 'bool'),
      xml: f(28, 'Xml'),
      externalDocs: f(29, 'ExternalDocs'),
      example: f(30, 'any'),
    },
    extensions: 31,
  },
  AdditionalPropertiesItem: {
    kind: 'oneof',
    branches: { 1: 'Schema', 2: 'bool' },
    choose: (v) => (typeof v === 'boolean' ? 2 : 1),
  },
  TypeItem: { kind: 'array', element: f(1, 'string', true), single: true },
  ItemsItem: { kind: 'array', element: f(1, 'Schema', true), single: true },
  StringArray: { kind: 'array', element: f(1, 'string', true), single: false },
  Xml: {
    kind: 'object',
    fields: {
      name: f(1, 'string'),
      namespace: f(2, 'string'),
      prefix: f(3, 'string'),
      attribute: f(4, 'bool'),
      wrapped: f(5, 'bool'),
    },
    extensions: 6,
  },
  SecurityRequirement: { kind: 'object', fields: {}, entries: f(1, 'StringArray') },
  SecurityDefinitions: { kind: 'object', fields: {}, entries: f(1, 'SecurityDefinitionsItem') },
  SecurityDefinitionsItem: {
    kind: 'oneof',
    branches: { 1: 'BasicAuthenticationSecurity', 2: 'ApiKeySecurity' },
    choose: (v) => (isObject(v) ? SECURITY[String(v.type)] : undefined),
  },
  BasicAuthenticationSecurity: {
    kind: 'object',
    fields: { type: f(1, 'string'), description: f(2, 'string') },
    extensions: 3,
  },
  ApiKeySecurity: {
    kind: 'object',
    fields: { type: f(1, 'string'), name: f(2, 'string'), in: f(3, 'string'), description: f(4, 'string') },
    extensions: 5,
  },
};
