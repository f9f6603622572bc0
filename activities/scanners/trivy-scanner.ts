import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TRIVY_VERSION } from '../../lib/config.js';
import { parseImageReference } from '../registry/image-reference.js';
import { isPlainHttpRegistry } from '../registry/plain-http-registry.js';
import { type RegistryCredentials } from '../registry/registry-auth.js';
import { runTool, type ToolRun } from './run-tool.js';
import { NO_DATABASE_NOTE, ScanCancelledError, ScanFailedError, type ScanReport, type ScanRequest, type Scanner } from './scanner.js';
import { parseTrivyReport, type TrivyJsonReport } from './trivy-report.js';

export interface TrivyScannerOptions {
  /** The trivy binary (config.trivy). */
  trivy: string;
  /** A Trivy cache folder holding db/trivy.db and db/metadata.json (config.trivyDbDir); unset: no vulnerability scan. */
  dbDir?: string;
  /** Registries besides loopback ones reached over plain HTTP (config.insecureRegistries): only plain-HTTP registries get --insecure. */
  insecureRegistries?: string[];
  credentials?: RegistryCredentials;
  /** Reported when the binary does not know its own version (a `go build` says "dev"). */
  version?: string;
  /** Trivy's own --timeout (default 10m). */
  timeout?: string;
  /** Where per-scan temporary folders go (default the OS temp dir). */
  tmpDir?: string;
  heartbeatIntervalMs?: number;
}

/** The trivy binary is not where the configuration says. */
export class TrivyNotFoundError extends Error {
  constructor(readonly path: string) {
    super(`trivy not found at ${path}: run \`npm run setup\` to build Trivy ${TRIVY_VERSION} into the tools cache, or set TRIVY to its path`);
    this.name = 'TrivyNotFoundError';
  }
}

interface DbState {
  status: 'present' | 'missing';
  updatedAt?: string;
  reason?: string;
}

/** Checks the configured database folder the way Trivy will read it (db/trivy.db + db/metadata.json). */
export async function trivyDbState(dbDir: string | undefined): Promise<DbState> {
  if (!dbDir) return { status: 'missing', reason: 'none configured (TRIVY_DB_DIR)' };
  try {
    await fs.access(path.join(dbDir, 'db', 'trivy.db'));
    const meta = JSON.parse(await fs.readFile(path.join(dbDir, 'db', 'metadata.json'), 'utf8')) as { UpdatedAt?: string };
    return { status: 'present', ...(meta.UpdatedAt ? { updatedAt: meta.UpdatedAt } : {}) };
  } catch {
    return { status: 'missing', reason: `${dbDir} holds no db/trivy.db with db/metadata.json` };
  }
}

/**
 * Scans a pushed image (repository@digest) with Trivy straight from the registry: secrets always,
 * vulnerabilities when a database is configured, and a CycloneDX SBOM converted from the same run. Trivy
 * never updates anything: each scan gets its own temporary cache folder, where the configured database is
 * linked read-only, and runs in that folder (no stray trivy.yaml or .trivyignore from the worker's cwd).
 */
export class TrivyScanner implements Scanner {
  readonly name = 'trivy';

  constructor(private readonly opts: TrivyScannerOptions) {}

  async scan(req: ScanRequest): Promise<ScanReport> {
    const ref = parseImageReference(req.ref);
    if (!ref.digest) throw new Error(`scan ${req.ref} by digest (repository@sha256:...): a tag can move while it is scanned`);
    if (req.signal?.aborted) throw new ScanCancelledError(req.ref);
    await fs.access(this.opts.trivy).catch(() => {
      throw new TrivyNotFoundError(this.opts.trivy);
    });
    const db = await trivyDbState(this.opts.dbDir);
    const tmp = await fs.mkdtemp(path.join(this.opts.tmpDir ?? os.tmpdir(), 'imagefactory-trivy-'));
    const timer = req.heartbeat ? setInterval(() => req.heartbeat!(), this.opts.heartbeatIntervalMs ?? 5000) : undefined;
    try {
      const cache = path.join(tmp, 'cache');
      await fs.mkdir(cache);
      if (db.status === 'present') {
        await fs.symlink(path.join(this.opts.dbDir!, 'db'), path.join(cache, 'db'));
        const javaDb = path.join(this.opts.dbDir!, 'java-db');
        if (await fs.access(javaDb).then(() => true, () => false)) await fs.symlink(javaDb, path.join(cache, 'java-db'));
      }
      const credential = this.opts.credentials?.[ref.registry];
      const env = { ...process.env, ...(credential ? { TRIVY_USERNAME: credential.username, TRIVY_PASSWORD: credential.password } : {}) };
      const reportFile = path.join(tmp, 'report.json');
      const image = await this.run(req, env, tmp, [
        'image', '--cache-dir', cache, '--no-progress', '--cache-backend', 'memory', '--image-src', 'remote',
        ...(isPlainHttpRegistry(ref.registry, this.opts.insecureRegistries) ? ['--insecure'] : []),
        '--skip-version-check', '--skip-db-update', '--skip-java-db-update', '--disable-telemetry', '--offline-scan',
        '--timeout', this.opts.timeout ?? '10m',
        '--scanners', db.status === 'present' ? 'vuln,secret' : 'secret',
        '--list-all-pkgs', '--format', 'json', '--output', reportFile, req.ref,
      ]);
      this.check(image, req, 'trivy image');
      const sbomFile = path.join(tmp, 'sbom.cdx.json');
      this.check(await this.run(req, env, tmp, ['convert', '--cache-dir', cache, '--format', 'cyclonedx', '--output', sbomFile, reportFile]), req, 'trivy convert');

      const parsed = parseTrivyReport(JSON.parse(await fs.readFile(reportFile, 'utf8')) as TrivyJsonReport);
      const notes: string[] = [];
      if (db.status === 'missing') notes.push(`${NO_DATABASE_NOTE} (${db.reason})`);
      else if (parsed.packageCount === 0) notes.push('no OS or language packages found: the vulnerability scan had nothing to check');
      if (parsed.endOfLife && parsed.os) notes.push(`${parsed.os} is no longer supported by its distribution: security fixes may be missing`);
      return {
        scanner: 'trivy',
        version: parsed.version ?? this.opts.version ?? TRIVY_VERSION,
        target: `${ref.registry}/${ref.repository}@${ref.digest}`,
        dbStatus: db.status,
        ...(db.updatedAt ? { dbUpdatedAt: db.updatedAt } : {}),
        vulnerabilities: parsed.vulnerabilities,
        secrets: parsed.secrets,
        notes,
        sbom: JSON.parse(await fs.readFile(sbomFile, 'utf8')) as Record<string, unknown>,
      };
    } finally {
      if (timer) clearInterval(timer);
      await fs.rm(tmp, { recursive: true, force: true });
    }
  }

  private async run(req: ScanRequest, env: NodeJS.ProcessEnv, cwd: string, args: string[]): Promise<ToolRun> {
    try {
      return await runTool(this.opts.trivy, args, { cwd, env, signal: req.signal, onLine: req.onLog });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'EACCES') throw new TrivyNotFoundError(this.opts.trivy);
      throw err;
    }
  }

  private check(run: ToolRun, req: ScanRequest, what: string): void {
    if (run.aborted || req.signal?.aborted) throw new ScanCancelledError(req.ref);
    if (run.code !== 0) {
      const fatal = run.tail.filter((l) => /\b(FATAL|ERROR)\b/.test(l)).pop() ?? run.tail[run.tail.length - 1] ?? '';
      throw new ScanFailedError(`${what} failed on ${req.ref} (exit ${run.code ?? run.signal}): ${fatal.replace(/^\S+\s+(FATAL|ERROR)\s+/, '')}`, run.tail);
    }
  }
}
