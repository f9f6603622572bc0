import { asc, eq } from 'drizzle-orm';
import type { Database } from './database.js';
import { repositoryBuilds } from './repository-builds.js';
import { builds, type Build } from './schema/builds.js';

/** The builds of a repository at one commit (one per image), by image name: what a pull-request command acts on. */
export function buildsAtCommit(db: Database, tenantId: string, repository: string, sha: string): Promise<Build[]> {
  return repositoryBuilds(db, tenantId, repository, eq(builds.commitSha, sha), asc(builds.image));
}
