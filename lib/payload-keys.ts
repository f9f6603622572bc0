import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, isPayloadKey, type Config } from './config.js';

/** An AES-256 key and its id, the id being the start of the key's SHA-256: every process holding the key names it alike. */
export interface PayloadKey {
  id: string;
  key: Buffer;
}

/** What the payload keys are read from. */
export type PayloadKeyConfig = Pick<Config, 'payloadKey' | 'payloadKeyFile' | 'payloadKeysOld' | 'temporalAddress'>;

/** The key that encrypts, and the retired ones that still decrypt. */
export interface PayloadKeys {
  current: PayloadKey;
  old: PayloadKey[];
}

export function payloadKey(base64: string): PayloadKey {
  const key = Buffer.from(base64, 'base64');
  return { id: createHash('sha256').update(key).digest('hex').slice(0, 16), key };
}

function readKeyFile(file: string): string {
  const text = fs.readFileSync(file, 'utf8').trim();
  if (!isPayloadKey(text)) {
    throw new ConfigError('IMAGEFACTORY_PAYLOAD_KEY_FILE', file, `a file holding base64 of 32 bytes (44 characters), for example from \`openssl rand -base64 32\`; it holds ${text.length} characters`);
  }
  return text;
}

/** Writes a new random key to `file` (mode 0600) unless one is there; true when it made one. Safe against a concurrent maker. */
function makeKeyFile(file: string): boolean {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  fs.writeFileSync(tmp, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    fs.linkSync(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

function missingKey(config: PayloadKeyConfig): ConfigError {
  return new ConfigError(
    'IMAGEFACTORY_PAYLOAD_KEY',
    '',
    `the payload key the bot, the workers and the CLIs of this deployment share (base64 of 32 bytes), since TEMPORAL_ADDRESS is set; or IMAGEFACTORY_PAYLOAD_KEY_FILE naming a file holding it (${config.payloadKeyFile} does not exist)`,
  );
}

/**
 * The payload keys: IMAGEFACTORY_PAYLOAD_KEY, else the key file. On the embedded stack (no TEMPORAL_ADDRESS)
 * a missing key file is made; with TEMPORAL_ADDRESS a missing key stops with a sentence naming the variables,
 * since every process of a shared deployment must hold the same key.
 */
export function loadPayloadKeys(config: PayloadKeyConfig): PayloadKeys {
  let current = config.payloadKey;
  if (current === undefined) {
    if (!fs.existsSync(config.payloadKeyFile)) {
      if (config.temporalAddress) throw missingKey(config);
      makeKeyFile(config.payloadKeyFile);
    }
    current = readKeyFile(config.payloadKeyFile);
  }
  return { current: payloadKey(current), old: config.payloadKeysOld.map(payloadKey) };
}

/** `npm run setup`'s step: the key file of this machine, made when missing on the embedded stack. */
export function preparePayloadKey(config: PayloadKeyConfig): { made: boolean; message: string } {
  if (config.payloadKey !== undefined) return { made: false, message: `IMAGEFACTORY_PAYLOAD_KEY is set (key id ${payloadKey(config.payloadKey).id})` };
  const file = config.payloadKeyFile;
  if (!fs.existsSync(file) && config.temporalAddress) {
    return { made: false, message: `TEMPORAL_ADDRESS is set: give this machine the deployment's shared key (IMAGEFACTORY_PAYLOAD_KEY, or a file at ${file} or IMAGEFACTORY_PAYLOAD_KEY_FILE)` };
  }
  const made = !fs.existsSync(file) && makeKeyFile(file);
  const { id } = payloadKey(readKeyFile(file));
  return { made, message: made ? `${file} made (key id ${id}, mode 0600)` : `${file} exists (key id ${id})` };
}
