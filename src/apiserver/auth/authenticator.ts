// Authentication: who is making a request. Implementations (client certificates, bearer
// tokens, service account tokens) plug in here; without one, the server is loopback-only and
// every caller is the cluster admin.

import type { ApiRequest } from '../api-request.ts';
import type { UserInfo } from '../registry/context.ts';

export interface Authenticator {
  /** The user behind the request, or undefined when the credentials are missing or invalid (401). */
  authenticate(
    request: ApiRequest,
    peer: { clientCertificate?: unknown; remoteAddress?: string },
  ): Promise<UserInfo | undefined>;
}
