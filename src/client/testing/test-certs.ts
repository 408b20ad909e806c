// Throwaway certificates for tests of the TLS transport: a CA, a serving certificate for
// 127.0.0.1/localhost and a client certificate, all signed by that CA (PEM strings), made
// with the openssl command line in a temporary directory that is removed afterwards.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestPki {
  caCert: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

/** Creates a CA and a server and a client certificate it signed. Usage: `const pki = makeTestPki()`. */
export function makeTestPki(clientName = 'admin'): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'kts-pki-'));
  const at = (f: string) => join(dir, f);
  const openssl = (...args: string[]) =>
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const key = (name: string) =>
    openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', at(`${name}.key`));
  try {
    key('ca');
    openssl(
      'req',
      '-x509',
      '-new',
      '-key',
      at('ca.key'),
      '-subj',
      '/CN=kts-test-ca',
      '-days',
      '2',
      '-out',
      at('ca.crt'),
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    );
    const issue = (name: string, subject: string, extensions: string) => {
      key(name);
      writeFileSync(at(`${name}.ext`), extensions);
      openssl('req', '-new', '-key', at(`${name}.key`), '-subj', subject, '-out', at(`${name}.csr`));
      openssl(
        'x509',
        '-req',
        '-in',
        at(`${name}.csr`),
        '-CA',
        at('ca.crt'),
        '-CAkey',
        at('ca.key'),
        '-CAcreateserial',
        '-days',
        '2',
        '-out',
        at(`${name}.crt`),
        '-extfile',
        at(`${name}.ext`),
      );
    };
    issue(
      'server',
      '/CN=127.0.0.1',
      'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n',
    );
    issue('client', `/O=system:masters/CN=${clientName}`, 'extendedKeyUsage=clientAuth\n');
    const read = (f: string) => readFileSync(at(f), 'utf8');
    return {
      caCert: read('ca.crt'),
      serverCert: read('server.crt'),
      serverKey: read('server.key'),
      clientCert: read('client.crt'),
      clientKey: read('client.key'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
