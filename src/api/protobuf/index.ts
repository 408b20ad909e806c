// Decoding of protobuf request bodies (`application/vnd.kubernetes.protobuf`) into the JSON
// objects the rest of the API server works with. kubectl's generators (`create deployment`,
// `create configmap` …), `auth can-i`, `auth whoami`, `create token` and drain's delete send
// their objects this way.
import { decodeProtobufEnvelope } from '../../machinery/codec/protobuf-envelope.ts';
import { ProtobufError } from '../../machinery/codec/protobuf-wire.ts';
import { definitionNameForKind } from '../schema/index.ts';
import { MessageDecoder } from './decode.ts';
import { accessMessages } from './messages/access.ts';
import { coreMessages } from './messages/core.ts';
import { othersMessages } from './messages/others.ts';
import { workloadsMessages } from './messages/workloads.ts';

export { ProtobufError } from '../../machinery/codec/protobuf-wire.ts';

const decoder = new MessageDecoder({
  ...coreMessages,
  ...workloadsMessages,
  ...accessMessages,
  ...othersMessages,
});

export interface DecodedProtobufObject {
  apiVersion: string;
  kind: string;
  /** The object as JSON, `kind` and `apiVersion` first, as Go would marshal it. */
  object: Record<string, unknown>;
}

function splitApiVersion(apiVersion: string): [string, string] {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? ['', apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
}

/** Whether protobuf bodies of this kind can be decoded. */
export function protobufKindSupported(group: string, version: string, kind: string): boolean {
  const name = definitionNameForKind(group, version, kind);
  return name !== undefined && decoder.has(name);
}

/**
 * Decodes a `k8s\0`-prefixed protobuf body. Throws ProtobufError when the envelope or message is
 * malformed, or the kind is one we have no message table for (`no kind "X" is registered for
 * version "v1"`, as upstream's scheme says it).
 */
export function decodeProtobufObject(bytes: Uint8Array): DecodedProtobufObject {
  const envelope = decodeProtobufEnvelope(bytes);
  const [group, version] = splitApiVersion(envelope.apiVersion);
  const name = definitionNameForKind(group, version, envelope.kind);
  if (name === undefined || !decoder.has(name)) {
    throw new ProtobufError(
      `no kind ${JSON.stringify(envelope.kind)} is registered for version ${JSON.stringify(envelope.apiVersion)}`,
    );
  }
  const fields = decoder.decode(name, envelope.raw);
  return {
    apiVersion: envelope.apiVersion,
    kind: envelope.kind,
    object: { kind: envelope.kind, apiVersion: envelope.apiVersion, ...fields },
  };
}
