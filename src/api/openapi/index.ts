// OpenAPI v2 and v3 documents of the served resources, built-in and custom.
export { customResourceDefinitionName, customResourceDefinitions } from './custom-resources.ts';
export {
  openAPIV2Document,
  openAPIV3Document,
  reachableDefinitions,
  toV2Schema,
  toV3Schema,
} from './documents.ts';
export { answerOpenAPI, type OpenAPIAnswer, type OpenAPIRequest } from './http.ts';
export {
  type ApiResourceDescription,
  BUILTIN_EXTRA_SUBRESOURCES,
  describeStrategies,
  type ExtraSubresource,
  type GroupVersionKind,
} from './resources.ts';
export { type Route, routesOf } from './routes.ts';
export { documentPath, OpenAPIService, type OpenAPIServiceOptions, type ServedDocument } from './service.ts';
export {
  decodeOpenAPIV2Protobuf,
  encodeOpenAPIV2Protobuf,
  OPENAPI_V2_PROTOBUF,
  OPENAPI_V2_PROTOBUF_SUBTYPES,
} from './v2-protobuf.ts';
