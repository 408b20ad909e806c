// GET /version: version.Info as upstream reports it, with kts's semver build string.
import { KTS_VERSION, KUBERNETES_MAJOR, KUBERNETES_MINOR } from '../api/version.ts';
import { jsonResponse } from './handlers/response.ts';

const BUILD_DATE = '2026-11-23T00:00:00Z';

export function versionInfo() {
  return {
    major: KUBERNETES_MAJOR,
    minor: KUBERNETES_MINOR,
    emulationMajor: KUBERNETES_MAJOR,
    emulationMinor: KUBERNETES_MINOR,
    minCompatibilityMajor: KUBERNETES_MAJOR,
    minCompatibilityMinor: String(Number(KUBERNETES_MINOR) - 1),
    gitVersion: KTS_VERSION,
    gitCommit: 'kts',
    gitTreeState: 'clean',
    buildDate: BUILD_DATE,
    goVersion: `node${process.versions.node}`,
    compiler: 'kts',
    platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
  };
}

export function serveVersion(): Response {
  return jsonResponse(versionInfo());
}
