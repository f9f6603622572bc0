import { describe, expect, it } from '@jest/globals';
import { COMMENT_COMMAND_NAMES, helpText, imageAndReason, parseCommand } from '../../../bot/parse-command.js';

const onPr = (body: string) => parseCommand(body, { isPullRequest: true });
const onIssue = (body: string) => parseCommand(body, { isPullRequest: false });

describe('parseCommand', () => {
  it('ignores text that gives no command', () => {
    expect(onPr('Looks good to me!')).toEqual({ kind: 'ignore' });
    expect(onPr('')).toEqual({ kind: 'ignore' });
    expect(onPr('please /approve this')).toEqual({ kind: 'ignore' });
    expect(onPr('/usr/bin/env is missing in the image')).toEqual({ kind: 'ignore' });
  });

  it('reads each command with its arguments', () => {
    expect(onPr('/build')).toEqual({ kind: 'command', command: 'build', images: [], text: '' });
    expect(onPr('/build api web api')).toEqual({ kind: 'command', command: 'build', images: ['api', 'web'], text: 'api web api' });
    expect(onPr('/retry web')).toEqual({ kind: 'command', command: 'retry', images: ['web'], text: 'web' });
    expect(onPr('/status')).toEqual({ kind: 'command', command: 'status', images: [], text: '' });
    expect(onPr('/ok-to-test')).toEqual({ kind: 'command', command: 'ok-to-test', images: [], text: '' });
    expect(onPr('/help')).toEqual({ kind: 'command', command: 'help', images: [], text: '' });
    expect(onPr('/help me please')).toMatchObject({ kind: 'command', command: 'help' });
    for (const command of ['approve', 'reject', 'release', 'cancel'] as const) {
      expect(onPr(`/${command}`)).toEqual({ kind: 'command', command, images: [], text: '' });
    }
  });

  it('gives a decision its first word as a candidate image and the rest as the reason', () => {
    expect(onPr('/approve api looks good')).toEqual({ kind: 'command', command: 'approve', images: ['api'], reason: 'looks good', text: 'api looks good' });
    expect(onPr('/reject web')).toEqual({ kind: 'command', command: 'reject', images: ['web'], text: 'web' });
    // Not an image name (capital letter, punctuation): the whole text is the reason.
    expect(onPr('/approve Checked the findings.')).toEqual({ kind: 'command', command: 'approve', images: [], reason: 'Checked the findings.', text: 'Checked the findings.' });
  });

  it('takes the command from any line, case aside, up to three spaces in', () => {
    expect(onPr('Thanks for the fix.\n\n  /APPROVE api\nMore words.')).toMatchObject({ kind: 'command', command: 'approve', images: ['api'] });
    expect(onPr('/build api\r\nthanks')).toMatchObject({ command: 'build', images: ['api'] });
    expect(onPr('    /approve')).toEqual({ kind: 'ignore' });
  });

  it('ignores quoted lines, code blocks and HTML comments', () => {
    expect(onPr('> /approve\nI agree with the above')).toEqual({ kind: 'ignore' });
    expect(onPr('  > /approve')).toEqual({ kind: 'ignore' });
    expect(onPr('```\n/approve\n```')).toEqual({ kind: 'ignore' });
    expect(onPr('~~~sh\n/build api\n~~~\n')).toEqual({ kind: 'ignore' });
    expect(onPr('````\n```\n/approve\n```\n````')).toEqual({ kind: 'ignore' });
    expect(onPr('<!--\n/approve\n-->')).toEqual({ kind: 'ignore' });
    expect(onPr('<!-- /approve -->')).toEqual({ kind: 'ignore' });
    expect(onPr('```\ncode\n```\n/status')).toMatchObject({ kind: 'command', command: 'status' });
  });

  it('answers an unknown command with a guess and the list', () => {
    const typo = onPr('/aprove');
    expect(typo).toMatchObject({ kind: 'reply' });
    const text = (typo as { text: string }).text;
    expect(text).toContain('`/aprove` is not a command; did you mean `/approve`?');
    for (const c of COMMENT_COMMAND_NAMES) expect(text).toContain(`\`/${c}`);
    expect((onPr('/deploy now') as { text: string }).text).toMatch(/^`\/deploy` is not a command\. The commands: /);
  });

  it('does one command per comment, and says so when there are several', () => {
    expect(onPr('/build\n/approve')).toEqual({ kind: 'reply', text: 'One command per comment: this one has `/build`, `/approve`, so none was done. Comment each on its own.' });
  });

  it('refuses what cannot be an image name, and arguments to a command that takes none', () => {
    expect(onPr('/build API')).toEqual({ kind: 'reply', text: '`API` is not an image name (lowercase letters, digits, ".", "_" and "-"): `/build [image...]`.' });
    expect(onPr('/ok-to-test please')).toEqual({ kind: 'reply', text: '`/ok-to-test` takes nothing after it (found `please`).' });
  });

  it('keeps /ok-to-test to pull requests; the other commands work on issues too', () => {
    expect(onIssue('/ok-to-test')).toEqual({ kind: 'reply', text: '`/ok-to-test` is for pull requests; this is an issue.' });
    expect(onIssue('/build api')).toMatchObject({ kind: 'command', command: 'build', images: ['api'] });
    expect(onIssue('/status')).toMatchObject({ kind: 'command', command: 'status' });
  });
});

describe('imageAndReason', () => {
  const images = ['api', 'web'];
  it('takes the first word as the image when it names one', () => {
    expect(imageAndReason({ images: ['api'], reason: 'looks good', text: 'api looks good' }, images)).toEqual({ ok: true, image: 'api', reason: 'looks good' });
    expect(imageAndReason({ images: ['web'], text: 'web' }, images)).toEqual({ ok: true, image: 'web' });
  });
  it('keeps it in the reason otherwise', () => {
    expect(imageAndReason({ images: ['looks'], reason: 'good', text: 'looks good' }, images)).toEqual({ ok: true, reason: 'looks good' });
    expect(imageAndReason({ images: [], text: '' }, images)).toEqual({ ok: true });
    expect(imageAndReason({ images: [], reason: 'Fine.', text: 'Fine.' }, images)).toEqual({ ok: true, reason: 'Fine.' });
  });
  it('asks about a near miss of an image name', () => {
    expect(imageAndReason({ images: ['apj'], text: 'apj' }, images)).toEqual({ ok: false, text: 'no image is named `apj` here; did you mean `api`? (images: `api`, `web`)' });
  });
});

describe('helpText', () => {
  it('lists every command with the permission it needs', () => {
    const text = helpText();
    for (const c of COMMENT_COMMAND_NAMES) expect(text).toContain(`| \`/${c}`);
    expect(text).toContain('| `/approve [image] [reason]` | approve the promotion of a build waiting for approval | Approve Build |');
    expect(text).toContain('| Approve Image |');
    expect(text).toContain('| Retry Build |');
    expect(text).toContain('| View Builds |');
  });
});
