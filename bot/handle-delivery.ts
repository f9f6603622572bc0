import type { EmitterWebhookEventName } from '@octokit/webhooks';
import type { Context, Probot } from 'probot';
import { dropDelivery, finishDelivery, takeDelivery } from '../db/webhook-deliveries-store.js';
import type { BotDeps } from './bot-deps.js';
import { installationRefused } from './installation-refused.js';
import { tenantOfPayload, type OwnedPayload } from './tenant-of.js';


type Tenant = { tenantId: string; login: string };

/**
 * Registers a handler for some events, run once per delivery whichever bot process receives it, and however
 * often GitHub delivers it: the first process to record the delivery id handles it, the others answer and
 * do nothing. An expected outcome (a refusal, something that is not ours) is answered 2xx; a fault (the
 * database or Temporal unreachable) escapes, Probot answers 500, the delivery is forgotten, and GitHub's
 * record of a failed delivery is what the redelivery sweep asks to send again.
 */
export function onDelivery<E extends EmitterWebhookEventName, B = undefined>(
  app: Probot,
  deps: BotDeps,
  events: E | E[],
  handle: (context: Context<E>, tenant: Tenant, begun: B | undefined) => Promise<void>,
  /** Whether the delivery is for the App at all, judged from the payload alone (no I/O): what is not is answered at once. */
  relevant: (context: Context<E>) => boolean = () => true,
  /**
   * Reads begun beside the taking of the delivery, not after it (never a write: a copy another process
   * handles changes nothing), given to `handle`. A copy not taken leaves them unused: their promises must
   * not fail unobserved (a catch attached; they still fail where they are awaited).
   */
  begin?: (context: Context<E>, tenant: Tenant) => B,
): void {
  app.on(events as EmitterWebhookEventName[], async (context) => {
    if (!relevant(context as unknown as Context<E>)) return;
    const tenant = tenantOfPayload(context.payload as OwnedPayload);
    if (!tenant) return;
    const action = (context.payload as { action?: string }).action;
    const event = action ? `${context.name}.${action}` : context.name;
    const begun = begin?.(context as unknown as Context<E>, tenant);
    if (!(await takeDelivery(deps.db, { tenantId: tenant.tenantId, guid: context.id, event, by: deps.processName }))) {
      context.log.debug({ delivery: context.id, event }, 'delivery already taken: nothing to do');
      return;
    }
    try {
      await handle(context as unknown as Context<E>, tenant, begun);
      await finishDelivery(deps.db, tenant.tenantId, context.id);
    } catch (err) {
      if (installationRefused(err)) {
        context.log.info({ delivery: context.id, event }, 'GitHub gives no token for this installation (not installed, or suspended): nothing to do');
        await finishDelivery(deps.db, tenant.tenantId, context.id);
        return;
      }
      await dropDelivery(deps.db, tenant.tenantId, context.id).catch(() => undefined);
      context.log.error({ err, delivery: context.id, event }, 'delivery failed: GitHub records it as failed, and the App asks for it again');
      throw err;
    }
  });
}
