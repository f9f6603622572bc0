import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, TRIVY_VERSION } from '../../lib/config.js';

export interface TestAdvisory {
  /** e.g. CVE-2099-0001 */
  id: string;
  pkg: string;
  fixedVersion: string;
  severity: 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'UNKNOWN';
  /** Trivy's platform bucket, e.g. "alpine 3.19". */
  platform: string;
  title?: string;
}

/** The trivy-test-db binary `npm run setup` builds from scripts/trivy-test-db. */
export function trivyTestDbBinary(): string {
  return process.env.TRIVY_TEST_DB ?? path.join(loadConfig().toolsDir, `trivy-test-db-${TRIVY_VERSION}`, 'trivy-test-db');
}

/**
 * Writes a small real Trivy vulnerability database holding these advisories into a new temporary folder
 * and returns it: use it as a Trivy cache dir (TRIVY_DB_DIR / --cache-dir). Remove it when done.
 */
export async function createTrivyTestDb(advisories: TestAdvisory[]): Promise<string> {
  const bin = trivyTestDbBinary();
  await fs.access(bin).catch(() => {
    throw new Error(`${bin} is missing: run \`npm run setup\` (it builds scripts/trivy-test-db)`);
  });
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'imagefactory-trivy-db-'));
  await new Promise<void>((resolve, reject) => {
    const child = execFile(bin, ['-o', dir], (err, _stdout, stderr) => (err ? reject(new Error(`trivy-test-db failed: ${stderr || err.message}`)) : resolve()));
    child.stdin!.end(JSON.stringify(advisories));
  });
  return dir;
}
