import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import examplesModule from '@octokit/webhooks-examples';
import { parse } from 'yaml';
import { startBotProcess, type BotProcess } from '../../helpers/bot-process.js';
import { startGitHubDouble, type GitHubDouble } from '../../helpers/github-double.js';

let github: GitHubDouble;
let bot: BotProcess;
beforeAll(async () => {
  github = await startGitHubDouble();
  bot = await startBotProcess(github);
});
afterAll(async () => {
  await bot?.stop();
  await github?.close();
});

/** Every example payload, by event (the package's JSON: one entry per event with its examples). */
const examples = examplesModule as unknown as { name: string; examples: unknown[] }[];

const appYml = parse(fs.readFileSync(new URL('../../../app.yml', import.meta.url), 'utf8')) as { default_events: string[] };
/** The events the App receives: those app.yml subscribes to, and the installation events every App gets. */
const EVENTS = [...appYml.default_events, 'installation', 'installation_repositories'];

describe('imagefactory serve over HTTP', () => {
  it('answers every example payload of every event it subscribes to with 2xx, logging no error', async () => {
    const answered: string[] = [];
    for (const event of EVENTS) {
      const set = examples.find((e) => e.name === event);
      expect([event, (set?.examples.length ?? 0) > 0]).toEqual([event, true]);
      for (const payload of set!.examples) {
        const { status, body } = await bot.deliver(event, payload);
        answered.push(`${event}.${(payload as { action?: string }).action ?? ''} ${status}${status >= 300 ? ` ${body}` : ''}`);
      }
    }
    expect(answered.filter((a) => !/ 2\d\d$/.test(a))).toEqual([]);
    expect(bot.logs().split('\n').filter((l) => /"level":(50|60)/.test(l))).toEqual([]);
  });

  it('refuses a webhook with a wrong or a missing signature, and does nothing with it', async () => {
    const payload = examples.find((e) => e.name === 'installation')!.examples[1];
    const before = github.requests.length;
    const wrong = await bot.deliver('installation', payload, { signature: 'sha256=0000000000000000000000000000000000000000000000000000000000000000' });
    const missing = await bot.deliver('installation', payload, { signature: null });
    expect([wrong.status, missing.status].map((s) => s >= 400 && s < 500)).toEqual([true, true]);
    expect(github.requests.length).toBe(before);
  });
});
