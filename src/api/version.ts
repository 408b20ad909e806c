// The version kts reports: the Kubernetes API level it serves (1.32) plus kts's own build.
// kubectl reads /version first and checks the skew against its own 1.32.
export const KUBERNETES_MAJOR = '1';
export const KUBERNETES_MINOR = '32';
export const KTS_VERSION = 'v1.32.4-kts.1';
