// Codecs for request and response bodies: JSON, YAML, content negotiation, the protobuf envelope.
export * from './json.ts';
export * from './media-type.ts';
export * from './protobuf-envelope.ts';
export * from './protobuf-wire.ts';
export * from './yaml.ts';
