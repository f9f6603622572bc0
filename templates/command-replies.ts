import { didYouMeanSuffix } from '../manifest/did-you-mean.js';
import type { Problem } from '../manifest/problem.js';
import type { Manifest } from '../manifest/types.js';
import type { BuildStatus, DecisionResult } from '../workflows/image-build-types.js';
import { mdCode, mdTable, mdText } from './markdown.js';

/** The commit a command acted on, as replies name it. */
export interface ReplyTarget {
  sha: string;
  /** What the commit is the head of, as markdown: `pull request #7`, or the branch as code. */
  of: string;
}

const at = (t: ReplyTarget) => `${mdCode(t.sha.slice(0, 7))} (the head of ${t.of})`;
const names = (images: readonly string[]) => images.map(mdCode).join(', ');
const human = (status: string) => status.replace(/_/g, ' ');

/** `/build` or `/retry` handed to Temporal: what started, what was already running, what already ended. */
export function buildsStartedReply(r: { verb: 'Building' | 'Building again'; images: readonly string[]; target: ReplyTarget; requester: string; joined: boolean; ended: readonly { image: string; status: BuildStatus }[] }): string {
  const lines = r.joined
    ? [`The builds of ${names(r.images)} at ${at(r.target)} are already running: nothing new started.`]
    : [`${r.verb} ${names(r.images)} at ${at(r.target)}, as asked by @${r.requester}: each image's check run follows its build.`];
  for (const e of r.ended) lines.push(`- ${mdCode(e.image)} was already built at this commit (${human(e.status)}): \`/build\` does not build it again${e.status === 'succeeded' ? '' : '; `/retry` does'}.`);
  return lines.join('\n');
}

/**
 * A build request the policies refused, image by image, or images the manifest in force does not have
 * (each with a guess among its images).
 */
export function buildsRefusedReply(requester: string, outcome: { refused: readonly { image: string; reason: string }[]; unknown: readonly string[] }, found: { file: string; manifest: Pick<Manifest, 'images'> }): string {
  const images = Object.keys(found.manifest.images);
  const lines = [`Nothing was built for @${requester}:`];
  for (const u of outcome.unknown) lines.push(`- no image is named ${mdCode(u)} in ${mdCode(found.file)} (it has ${names(images)})${mdText(didYouMeanSuffix(u, images))}`);
  for (const x of outcome.refused) lines.push(`- ${mdCode(x.image)}: ${mdText(x.reason)}`);
  return lines.join('\n');
}

/** Why the default branch's manifest cannot be used: there is none, or its problems. */
export function unusableManifestReply(branch: string, m: { missing: true } | { missing: false; file: string; problems: readonly Problem[] }): string {
  return m.missing ? `No ${mdCode('.imagefactory.yml')} on ${mdCode(branch)}: nothing to build.` : manifestProblemsReply({ file: m.file, branch, problems: m.problems });
}

/** The default branch's manifest cannot be used: every problem, at its line. */
export function manifestProblemsReply(r: { file: string; branch: string; problems: readonly { line: number; col: number; message: string; path: string }[] }): string {
  return [
    `${mdCode(r.file)} on ${mdCode(r.branch)} has problems, so nothing was built (the manifest always comes from the default branch):`,
    ...r.problems.map((p) => `- line ${p.line}, column ${p.col}: ${mdText(p.message)}${p.path ? ` (at ${mdCode(p.path)})` : ''}`),
  ].join('\n');
}

/** A decision sent to a build, and its answer: accepted, or the refusal with its reason. */
export function decisionReply(r: { kind: string; image: string; buildId: string; actor: string; result: DecisionResult | { ok: false; reason: string; source: string } }): string {
  const what = `${r.kind} of ${mdCode(r.image)} (${mdCode(r.buildId)}) by @${r.actor}`;
  if (r.result.ok) return `${what}: **accepted**; the check run shows what follows.`;
  return `${what}: **refused**: ${mdText(r.result.reason)}${r.result.reason.includes(r.result.source) ? '' : ` (${mdText(r.result.source)})`}.`;
}

/** No build, or several, for a decision that names no image: what there is, and how to say which. */
export function decisionTargetReply(r: { kind: string; target: ReplyTarget; waiting: readonly string[]; builds: readonly { image: string; status: BuildStatus }[]; waitingFor: string }): string {
  if (r.waiting.length > 1) {
    return `Several builds at ${at(r.target)} wait for ${r.waitingFor}: ${names(r.waiting)}. Say which: ${r.waiting.map((i) => `\`/${r.kind} ${i}\``).join(', ')}.`;
  }
  const all = r.builds.length === 0 ? 'there is no build at that commit yet' : `its builds: ${r.builds.map((b) => `${mdCode(b.image)} ${human(b.status)}`).join(', ')}`;
  return `No build at ${at(r.target)} waits for ${r.waitingFor} (${all}).`;
}

/** One image's build as `/status` shows it. */
export interface StatusRow {
  image: string;
  status: BuildStatus;
  step?: string;
  digest?: string;
  findings: string;
  approvedBy: readonly string[];
  /** Who is still needed, in words, or undefined when nobody is. */
  stillNeeded?: string;
}

/** `/status`: each image's build at the commit. */
export function statusReply(target: ReplyTarget, rows: readonly StatusRow[]): string {
  if (rows.length === 0) return `No build at ${at(target)} yet.`;
  const table = mdTable(
    ['image', 'status', 'digest', 'findings', 'approved by', 'still needed'],
    rows.map((r) => [
      mdCode(r.image),
      `${human(r.status)}${r.step && r.step !== human(r.status) ? `: ${mdText(r.step)}` : ''}`,
      r.digest ? mdCode(`${r.digest.slice(0, 19)}…`) : '-',
      mdText(r.findings),
      r.approvedBy.length > 0 ? r.approvedBy.map((a) => mdText(a)).join(', ') : '-',
      r.stillNeeded ? mdText(r.stillNeeded) : '-',
    ]),
  );
  return `Builds at ${at(target)}:\n\n${table}`;
}
