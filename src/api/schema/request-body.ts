// Decoding of an object sent to create or update (POST/PUT bodies), as upstream's handlers decode
// one: pick the decoder by Content-Type, default a missing apiVersion/kind from the endpoint,
// reject malformed bodies and wrong value types, and apply fieldValidation (Strict: fail on
// unknown or duplicate fields; Warn: collect one warning each; Ignore: neither). Errors are
// StatusErrors worded as upstream's (`the object provided is unrecognized (must be of type
// Deployment): couldn't get version/kind; json parse error: …`).
import { decodeJson, JsonSyntaxError } from '../../machinery/codec/json.ts';
import {
  BUILTIN_MEDIA_TYPES,
  JSON_MEDIA_TYPE,
  PROTOBUF_MEDIA_TYPE,
  parseContentType,
  unsupportedMediaTypeError,
  YAML_MEDIA_TYPE,
} from '../../machinery/codec/media-type.ts';
import { ProtobufError } from '../../machinery/codec/protobuf-wire.ts';
import { decodeYaml, YamlSyntaxError } from '../../machinery/codec/yaml.ts';
import type { Definitions, Schema } from '../../machinery/schema.ts';
import { badRequest } from '../../machinery/status.ts';
import { decodeProtobufObject } from '../protobuf/index.ts';
import type { KubeObject } from '../strategy.ts';
import { builtinDefinitions, schemaForKind } from './index.ts';
import {
  documentOrder,
  type FieldValidation,
  orderStrictErrors,
  type StrictFieldError,
  strictDecodingRejection,
  strictErrorText,
  strictWarnings,
  yamlDuplicateText,
} from './strict-errors.ts';
import { findTypeError } from './type-errors.ts';
import { findUnknownFields } from './unknown-fields.ts';

export interface ExpectedKind {
  group: string;
  version: string;
  kind: string;
}

export interface BodySchema {
  schema: Schema;
  definitions: Definitions;
  /** Custom resources: apiVersion/kind/metadata are known whatever the schema says. */
  rootIsResource?: boolean;
  /** Built-in kinds are type-checked as Go decodes them; custom resources are validated elsewhere. */
  typeCheck?: boolean;
  /**
   * Built-in kinds: fields their types do not declare are dropped whatever the fieldValidation,
   * as decoding into Go structs drops them (custom resources are pruned against their schema elsewhere).
   */
  dropsUnknown?: boolean;
}

export interface RequestBodyOptions {
  fieldValidation: FieldValidation;
  /** The kind the endpoint serves: for defaults and messages. */
  expected: ExpectedKind;
  /** Media types accepted (415 otherwise). Default JSON, YAML and protobuf (built-in kinds). */
  mediaTypes?: readonly string[];
  /** The schema of the body's kind. Default: the built-in schema of its group/version/kind. */
  schemaFor?(group: string, version: string, kind: string): BodySchema | undefined;
}

export interface DecodedBody {
  object: KubeObject;
  /** Texts for `Warning` headers (fieldValidation=Warn). */
  warnings: string[];
}

/** Go's message when the top-level JSON value is not an object. */
const NOT_AN_OBJECT = (what: string) =>
  `json: cannot unmarshal ${what} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`;

/** upstream's summarizeData: the body itself if it looks like JSON, else hex; 30 bytes at most. */
export function summarizeBody(bytes: Uint8Array): string {
  if (bytes.length === 0) return '<empty>';
  const head = bytes.subarray(0, 30);
  const more = bytes.length > 30 ? ' ...' : '';
  return bytes[0] === 0x7b ? new TextDecoder().decode(head) + more : Buffer.from(head).toString('hex') + more;
}

function unrecognized(expected: ExpectedKind, detail: string, bytes: Uint8Array) {
  return badRequest(
    `the object provided is unrecognized (must be of type ${expected.kind}): ${detail} (${summarizeBody(bytes)})`,
  );
}

function splitApiVersion(apiVersion: string): [string, string] {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? ['', apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
}

function builtinSchema(group: string, version: string, kind: string): BodySchema | undefined {
  const schema = schemaForKind(group, version, kind);
  return schema
    ? { schema, definitions: builtinDefinitions(), typeCheck: true, dropsUnknown: true }
    : undefined;
}

/** Decodes and checks a create/update body. Throws StatusError (400/415) as upstream would answer. */
export function decodeRequestBody(
  bytes: Uint8Array,
  contentType: string | undefined,
  options: RequestBodyOptions,
): DecodedBody {
  const mediaTypes = options.mediaTypes ?? BUILTIN_MEDIA_TYPES;
  const mediaType = parseContentType(contentType) ?? (contentType ? undefined : mediaTypes[0]);
  if (!mediaType || !mediaTypes.includes(mediaType)) throw unsupportedMediaTypeError(mediaTypes);
  const { expected } = options;
  const strict = options.fieldValidation !== 'Ignore';

  if (mediaType === PROTOBUF_MEDIA_TYPE) {
    try {
      return { object: decodeProtobufObject(bytes).object as KubeObject, warnings: [] };
    } catch (e) {
      if (e instanceof ProtobufError) throw unrecognized(expected, e.message, bytes);
      throw e;
    }
  }

  let value: unknown;
  const errors: StrictFieldError[] = [];
  let yamlDuplicates: string[] = [];
  try {
    if (mediaType === YAML_MEDIA_TYPE) {
      const decoded = decodeYaml(bytes, { strict });
      value = decoded.value;
      yamlDuplicates = decoded.duplicateKeys;
    } else if (mediaType === JSON_MEDIA_TYPE) {
      const decoded = decodeJson(bytes, { strict });
      value = decoded.value;
      for (const path of decoded.duplicateFields) errors.push({ type: 'duplicate', path });
    } else {
      throw unsupportedMediaTypeError(mediaTypes);
    }
  } catch (e) {
    if (e instanceof JsonSyntaxError)
      throw unrecognized(expected, `couldn't get version/kind; json parse error: ${e.message}`, bytes);
    if (e instanceof YamlSyntaxError)
      throw unrecognized(expected, `error converting YAML to JSON: ${e.message}`, bytes);
    throw e;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const what =
      value === null
        ? 'null'
        : Array.isArray(value)
          ? 'array'
          : typeof value === 'boolean'
            ? 'bool'
            : typeof value;
    throw unrecognized(
      expected,
      `couldn't get version/kind; json parse error: ${NOT_AN_OBJECT(what)}`,
      bytes,
    );
  }
  let object = value as KubeObject;

  // Missing kind/apiVersion default to the endpoint's, as upstream's gvkWithDefaults.
  let [group, version] = splitApiVersion(typeof object.apiVersion === 'string' ? object.apiVersion : '');
  const kind = typeof object.kind === 'string' && object.kind ? object.kind : expected.kind;
  if (!version && (!group || group === expected.group)) {
    group = expected.group;
    version = expected.version;
  }
  const apiVersion = group ? `${group}/${version}` : version;
  if (object.apiVersion !== apiVersion || object.kind !== kind) {
    const { apiVersion: _apiVersion, kind: _kind, ...rest } = object;
    object = { apiVersion, kind, ...rest };
  }

  const bodySchema = (options.schemaFor ?? builtinSchema)(group, version, kind);
  if (bodySchema?.typeCheck) {
    const typeError = findTypeError(object, bodySchema.schema, bodySchema.definitions, kind);
    if (typeError)
      throw badRequest(
        `${kind} in version ${JSON.stringify(version)} cannot be handled as a ${expected.kind}: ${typeError}`,
      );
  }
  const unknownOptions = { rootIsResource: bodySchema?.rootIsResource === true };
  if (!strict) {
    if (bodySchema?.dropsUnknown)
      findUnknownFields(object, bodySchema.schema, bodySchema.definitions, { ...unknownOptions, drop: true });
    return { object, warnings: [] };
  }

  let unknownFound = false;
  if (bodySchema) {
    for (const path of findUnknownFields(object, bodySchema.schema, bodySchema.definitions, unknownOptions)) {
      errors.push({ type: 'unknown', path });
      unknownFound = true;
    }
  }
  const texts = [
    ...(yamlDuplicates.length ? [yamlDuplicateText(yamlDuplicates)] : []),
    ...(errors.length > 1 ? orderStrictErrors(errors, documentOrder(object)) : errors).map(strictErrorText),
  ];
  if (texts.length === 0) return { object, warnings: [] };
  if (options.fieldValidation === 'Strict')
    throw strictDecodingRejection(kind, version, expected.kind, texts);
  // Dropped only now: the warnings above are ordered by where the fields stood in the document.
  if (unknownFound && bodySchema?.dropsUnknown)
    findUnknownFields(object, bodySchema.schema, bodySchema.definitions, { ...unknownOptions, drop: true });
  return { object, warnings: strictWarnings(texts) };
}
