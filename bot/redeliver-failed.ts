import type { Database } from '../db/database.js';
import { withExclusiveJob } from '../db/sweep-lock.js';
import type { GitHubClient } from '../github/github-client.js';
import type { Logger } from '../lib/logger.js';

interface HookDelivery {
  id: number;
  guid: string;
  delivered_at: string;
  status_code: number;
  event: string;
  action: string | null;
}

/** How far back failed deliveries are asked for again (GitHub keeps the log for a few days). */
const WINDOW_MS = 3 * 24 * 3_600_000;

/**
 * GitHub does not retry a failed delivery. This asks it to: the App's recent deliveries (GET
 * /app/hook/deliveries), grouped by delivery id; one that never succeeded is sent again (POST
 * /app/hook/deliveries/{id}/attempts, for its latest attempt). A delivery that was handled after all (the
 * answer was lost) is answered and left alone by the delivery table. One bot process at a time sweeps.
 */
export async function redeliverFailed(deps: { db: Database; app: GitHubClient; log: Logger; now?: () => Date }): Promise<{ asked: string[] } | undefined> {
  return withExclusiveJob(deps.db, 'redeliver-failed', async () => {
    const since = (deps.now?.() ?? new Date()).getTime() - WINDOW_MS;
    const attempts: HookDelivery[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const response = await deps.app.request('GET /app/hook/deliveries', { per_page: 100, ...(cursor ? { cursor } : {}) });
      const batch = response.data as HookDelivery[];
      attempts.push(...batch);
      const next = /<[^>]*[?&]cursor=([^&>]+)[^>]*>;\s*rel="next"/.exec(String(response.headers.link ?? ''))?.[1];
      if (!next || batch.length === 0 || batch.every((d) => Date.parse(d.delivered_at) < since)) break;
      cursor = decodeURIComponent(next);
    }
    const byGuid = new Map<string, HookDelivery[]>();
    for (const a of attempts.filter((d) => Date.parse(d.delivered_at) >= since)) byGuid.set(a.guid, [...(byGuid.get(a.guid) ?? []), a]);
    const asked: string[] = [];
    for (const [guid, tries] of byGuid) {
      if (tries.some((t) => t.status_code >= 200 && t.status_code < 300)) continue;
      const latest = tries.sort((a, b) => Date.parse(b.delivered_at) - Date.parse(a.delivered_at))[0];
      await deps.app.request('POST /app/hook/deliveries/{delivery_id}/attempts', { delivery_id: latest.id });
      asked.push(guid);
      deps.log.info({ delivery: guid, event: latest.event, action: latest.action, status: latest.status_code }, 'asked GitHub to deliver a failed webhook again');
    }
    return { asked };
  });
}
