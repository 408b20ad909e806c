// The version kts reports: the Kubernetes API level it serves (1.32) plus kts's own build.
export const KUBERNETES_MAJOR = '1';
export const KUBERNETES_MINOR = '32';
export const KTS_VERSION = 'v1.32.4-kts.1';
