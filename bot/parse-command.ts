import { didYouMean } from '../manifest/did-you-mean.js';
import { ACTIONS } from '../policies/actions.js';
import { commandAction, type ChatCommand } from '../policies/command-action.js';

/** The commands a pull-request or issue comment may give. */
export type CommentCommand = Extract<ChatCommand, 'build' | 'approve' | 'reject' | 'cancel' | 'retry' | 'release' | 'status' | 'report' | 'help'> | 'ok-to-test';

/** How a command reads its arguments: image names, an image and a reason, a period (`7d`), or nothing. */
type Takes = 'images' | 'decision' | 'period' | 'none' | 'anything';

interface CommandDef {
  usage: string;
  about: string;
  takes: Takes;
  /** Only on a pull request (not on an issue). */
  pullRequestOnly?: true;
}

/** Every comment command, in the order `/help` lists them. */
export const COMMENT_COMMANDS: Readonly<Record<CommentCommand, CommandDef>> = {
  build: { usage: '/build [image...]', about: 'build the images named (none named: on a pull request those with a `pull_request` trigger, on an issue every image) at the head commit', takes: 'images' },
  approve: { usage: '/approve [image] [reason]', about: 'approve the promotion of a build waiting for approval', takes: 'decision' },
  reject: { usage: '/reject [image] [reason]', about: 'reject a quarantined image, or a build waiting for approval', takes: 'decision' },
  release: { usage: '/release [image] [reason]', about: 'release a quarantined image so it is published and promoted', takes: 'decision' },
  cancel: { usage: '/cancel [image] [reason]', about: 'cancel a build that is still running', takes: 'decision' },
  retry: { usage: '/retry [image...]', about: 'build again the images whose build at the head commit failed, was cancelled, rejected or expired', takes: 'images' },
  'ok-to-test': { usage: '/ok-to-test', about: "let the pull request's builds run (from a fork, or by an author who may not build)", takes: 'none', pullRequestOnly: true },
  status: { usage: '/status [image...]', about: "each image's build at the head commit: status, digest, findings, approvals", takes: 'images' },
  report: { usage: '/report [7d|30d]', about: "this repository's builds over the last 7 days (or the period given): totals, success rate, durations, failures, methods, members, quarantines, approvals, trend", takes: 'period' },
  help: { usage: '/help', about: 'this list', takes: 'anything' },
};

export const COMMENT_COMMAND_NAMES = Object.keys(COMMENT_COMMANDS) as CommentCommand[];

export type ParsedComment =
  | { kind: 'ignore' }
  | { kind: 'reply'; text: string }
  | {
      kind: 'command';
      command: CommentCommand;
      /**
       * The images named. For a decision, the first word when it can be an image name: only a candidate, since
       * the parser does not know the images (`/approve api looks good` against `/approve looks good`); see
       * imageAndReason.
       */
      images: string[];
      /** For a decision: the words after the candidate image (the reason when the candidate is an image). */
      reason?: string;
      /** Everything after the command on its line (for a decision: the reason when no image is named). */
      text: string;
    };

/** An image name as the manifest allows it (manifest/imagefactory.schema.json). */
const IMAGE_NAME = /^[a-z0-9][a-z0-9_.-]{0,63}$/;
/** A command: `/word` at the start of a line (at most three spaces in: four make a code block), then a space or the end. */
const COMMAND_LINE = /^ {0,3}\/([A-Za-z][A-Za-z-]*)(?=\s|$)(.*)$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
/** `/report`'s period: days or weeks, at most three digits. */
const REPORT_PERIOD = /^[1-9][0-9]{0,2}[dw]$/;

/** The list an unknown command's reply ends with. */
export const commandList = () => COMMENT_COMMAND_NAMES.map((c) => `\`${COMMENT_COMMANDS[c].usage}\``).join(', ');

/** The permission a command needs, as document 003 names it (`/ok-to-test` lets builds run: Create Build). */
function permissionOf(command: CommentCommand): string {
  if (command === 'help') return 'nothing';
  if (command === 'reject') return `${ACTIONS['reject-image'].name} (a quarantined image) or ${ACTIONS['approve-build'].name} (at the promotion gate)`;
  return ACTIONS[commandAction(command === 'ok-to-test' ? 'build' : command)!].name;
}

/** What `/help` answers: every command, what it does and the permission it needs. */
export function helpText(): string {
  const rows = COMMENT_COMMAND_NAMES.map((c) => `| \`${COMMENT_COMMANDS[c].usage}\` | ${COMMENT_COMMANDS[c].about} | ${permissionOf(c)} |`);
  return [
    'Image Factory commands: one per comment, on a line of its own. They act on the head commit of the pull request (of the default branch on an issue).',
    '',
    '| command | what it does | needs |',
    '| --- | --- | --- |',
    ...rows,
    '',
    'With no image named, a decision goes to the one build waiting for it. Who may is decided from the role mappings in force; a refusal names the roles that may.',
  ].join('\n');
}

/**
 * The lines of a comment that may hold a command: not in a fenced or indented code block, not quoted
 * (`> ...`), not in an HTML comment.
 */
function commandLines(body: string): { word: string; rest: string }[] {
  const found: { word: string; rest: string }[] = [];
  let fence: string | undefined;
  let inHtmlComment = false;
  for (const line of body.split(/\r?\n/)) {
    if (inHtmlComment) {
      if (line.includes('-->')) inHtmlComment = false;
      continue;
    }
    const opens = FENCE.exec(line)?.[1];
    if (fence !== undefined) {
      if (opens !== undefined && opens[0] === fence[0] && opens.length >= fence.length && line.trim() === opens) fence = undefined;
      continue;
    }
    if (opens !== undefined) {
      fence = opens;
      continue;
    }
    if (/^\s*<!--/.test(line)) {
      inHtmlComment = !line.includes('-->');
      continue;
    }
    const m = COMMAND_LINE.exec(line);
    if (m) found.push({ word: m[1].toLowerCase(), rest: m[2].trim() });
  }
  return found;
}

const isCommand = (word: string): word is CommentCommand => Object.hasOwn(COMMENT_COMMANDS, word);

/**
 * Reads a pull-request or issue comment. A command is a line that starts with `/`; quoted lines, code
 * blocks and HTML comments never count, and text that is no command is ignored. One command per comment,
 * its arguments on its own line. An unknown command, a misspelled image name or a second command gets a
 * reply saying what is wrong. Pure.
 */
export function parseCommand(body: string, where: { isPullRequest: boolean }): ParsedComment {
  const lines = commandLines(body);
  if (lines.length === 0) return { kind: 'ignore' };
  const unknown = lines.find((l) => !isCommand(l.word));
  if (unknown) {
    const guess = didYouMean(unknown.word, COMMENT_COMMAND_NAMES);
    return { kind: 'reply', text: `\`/${unknown.word}\` is not a command${guess ? `; did you mean \`/${guess}\`?` : '.'} The commands: ${commandList()}.` };
  }
  if (lines.length > 1) {
    return { kind: 'reply', text: `One command per comment: this one has ${lines.map((l) => `\`/${l.word}\``).join(', ')}, so none was done. Comment each on its own.` };
  }
  const { word, rest } = lines[0];
  const command = word as CommentCommand;
  const def = COMMENT_COMMANDS[command];
  if (def.pullRequestOnly && !where.isPullRequest) return { kind: 'reply', text: `\`${def.usage}\` is for pull requests; this is an issue.` };
  const words = rest === '' ? [] : rest.split(/\s+/);
  if (def.takes === 'none' && words.length > 0) return { kind: 'reply', text: `\`${def.usage}\` takes nothing after it (found \`${rest}\`).` };
  if (def.takes === 'period') {
    if (words.length > 1 || (words.length === 1 && !REPORT_PERIOD.test(words[0]))) return { kind: 'reply', text: `\`${def.usage}\` takes one period, a number of days or weeks such as \`7d\`, \`30d\` or \`2w\` (found \`${rest}\`).` };
    return { kind: 'command', command, images: [], text: words[0] ?? '' };
  }
  if (def.takes === 'images') {
    const bad = words.find((w) => !IMAGE_NAME.test(w));
    if (bad !== undefined) return { kind: 'reply', text: `\`${bad}\` is not an image name (lowercase letters, digits, ".", "_" and "-"): \`${def.usage}\`.` };
    return { kind: 'command', command, images: [...new Set(words)], text: rest };
  }
  if (def.takes === 'decision' && words.length > 0 && IMAGE_NAME.test(words[0])) {
    const reason = rest.slice(words[0].length).trim();
    return { kind: 'command', command, images: [words[0]], ...(reason ? { reason } : {}), text: rest };
  }
  return { kind: 'command', command, images: [], ...(def.takes === 'decision' && rest ? { reason: rest } : {}), text: rest };
}

export type ImageAndReason = { ok: true; image?: string; reason?: string } | { ok: false; text: string };

/**
 * A decision's image and reason, once the images of the builds it may be for are known: the first word is
 * the image when it names one of them (`/approve api looks good`), otherwise it belongs to the reason
 * (`/approve looks good`). A first word that is not an image but close to one (`/approve apj`) is
 * refused with a question rather than taken as a reason. Pure.
 */
export function imageAndReason(parsed: { images: string[]; reason?: string; text: string }, images: readonly string[]): ImageAndReason {
  const candidate = parsed.images[0];
  if (candidate === undefined) return { ok: true, ...(parsed.text ? { reason: parsed.text } : {}) };
  if (images.includes(candidate)) return { ok: true, image: candidate, ...(parsed.reason ? { reason: parsed.reason } : {}) };
  const guess = didYouMean(candidate, images);
  if (guess !== undefined) return { ok: false, text: `no image is named \`${candidate}\` here; did you mean \`${guess}\`? (images: ${images.map((i) => `\`${i}\``).join(', ')})` };
  return { ok: true, reason: parsed.text };
}
