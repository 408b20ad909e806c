// How the client reaches the API server: any function with the shape of `fetch`.
// Over the network it is `fetch` with a TLS-configured dispatcher built from a kubeconfig;
// inside `kts server` it is the API server's own request handler, called in-process, so that
// every component goes through the same authn → authz → admission → strategy path.
// Watches are streaming Response bodies of newline-delimited JSON events.
export type Fetch = (request: Request) => Promise<Response>;
