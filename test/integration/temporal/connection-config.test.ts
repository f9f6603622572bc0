import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../../../lib/config.js';
import { temporalConnectOptions } from '../../../lib/temporal-connection.js';
import { SERVER_NAME, makeTestCertificates, type TestCertificates } from '../../helpers/test-certificates.js';

let certs: TestCertificates;
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imagefactory-tls-config-'));
  certs = makeTestCertificates(dir);
});

const options = (env: Record<string, string>) => temporalConnectOptions(loadConfig({ HOME: os.homedir(), TEMPORAL_ADDRESS: 'temporal.example.com:7233', ...env }));

describe('TLS and API key settings of the Temporal connection', () => {
  it('turns TLS on with the client certificate, the CA, the server name and the API key', () => {
    const opts = options({ TEMPORAL_TLS_CERT: certs.client.cert, TEMPORAL_TLS_KEY: certs.client.key, TEMPORAL_TLS_CA: certs.ca, TEMPORAL_TLS_SERVER_NAME: SERVER_NAME, TEMPORAL_API_KEY: 'k1' });
    expect(opts.apiKey).toBe('k1');
    expect(opts.tls?.serverNameOverride).toBe(SERVER_NAME);
    expect(Buffer.from(opts.tls!.serverRootCACertificate!).toString()).toBe(fs.readFileSync(certs.ca, 'utf8'));
    expect(Buffer.from(opts.tls!.clientCertPair!.crt).toString()).toContain('-----BEGIN CERTIFICATE-----');
    // An API key alone still travels over TLS (system CAs).
    expect(options({ TEMPORAL_API_KEY: 'k1' })).toEqual({ tls: {}, apiKey: 'k1' });
    expect(options({})).toEqual({});
  });

  it('names the variable of a certificate without its key, or a key without its certificate', () => {
    expect(() => options({ TEMPORAL_TLS_CERT: certs.client.cert })).toThrow(ConfigError);
    expect(() => options({ TEMPORAL_TLS_CERT: certs.client.cert })).toThrow(/^TEMPORAL_TLS_KEY="" is not valid: expected the path of the private key .* TEMPORAL_TLS_CERT/);
    expect(() => options({ TEMPORAL_TLS_KEY: certs.client.key })).toThrow(/^TEMPORAL_TLS_CERT="" is not valid/);
  });

  it('names the variable of a missing file, a file that is not PEM, and a key of another certificate', () => {
    const missing = path.join(dir, 'nope.pem');
    expect(() => options({ TEMPORAL_TLS_CA: missing })).toThrow(`TEMPORAL_TLS_CA="${missing}" is not valid: expected a readable PEM file holding the CA certificate of the Temporal server's certificate (ENOENT)`);
    const notPem = path.join(dir, 'not.pem');
    fs.writeFileSync(notPem, 'hello');
    expect(() => options({ TEMPORAL_TLS_CERT: notPem, TEMPORAL_TLS_KEY: certs.client.key })).toThrow(`TEMPORAL_TLS_CERT="${notPem}" is not valid: expected a PEM file holding the client certificate; it holds no -----BEGIN block`);
    expect(() => options({ TEMPORAL_TLS_CERT: certs.client.cert, TEMPORAL_TLS_KEY: certs.server.key })).toThrow(
      new RegExp(`^TEMPORAL_TLS_KEY="${certs.server.key}" is not valid: expected the private key of the certificate TEMPORAL_TLS_CERT=${certs.client.cert} \\(CN=imagefactory-client\\); it belongs to another`),
    );
  });

  it('refuses TLS settings or an API key without TEMPORAL_ADDRESS: the embedded dev server speaks plain gRPC', () => {
    expect(() => loadConfig({ HOME: os.homedir(), TEMPORAL_TLS_CA: certs.ca })).toThrow(`TEMPORAL_TLS_CA="${certs.ca}" is not valid: expected TEMPORAL_ADDRESS to be set too`);
    expect(() => loadConfig({ HOME: os.homedir(), TEMPORAL_API_KEY: 'secret-key' })).toThrow('TEMPORAL_API_KEY="<hidden>" is not valid');
    expect(() => loadConfig({ HOME: os.homedir(), TEMPORAL_API_KEY: 'secret-key' })).not.toThrow(/secret-key/);
  });
});
