// Authorization: may this user do this request? (RBAC plugs in here.)
import type { RequestInfo } from '../request-info.ts';
import type { UserInfo } from '../registry/context.ts';

export interface Decision {
  allowed: boolean;
  reason?: string;
}

export interface Authorizer {
  authorize(user: UserInfo, request: RequestInfo): Promise<Decision>;
}
