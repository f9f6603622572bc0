import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface CertificateFiles {
  cert: string;
  key: string;
}

export interface TestCertificates {
  /** The test CA's certificate: the server's and the client's issuer. */
  ca: string;
  /** The TLS front's certificate, for SERVER_NAME only (no IP address): a client must name it. */
  server: CertificateFiles;
  /** A client certificate the test CA issued (CN imagefactory-client). */
  client: CertificateFiles;
  /** A client certificate from another CA, which the front must refuse. */
  stranger: CertificateFiles;
}

export const SERVER_NAME = 'temporal.imagefactory.test';

const openssl = (cwd: string, ...args: string[]) => execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function makeCa(dir: string, name: string): CertificateFiles {
  openssl(dir, 'req', '-x509', ...newKey, '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '2', '-subj', `/CN=${name}`);
  return { cert: path.join(dir, `${name}.pem`), key: path.join(dir, `${name}.key`) };
}

function issue(dir: string, ca: CertificateFiles, name: string, cn: string, extensions: string[]): CertificateFiles {
  openssl(dir, 'req', '-new', ...newKey, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`);
  fs.writeFileSync(path.join(dir, `${name}.ext`), ['basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature', 'subjectKeyIdentifier=hash', 'authorityKeyIdentifier=keyid', ...extensions].join('\n'));
  openssl(dir, 'x509', '-req', '-in', `${name}.csr`, '-CA', ca.cert, '-CAkey', ca.key, '-set_serial', String(Date.now()), '-days', '2', '-extfile', `${name}.ext`, '-out', `${name}.pem`);
  return { cert: path.join(dir, `${name}.pem`), key: path.join(dir, `${name}.key`) };
}

/** A test CA, a server certificate, a client certificate, and a client certificate of another CA, made with the openssl CLI in `dir`. */
export function makeTestCertificates(dir: string): TestCertificates {
  const ca = makeCa(dir, 'imagefactory-test-ca');
  const other = makeCa(dir, 'other-ca');
  return {
    ca: ca.cert,
    server: issue(dir, ca, 'server', SERVER_NAME, ['extendedKeyUsage=serverAuth', `subjectAltName=DNS:${SERVER_NAME}`]),
    client: issue(dir, ca, 'client', 'imagefactory-client', ['extendedKeyUsage=clientAuth']),
    stranger: issue(dir, other, 'stranger', 'stranger', ['extendedKeyUsage=clientAuth']),
  };
}
