import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../../lib/config.js';
import { pushImage } from '../../../activities/registry/push-image.js';
import { NO_DATABASE_NOTE, ScanCancelledError } from '../../../activities/scanners/scanner.js';
import { TrivyNotFoundError, TrivyScanner } from '../../../activities/scanners/trivy-scanner.js';
import { deleteRepository, testRegistryClient, uniqueRepository } from '../../helpers/registry.js';
import { createTrivyTestDb } from '../../helpers/trivy-test-db.js';
import { buildFixture, removeLocalImages, testEngine, type TestEngine } from './engine-fixture.js';

const MUSL_ADVISORY = { id: 'CVE-2099-0001', pkg: 'musl', fixedVersion: '1.2.4-r3', severity: 'CRITICAL' as const, platform: 'alpine 3.19', title: 'musl: planted test advisory' };

async function listFiles(dir: string): Promise<string[]> {
  return (await fs.readdir(dir, { recursive: true })).map(String).sort();
}

describe('Trivy scanner (real Trivy on images pushed to the local registry)', () => {
  const config = loadConfig();
  const registry = testRegistryClient();
  const repository = uniqueRepository('scan');
  const scanner = (dbDir?: string) => new TrivyScanner({ trivy: config.trivy, dbDir, insecureRegistries: config.insecureRegistries });
  let t: TestEngine;
  let secretRef: string;
  let alpineRef: string;
  let dbDir: string;

  beforeAll(async () => {
    t = await testEngine();
    const push = async (fixture: string) => {
      await buildFixture(t, fixture, `${repository}:${fixture}`);
      const pushed = await pushImage({ docker: t.docker, registry }, { image: `${repository}:${fixture}`, repository, tags: [fixture] });
      return `${repository}@${pushed.digest}`;
    };
    secretRef = await push('planted-secret');
    alpineRef = await push('alpine-like');
    dbDir = await createTrivyTestDb([MUSL_ADVISORY, { ...MUSL_ADVISORY, id: 'CVE-2099-0002', pkg: 'openssl', severity: 'HIGH' }]);
  });
  afterAll(async () => {
    await deleteRepository(registry, repository);
    await removeLocalImages(t.docker, [`${repository}:planted-secret`, `${repository}:alpine-like`]);
    if (dbDir) await fs.rm(dbDir, { recursive: true, force: true });
  });

  it('finds the planted AWS key as a CRITICAL secret, and says plainly that vulnerabilities were not scanned', async () => {
    const report = await scanner(undefined).scan({ ref: secretRef });
    expect(report).toMatchObject({ scanner: 'trivy', version: '0.74.0', target: secretRef, dbStatus: 'missing', vulnerabilities: [] });
    expect(report.secrets).toEqual([{ ruleId: 'aws-access-key-id', category: 'AWS', severity: 'CRITICAL', title: 'AWS Access Key ID', target: '/app/config/credentials', line: 2 }]);
    expect(report.notes).toEqual([expect.stringContaining(NO_DATABASE_NOTE)]);
  });

  it('with the test database, reports the musl advisory as CRITICAL and leaves the database untouched', async () => {
    const before = await listFiles(dbDir);
    const report = await scanner(dbDir).scan({ ref: alpineRef });
    expect(report.dbStatus).toBe('present');
    expect(Date.parse(report.dbUpdatedAt!)).not.toBeNaN();
    expect(report.vulnerabilities).toEqual([
      { id: 'CVE-2099-0001', pkg: 'musl', installed: '1.2.4-r2', fixed: '1.2.4-r3', severity: 'CRITICAL', title: 'musl: planted test advisory', target: `${alpineRef} (alpine 3.19.1)` },
    ]);
    expect(report.secrets).toEqual([]);
    expect(report.notes.some((n) => n.includes(NO_DATABASE_NOTE))).toBe(false);
    expect(report.sbom).toMatchObject({ bomFormat: 'CycloneDX' });
    const components = (report.sbom.components as { name: string; version?: string }[]).map((c) => `${c.name}@${c.version}`);
    expect(components).toContain('musl@1.2.4-r2');
    expect(await listFiles(dbDir)).toEqual(before);
  });

  it('without a database reports no vulnerabilities only with the note saying why, and the SBOM still lists packages', async () => {
    const report = await scanner(path.join(dbDir, 'not-a-db')).scan({ ref: alpineRef });
    expect(report.dbStatus).toBe('missing');
    expect(report.vulnerabilities).toEqual([]);
    expect(report.notes[0]).toMatch(/^vulnerabilities not scanned: no database/);
    expect((report.sbom.components as { name: string }[]).map((c) => c.name)).toContain('musl');
  });

  it('stops Trivy when cancelled, and names `npm run setup` when the binary is missing', async () => {
    const controller = new AbortController();
    const scan = scanner(dbDir).scan({ ref: alpineRef, signal: controller.signal, onLog: () => controller.abort() });
    await expect(scan).rejects.toBeInstanceOf(ScanCancelledError);
    const missing = new TrivyScanner({ trivy: '/nonexistent/trivy' });
    await expect(missing.scan({ ref: alpineRef })).rejects.toThrow(TrivyNotFoundError);
    await expect(missing.scan({ ref: alpineRef })).rejects.toThrow(/npm run setup/);
    await expect(scanner().scan({ ref: `${repository}:alpine-like` })).rejects.toThrow(/by digest/);
  });
});
