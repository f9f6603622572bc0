import picomatch from 'picomatch';
import type { Manifest, TriggersConfig } from '../manifest/types.js';

/**
 * A push as the triggers see it: a branch or a tag, and the files it changed. `changedFiles` is undefined
 * when they are not known (GitHub's list was cut short, or the push brought no commit of its own).
 */
export type PushTrigger = {
  kind: 'push';
  /** The branch was deleted (or the tag): nothing is built. */
  deleted: boolean;
  /** A forced push: its commits do not say what changed against what the branch held before. */
  forced: boolean;
  changedFiles: readonly string[] | undefined;
} & ({ branch: string; tag?: undefined } | { tag: string; branch?: undefined });

/** A pull request as the triggers see it: the branch it merges into and the files it changes. */
export interface PullRequestTrigger {
  kind: 'pull_request';
  baseBranch: string;
  changedFiles: readonly string[] | undefined;
}

export type TriggerEvent = PushTrigger | PullRequestTrigger;

const matchers = new Map<string, (s: string) => boolean>();

/** Glob matching: `*` within a segment, `**` across segments; dot files match like any other (`.github/**`). */
function globMatch(glob: string, value: string): boolean {
  let match = matchers.get(glob);
  if (!match) {
    match = picomatch(glob, { dot: true });
    matchers.set(glob, match);
  }
  return match(value);
}

const anyMatch = (globs: readonly string[], value: string) => globs.some((g) => globMatch(g, value));

/**
 * `push: true` builds every branch and tag. A mapping names branches and tags; one with neither list builds
 * every push, as `true` does; one with only `branches` builds no tag, and one with only `tags` no branch.
 */
function pushMatches(push: TriggersConfig['push'], event: PushTrigger): boolean {
  if (push === undefined || push === false) return false;
  if (push === true || (push.branches === undefined && push.tags === undefined)) return true;
  if (event.branch !== undefined) return push.branches !== undefined && anyMatch(push.branches, event.branch);
  return push.tags !== undefined && anyMatch(push.tags, event.tag);
}

/** `pull_request: true`, or a mapping without `branches`, builds every pull request; `branches` names the base branches. */
function pullRequestMatches(pr: TriggersConfig['pull_request'], event: PullRequestTrigger): boolean {
  if (pr === undefined || pr === false) return false;
  if (pr === true || pr.branches === undefined) return true;
  return anyMatch(pr.branches, event.baseBranch);
}

/**
 * `paths`: at least one changed file matches one of the globs. They apply only when the changed files are
 * known: a tag names a commit, not a change; a forced push's commits do not say what it replaced; a list
 * GitHub cut short says too little. Then the image builds (building once too often is safer than missing
 * a change).
 */
function pathsMatch(paths: readonly string[] | undefined, event: TriggerEvent): boolean {
  if (paths === undefined) return true;
  if (event.kind === 'push' && (event.tag !== undefined || event.forced)) return true;
  if (event.changedFiles === undefined) return true;
  return event.changedFiles.some((file) => anyMatch(paths, file));
}

/** Do an image's triggers start a build for this event? An image without triggers builds only when asked. Pure. */
export function triggerMatches(triggers: TriggersConfig | undefined, event: TriggerEvent): boolean {
  if (triggers === undefined) return false;
  if (event.kind === 'push') {
    if (event.deleted) return false;
    return pushMatches(triggers.push, event) && pathsMatch(triggers.paths, event);
  }
  return pullRequestMatches(triggers.pull_request, event) && pathsMatch(triggers.paths, event);
}

/** The images of a manifest an event builds on its own, in the manifest's order. */
export function triggeredImages(manifest: Manifest, event: TriggerEvent): string[] {
  return Object.entries(manifest.images)
    .filter(([, image]) => triggerMatches(image.triggers, event))
    .map(([name]) => name);
}
