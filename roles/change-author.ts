import type { CommitRef } from '../github/last-commit.js';

/** A push as the bot sees it in the push event: who pushed (`sender.login`) and the commits it brought (`commits[].id`). */
export interface PushedBy {
  login: string;
  commits: readonly string[];
}

/** Who a mapping change is attributed to, and on what evidence. */
export interface ChangeAuthor {
  login: string;
  /**
   * `push sender`: the push that brought the commit (GitHub authenticated them). `commit author`: the
   * commit's author as GitHub links it by email; git metadata anyone with push access can write, so the
   * weaker signal, used only when no push event is at hand.
   */
  via: 'push sender' | 'commit author';
}

/**
 * The author of the change: the push's sender when the push brought the commit that last touched the
 * mapping (or when there is no such commit, the push itself having removed it); else the commit's author.
 * An unrelated push never lends its sender to an older change. Undefined when nobody can be named.
 */
export function changeAuthor(commit: CommitRef | undefined, pushedBy: PushedBy | undefined): ChangeAuthor | undefined {
  if (pushedBy !== undefined && (commit === undefined || pushedBy.commits.includes(commit.sha))) return { login: pushedBy.login, via: 'push sender' };
  if (commit?.authorLogin !== undefined) return { login: commit.authorLogin, via: 'commit author' };
  return undefined;
}
