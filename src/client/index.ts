// The client library's public surface: import from here (`../client/index.ts`) rather than
// from individual files, so the files can move without touching every component.
export * from './api-error.ts';
export * from './client.ts';
export * from './connect.ts';
export * from './controller-runtime.ts';
export * from './event-correlator.ts';
export * from './event-recorder.ts';
export * from './http-transport.ts';
export * from './indexer.ts';
export * from './informer.ts';
export * from './informer-factory.ts';
export * from './kubeconfig.ts';
export * from './leader-election.ts';
export * from './lister.ts';
export * from './object.ts';
export * from './options.ts';
export * from './rate-limiter.ts';
export * from './reflector.ts';
export * from './resource.ts';
export * from './resource-client.ts';
export * from './selectors.ts';
export * from './transport.ts';
export * from './watch.ts';
export * from './workqueue.ts';
