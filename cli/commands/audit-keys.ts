import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { generateAuditKey, loadAuditSigner, readAuditPublicKey, type PublicKeyLoad } from '../../db/audit-key.js';
import { loadConfig } from '../../lib/config.js';
import type { Io } from '../io.js';

type Env = Record<string, string | undefined>;

/** `imagefactory audit keygen`: makes the signing key at IMAGEFACTORY_AUDIT_KEY, or keeps the one there. Exit 0, 1 unusable file. */
export async function runAuditKeygen(_args: Record<string, never>, io: Io, env: Env = process.env): Promise<number> {
  const file = loadConfig(env).auditKeyPath;
  const made = await generateAuditKey(file);
  if (!made.ok) {
    io.err(`imagefactory audit keygen: ${made.problem}`);
    return 1;
  }
  io.out(`${made.created ? 'made a new' : 'kept the existing'} audit signing key ${made.signer.keyId} at ${file}`);
  return 0;
}

/** `imagefactory audit public-key [--output FILE]`: the public half (PEM), what auditors verify exports with. */
export async function runAuditPublicKey(args: { output?: string }, io: Io, env: Env = process.env): Promise<number> {
  const key = await loadAuditSigner(loadConfig(env).auditKeyPath);
  if (!key.ok) {
    io.err(`imagefactory audit public-key: ${key.problem}`);
    return 1;
  }
  if (args.output === undefined) {
    io.write(key.signer.publicKeyPem);
    return 0;
  }
  await writeFile(args.output, key.signer.publicKeyPem);
  io.err(`wrote the public key ${key.signer.keyId} to ${args.output}`);
  return 0;
}

export type VerifyingKeys = { ok: true; keys: Extract<PublicKeyLoad, { ok: true }>[]; note?: string } | { ok: false; problem: string };

/**
 * The keys checkpoints are verified with: each `--public-key FILE` (several, across a key rotation), else
 * the public half of IMAGEFACTORY_AUDIT_KEY; with neither, none (and a note saying how to give one).
 */
export async function verifyingKeys(files: string[] | undefined, auditKeyPath: string): Promise<VerifyingKeys> {
  if (files && files.length > 0) {
    const keys = [];
    for (const file of files) {
      const key = await readAuditPublicKey(file);
      if (!key.ok) return key;
      keys.push(key);
    }
    return { ok: true, keys };
  }
  const own = await readAuditPublicKey(auditKeyPath, 'IMAGEFACTORY_AUDIT_KEY');
  if (own.ok) return { ok: true, keys: [own] };
  return { ok: true, keys: [], note: `no public key to verify checkpoints with (${own.problem}): pass --public-key FILE` };
}

export function registerKeyCommands(audit: Command, io: Io): void {
  audit
    .command('keygen')
    .description('Make the Ed25519 key that signs audit checkpoints and exports (keeps an existing one).')
    .addHelpText(
      'after',
      `
Writes a new private key (PEM, mode 0600) to IMAGEFACTORY_AUDIT_KEY (default
$IMAGEFACTORY_DATA/keys/audit-ed25519.pem) unless a key is already there, which it keeps. \`npm run
setup\` runs it. Every process that signs (workers, for the scheduled checkpoints, and the CLI, for
exports) needs the same key; give auditors its public half (\`imagefactory audit public-key\`).
Prints "made a new audit signing key ID at FILE" or "kept the existing audit signing key ID at FILE".`,
    )
    .action(async () => {
      process.exitCode = await runAuditKeygen({}, io);
    });

  audit
    .command('public-key')
    .description('Print the public half of the audit signing key (PEM), for auditors to verify exports with.')
    .option('--output <file>', 'write it to this file instead of stdout')
    .addHelpText(
      'after',
      `
The key id printed with checkpoints and exports is the first 16 hex digits of the sha256 of this public
key (SPKI DER).

Example:
  imagefactory audit public-key --output audit-key.pub.pem
  imagefactory audit verify --export audit.json --public-key audit-key.pub.pem`,
    )
    .action(async (opts: { output?: string }) => {
      process.exitCode = await runAuditPublicKey(opts, io);
    });
}
