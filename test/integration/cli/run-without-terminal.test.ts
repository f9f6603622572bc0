import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { runCliProcess } from '../../helpers/cli-process.js';
import { makeRepo } from '../../helpers/fixture-repo.js';
import { baseImage, uniqueRepository } from '../../helpers/registry.js';

const folders: string[] = [];
afterAll(() => {
  for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
});

describe('imagefactory run with no terminal (as in CI) on the embedded default', () => {
  it('ends with the summary and exit 2 when images are quarantined or await approval, never a stack trace', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'imagefactory-noterm-'));
    folders.push(dataDir);
    const repo = makeRepo({
      '.imagefactory.yml': `version: 1
images:
  held:
    method: dockerfile
    registry: ${uniqueRepository('held')}
    scan: { on_missing_db: warn }
  gated:
    method: dockerfile
    dockerfile: Gated.Dockerfile
    registry: ${uniqueRepository('gated')}
    scan: { on_missing_db: warn }
    approval: { required: true }
`,
      'Dockerfile': `FROM ${baseImage()}\nRUN mkdir -p /etc/app && printf 'aws_access_key_id = %s%s\\n' AKIA 2E0A8F3B244C9986 > /etc/app/credentials\n`,
      'Gated.Dockerfile': `FROM ${baseImage()}\nRUN echo ${Math.random()} > /gated\n`,
    });
    const env = { IMAGEFACTORY_DATA: dataDir, TEMPORAL_ADDRESS: '', IMAGEFACTORY_TASK_QUEUE: `noterm-${Date.now().toString(36)}`, IMAGEFACTORY_USER: 'alice' };
    const result = await runCliProcess(['run', repo.dir], env);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/^held\s+quarantined/m);
    expect(result.stdout).toMatch(/^gated\s+awaiting approval/m);
    expect(result.stdout).toMatch(/^held\s+quarantined .* 127.0.0.1:5000\/imagefactory-quarantine\/imagefactory-test\/held-\S+\s*$/m);
    expect(result.stdout).not.toMatch(/@sha256\s*$/m);
    expect(result.stdout).toContain('held waits for a person: imagefactory release|reject');
    expect(result.stdout).toContain('gated waits for a person: imagefactory approve|reject');
    expect(result.stderr).not.toMatch(/Channel has been shut down|\n\s+at \S/);
  });
});
