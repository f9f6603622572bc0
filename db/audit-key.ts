import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Signs audit checkpoints and exports with the Ed25519 private key of IMAGEFACTORY_AUDIT_KEY. */
export interface AuditSigner {
  keyId: string;
  /** The public half (SPKI PEM), what an auditor verifies with. */
  publicKeyPem: string;
  /** Ed25519 signature (base64) of the text's UTF-8 bytes. */
  sign(text: string): string;
}

export type AuditKeyLoad = { ok: true; signer: AuditSigner } | { ok: false; problem: string };
export type PublicKeyLoad = { ok: true; key: KeyObject; keyId: string } | { ok: false; problem: string };

/** How to make a key, for every message that finds none. */
export const KEYGEN_HINT = 'make one with `imagefactory audit keygen` (`npm run setup` does), or point IMAGEFACTORY_AUDIT_KEY at the PEM file of the key in use';

/** A key's id: the first 16 hex digits of the sha256 of its public key (SPKI DER). */
export function auditKeyId(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

export function publicKeyPem(publicKey: KeyObject): string {
  return publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

/** True when `signature` (base64) is the key's Ed25519 signature of `text`. */
export function verifyAuditSignature(publicKey: KeyObject, text: string, signature: string): boolean {
  if (typeof signature !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(signature)) return false;
  return verify(null, Buffer.from(text, 'utf8'), publicKey, Buffer.from(signature, 'base64'));
}

/** The signing key at `file` (IMAGEFACTORY_AUDIT_KEY); a missing or unusable file is a refusal naming it. */
export async function loadAuditSigner(file: string): Promise<AuditKeyLoad> {
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, problem: `no audit signing key at ${file} (IMAGEFACTORY_AUDIT_KEY): ${KEYGEN_HINT}` };
    return { ok: false, problem: `cannot read the audit signing key ${file} (IMAGEFACTORY_AUDIT_KEY): ${code ?? (err as Error).message}` };
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch (err) {
    return { ok: false, problem: `${file} (IMAGEFACTORY_AUDIT_KEY) is not a PEM private key: ${(err as Error).message}` };
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    return { ok: false, problem: `${file} (IMAGEFACTORY_AUDIT_KEY) holds an ${privateKey.asymmetricKeyType} key: audit checkpoints are signed with Ed25519; ${KEYGEN_HINT}` };
  }
  const publicKey = createPublicKey(privateKey);
  return {
    ok: true,
    signer: {
      keyId: auditKeyId(publicKey),
      publicKeyPem: publicKeyPem(publicKey),
      sign: (text) => sign(null, Buffer.from(text, 'utf8'), privateKey).toString('base64'),
    },
  };
}

/**
 * Makes an Ed25519 key at `file` (PKCS#8 PEM, mode 0600, its folder 0700) unless one is there: an existing
 * key is kept (and checked). Two processes racing create one key: the file is created exclusively.
 */
export async function generateAuditKey(file: string): Promise<{ created: boolean } & AuditKeyLoad> {
  const existing = await loadAuditSigner(file);
  if (existing.ok || !existing.problem.startsWith('no audit signing key')) return { created: false, ...existing };
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ed25519');
  try {
    await writeFile(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return { created: false, ...(await loadAuditSigner(file)) };
  }
  return { created: true, ...(await loadAuditSigner(file)) };
}

/** A public key to verify with (`--public-key FILE`): SPKI PEM, or a private key PEM whose public half is used. */
export async function readAuditPublicKey(file: string, flag = '--public-key'): Promise<PublicKeyLoad> {
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch (err) {
    return { ok: false, problem: `${flag} ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
  }
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (err) {
    return { ok: false, problem: `${flag} ${file} is not a PEM public key: ${(err as Error).message}` };
  }
  if (key.asymmetricKeyType !== 'ed25519') return { ok: false, problem: `${flag} ${file} holds an ${key.asymmetricKeyType} key, not Ed25519` };
  return { ok: true, key, keyId: auditKeyId(key) };
}
