// Everything strategies need to validate objects, in one import:
// `import { validateObjectMeta, isDNS1123Label, invalid } from '../machinery/validation/index.ts'`.

export * from './field-errors.ts';
export * from './ip.ts';
export * from './meta-v1.ts';
export * from './names.ts';
export * from './object-meta.ts';
