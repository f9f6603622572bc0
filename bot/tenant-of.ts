/** The parts of a webhook payload that say whose it is. */
export interface OwnedPayload {
  installation?: { id: number; account?: { id: number; login: string; type?: string } | null } | null;
  repository?: { owner: { id: number; login: string; type?: string } } | null;
  organization?: { id: number; login: string } | null;
}

/** The tenant a delivery belongs to (`github:<account id>`) and the account's login, or undefined for an event of nobody's (not ours). */
export function tenantOfPayload(payload: OwnedPayload): { tenantId: string; login: string } | undefined {
  const account = payload.installation?.account ?? payload.repository?.owner ?? payload.organization;
  return account ? { tenantId: `github:${account.id}`, login: account.login } : undefined;
}
