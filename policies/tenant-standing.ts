/** Where a tenant and a project stand with the App, as admission reads it. */
export interface Standing {
  /** The account's name, for the sentence. */
  account: string;
  status: 'active' | 'suspended' | 'uninstalled';
  /** The repository left the installation (its project is archived). */
  archived: boolean;
}

/** Why nothing may be built while the App is suspended or uninstalled, or the repository left it; undefined when it may. */
export function standingRefusal(s: Standing | undefined, repository: string): { reason: string; source: string } | undefined {
  if (!s) return undefined;
  const source = 'the GitHub App installation';
  if (s.status === 'suspended') return { reason: `the Image Factory App is suspended on ${s.account}: builds are refused until an owner unsuspends it (its data is kept)`, source };
  if (s.status === 'uninstalled') return { reason: `the Image Factory App is no longer installed on ${s.account}: builds are refused (its data is kept)`, source };
  if (s.archived) return { reason: `${repository} is no longer one of the App's repositories on ${s.account}: its builds are refused (its data is kept)`, source };
  return undefined;
}
