// The service-account signing key lives in the data dir (server/tls/service.key, as k3s keeps
// it), created on first start, so tokens stay valid across restarts.
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  generateServiceAccountKeys,
  type ServiceAccountKeys,
} from '../apiserver/serviceaccounts/token-issuer.ts';

export function loadOrCreateServiceAccountKeys(path: string): ServiceAccountKeys {
  if (existsSync(path)) {
    const privateKey = createPrivateKey(readFileSync(path));
    return { privateKey, publicKeys: [createPublicKey(privateKey)] };
  }
  const keys = generateServiceAccountKeys();
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, keys.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  return keys;
}
