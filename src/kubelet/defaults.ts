// Defaults the CLI needs without loading the kubelet itself (kts loads a component's code only
// when it runs it).

/** The kubelet server's port, as upstream. */
export const DEFAULT_KUBELET_PORT = 10250;
