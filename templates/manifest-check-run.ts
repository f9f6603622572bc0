import type { CheckRunAnnotation, CompletedCheckRun } from '../github/annotated-check-run.js';
import { formatProblem, type Problem } from '../manifest/problem.js';
import type { Manifest, TriggersConfig } from '../manifest/types.js';
import { cutTo, mdCode, mdFence, mdTable, mdText } from './markdown.js';

/**
 * The check run a pushed manifest is reported in, on the pushed commit. An image's is `imagefactory: <image>`
 * (checkRunName), and an image name has no space, so no image's check run can take this name.
 */
export const MANIFEST_CHECK_NAME = 'imagefactory: the manifest';

/** GitHub's limit on a check run's summary. */
const MAX_SUMMARY = 65_535;

/** A manifest as found at a commit. */
export type ManifestAtCommit =
  | { state: 'valid'; file: string; manifest: Manifest }
  | { state: 'invalid'; file: string; problems: readonly Problem[] }
  | { state: 'absent' };

export interface ManifestCheckContext {
  sha: string;
  /** The tenant configuration the manifest was checked against (its label: `tenant.yml of acme/.imagefactory`). */
  tenantLabel: string;
  defaultBranch: string;
  /** The branch pushed, when it is not the default branch. */
  branch?: string;
}

/** A problem as GitHub annotates it: its lines, and its columns when it sits within one line (end column inclusive). */
export function problemAnnotation(p: Problem): CheckRunAnnotation {
  let endLine = Math.max(p.line, p.endLine ?? p.line);
  // An end at the very start of a line (exclusive) ends on the line before.
  if (endLine > p.line && p.endCol === 1) endLine -= 1;
  const columns = endLine === p.line ? { start_column: p.col, end_column: Math.max(p.col, (p.endCol ?? p.col + 1) - 1) } : {};
  return { path: p.file, start_line: p.line, end_line: endLine, ...columns, annotation_level: 'failure', message: p.message, ...(p.path ? { title: p.path } : {}) };
}

const list = (globs: readonly string[]) => globs.map(mdCode).join(', ');

/** When an image builds on its own, in a few words. */
export function describeTriggers(t: TriggersConfig | undefined): string {
  const on: string[] = [];
  if (t?.push === true || (typeof t?.push === 'object' && t.push.branches === undefined && t.push.tags === undefined)) on.push('every push');
  else if (typeof t?.push === 'object') {
    if (t.push.branches) on.push(`pushes to ${list(t.push.branches)}`);
    if (t.push.tags) on.push(`tags ${list(t.push.tags)}`);
  }
  if (t?.pull_request === true || (typeof t?.pull_request === 'object' && t.pull_request.branches === undefined)) on.push('pull requests');
  else if (typeof t?.pull_request === 'object' && t.pull_request.branches) on.push(`pull requests into ${list(t.pull_request.branches)}`);
  if (on.length === 0) return 'only when asked (`/build`)';
  return t?.paths ? `${on.join('; ')}; when ${list(t.paths)} change` : on.join('; ');
}

/** The check run for a manifest at a pushed commit: success with its images, or failure with an annotation at every problem. */
export function manifestCheckRun(found: ManifestAtCommit, ctx: ManifestCheckContext): CompletedCheckRun {
  const at = mdCode(ctx.sha.slice(0, 7));
  const applies = ctx.branch && ctx.branch !== ctx.defaultBranch ? `\n\nBuilds always use the manifest of the default branch (${mdCode(ctx.defaultBranch)}): this one applies once it is merged there.` : '';
  if (found.state === 'absent') {
    return { name: MANIFEST_CHECK_NAME, conclusion: 'neutral', output: { title: 'No manifest', summary: `No \`.imagefactory.yml\` at ${at}: Image Factory builds nothing from this commit's own configuration.${applies}` }, annotations: [] };
  }
  const file = mdCode(found.file);
  if (found.state === 'invalid') {
    const n = found.problems.length;
    const title = `${n} problem${n === 1 ? '' : 's'} in ${found.file}`;
    const intro = `${file} at ${at} does not validate (checked against ${mdText(ctx.tenantLabel)}); each problem is annotated at its line:\n\n`;
    const summary = cutTo(`${intro}${mdFence(found.problems.map(formatProblem))}${applies}`, MAX_SUMMARY);
    return { name: MANIFEST_CHECK_NAME, conclusion: 'failure', output: { title, summary }, annotations: found.problems.map(problemAnnotation) };
  }
  const images = Object.entries(found.manifest.images);
  const table = mdTable(['image', 'method', 'builds on its own'], images.map(([name, image]) => [mdCode(name), mdCode(image.method), describeTriggers(image.triggers)]));
  const summary = cutTo(`${file} at ${at} is valid (checked against ${mdText(ctx.tenantLabel)}): ${images.length} image${images.length === 1 ? '' : 's'}.\n\n${table}${applies}`, MAX_SUMMARY);
  return { name: MANIFEST_CHECK_NAME, conclusion: 'success', output: { title: `${found.file} is valid`, summary }, annotations: [] };
}
