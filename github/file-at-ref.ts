import type { GitHubClient } from './github-client.js';
import { unless } from './http-status.js';
import type { RepositoryRef } from './repository.js';

interface ContentsResponse {
  type: string;
  encoding?: string;
  content?: string;
}

/**
 * A file's text at a ref (a commit sha, or a branch): GET /repos/{owner}/{repo}/contents/{path}?ref=.
 * Undefined when there is no such file there (404, or a folder). A file GitHub sends without its content
 * (over 1 MB) is a fault, said in a sentence: no manifest or mapping is that large.
 */
export async function readFileAt(github: GitHubClient, repository: RepositoryRef, path: string, ref: string): Promise<string | undefined> {
  const found = await unless([404], undefined, async () => {
    const response = await github.request('GET /repos/{owner}/{repo}/contents/{path}', { owner: repository.owner, repo: repository.repo, path, ref });
    return response.data as ContentsResponse | ContentsResponse[];
  });
  if (found === undefined || Array.isArray(found) || found.type !== 'file') return undefined;
  if (found.encoding !== 'base64' || found.content === undefined) {
    throw new Error(`${repository.owner}/${repository.repo}:${path} at ${ref} came without base64 content (encoding ${String(found.encoding)}): it is too large to be a manifest or a mapping file`);
  }
  return Buffer.from(found.content, 'base64').toString('utf8');
}
