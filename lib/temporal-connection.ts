import { X509Certificate, createPrivateKey } from 'node:crypto';
import fs from 'node:fs';
import { Client, Connection, type TLSConfig } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection } from '@temporalio/worker';
import { ConfigError, type Config } from './config.js';
import { moduleFile } from './module-file.js';
import { AesGcmPayloadCodec } from './payload-codec.js';
import { loadPayloadKeys, type PayloadKeyConfig } from './payload-keys.js';

/** What every client and worker connection of the product passes to Temporal besides the address. */
export interface TemporalConnectOptions {
  tls?: TLSConfig;
  apiKey?: string;
}

function readPem(variable: string, file: string, what: string): Buffer {
  let pem: Buffer;
  try {
    pem = fs.readFileSync(file);
  } catch (err) {
    throw new ConfigError(variable, file, `a readable PEM file holding ${what} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  if (!pem.includes('-----BEGIN ')) throw new ConfigError(variable, file, `a PEM file holding ${what}; it holds no -----BEGIN block`);
  return pem;
}

function clientCertPair(cert: string, key: string): NonNullable<TLSConfig['clientCertPair']> {
  const crt = readPem('TEMPORAL_TLS_CERT', cert, 'the client certificate');
  const keyPem = readPem('TEMPORAL_TLS_KEY', key, 'the private key of the client certificate');
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(crt);
  } catch (err) {
    throw new ConfigError('TEMPORAL_TLS_CERT', cert, `a PEM certificate (${(err as Error).message})`);
  }
  let privateKey: ReturnType<typeof createPrivateKey>;
  try {
    privateKey = createPrivateKey(keyPem);
  } catch (err) {
    throw new ConfigError('TEMPORAL_TLS_KEY', key, `an unencrypted PEM private key (${(err as Error).message})`);
  }
  if (!x509.checkPrivateKey(privateKey)) throw new ConfigError('TEMPORAL_TLS_KEY', key, `the private key of the certificate TEMPORAL_TLS_CERT=${cert} (${x509.subject.replace(/\n/g, ', ')}); it belongs to another`);
  return { crt, key: keyPem };
}

/**
 * TLS and API key for TEMPORAL_ADDRESS, from TEMPORAL_TLS_CERT/KEY (client certificate), TEMPORAL_TLS_CA,
 * TEMPORAL_TLS_SERVER_NAME and TEMPORAL_API_KEY. Any of them turns TLS on (an API key never travels in clear);
 * none of them: plain gRPC, as the embedded dev server speaks.
 */
export function temporalConnectOptions(config: Config): TemporalConnectOptions {
  const { cert, key, ca, serverName } = config.temporalTls;
  const apiKey = config.temporalApiKey;
  if (!cert && !ca && !serverName && !apiKey) return {};
  const tls: TLSConfig = {};
  if (serverName) tls.serverNameOverride = serverName;
  if (ca) tls.serverRootCACertificate = readPem('TEMPORAL_TLS_CA', ca, "the CA certificate of the Temporal server's certificate");
  if (cert && key) tls.clientCertPair = clientCertPair(cert, key);
  return apiKey ? { tls, apiKey } : { tls };
}

/**
 * The data converter of every client and worker: payloads encrypted with the shared payload key (the codec
 * runs outside the workflow sandbox), failures with their message and stack trace moved into an encrypted
 * payload.
 */
export function productDataConverter(config: PayloadKeyConfig): DataConverter {
  return {
    payloadCodecs: [new AesGcmPayloadCodec(loadPayloadKeys(config))],
    failureConverterPath: moduleFile(new URL('./failure-converter.cjs', import.meta.url)),
  };
}

/** A client on its own connection (close it with `client.connection.close()`). */
export async function connectTemporalClient(config: Config, address: string): Promise<Client> {
  const dataConverter = productDataConverter(config);
  const connection = await Connection.connect({ address, ...temporalConnectOptions(config) });
  return new Client({ connection, namespace: config.temporalNamespace, dataConverter });
}

/** A worker's connection; pass `productDataConverter(config)` to the worker. */
export async function connectTemporalWorker(config: Config, address: string): Promise<NativeConnection> {
  return NativeConnection.connect({ address, ...temporalConnectOptions(config) });
}
