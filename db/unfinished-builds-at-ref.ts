import { and, desc, eq, notInArray } from 'drizzle-orm';
import { FINAL_STATUSES } from '../workflows/image-build-types.js';
import type { Database } from './database.js';
import { repositoryBuilds } from './repository-builds.js';
import { builds, type Build } from './schema/builds.js';

/**
 * The builds of a repository started for a ref (a pull request's `refs/pull/<n>/head`) that have not ended
 * as far as the database knows, at every commit, newest first: what a pull request's new head or its
 * closing cancels.
 */
export function unfinishedBuildsAtRef(db: Database, tenantId: string, repository: string, ref: string): Promise<Build[]> {
  return repositoryBuilds(db, tenantId, repository, and(eq(builds.ref, ref), notInArray(builds.status, [...FINAL_STATUSES])), desc(builds.createdAt));
}
