// Authorization: may this user do this request? (RBAC plugs in here.)

import type { UserInfo } from '../registry/context.ts';
import type { RequestInfo } from '../request-info.ts';

export interface Decision {
  allowed: boolean;
  reason?: string;
}

export interface Authorizer {
  authorize(user: UserInfo, request: RequestInfo): Promise<Decision>;
}
