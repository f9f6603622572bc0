import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { generateAuditKey, loadAuditSigner, readAuditPublicKey, type AuditSigner, type PublicKeyLoad } from '../../db/audit-key.js';

/** A fresh Ed25519 audit signing key in a folder of its own; remove() deletes it. */
export async function makeTestAuditKey(label = 'run'): Promise<{ file: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `imagefactory-audit-key-${label}-`));
  const file = path.join(dir, 'audit-ed25519.pem');
  const made = await generateAuditKey(file);
  if (!made.ok) throw new Error(made.problem);
  return { file, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** The run's signing key (IMAGEFACTORY_AUDIT_KEY, made by the jest global setup). */
export async function runAuditSigner(file = process.env.IMAGEFACTORY_AUDIT_KEY): Promise<AuditSigner> {
  if (!file) throw new Error('IMAGEFACTORY_AUDIT_KEY is not set: run through jest (its global setup makes the key)');
  const key = await loadAuditSigner(file);
  if (!key.ok) throw new Error(key.problem);
  return key.signer;
}

/** The public half of a key file, as verification takes it. */
export async function publicKeyOf(file: string): Promise<Extract<PublicKeyLoad, { ok: true }>> {
  const key = await readAuditPublicKey(file);
  if (!key.ok) throw new Error(key.problem);
  return key;
}
