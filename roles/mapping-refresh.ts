import type { Problem } from '../manifest/problem.js';
import type { ChangeAuthor } from './change-author.js';

/** What refreshing a mapping source did. */
export type MappingRefresh =
  /** The default branch holds the content already in force (perhaps at a newer commit): nothing to check. */
  | { outcome: 'unchanged'; source: string; commitSha: string | undefined }
  | {
      outcome: 'accepted';
      source: string;
      /** The commit now in force (for a removed mapping: the commit that removed it). */
      commitSha: string | undefined;
      previousCommitSha: string | undefined;
      author: ChangeAuthor;
      /** Accepted under the bootstrap rule (no mapping was in force). */
      bootstrap: boolean;
      /** The mapping was removed: no mapping is in force now. */
      removed: boolean;
      /** For each required action, the role and grant that allowed it. */
      allowedAs: string[];
    }
  | {
      outcome: 'refused';
      source: string;
      commitSha: string | undefined;
      /** The commit whose mapping stays in force (undefined: none). */
      inForceCommitSha: string | undefined;
      author: ChangeAuthor | undefined;
      reason: string;
      /** The rule that refused: decide's source, or the schema for an invalid file. */
      decisionSource: string;
      /** The file's problems when it failed validation. */
      problems: Problem[];
      /** A paragraph for the author (a check run or a comment). */
      message: string;
    };

export const shortSha = (sha: string | undefined) => (sha === undefined ? 'none' : sha.slice(0, 7));
