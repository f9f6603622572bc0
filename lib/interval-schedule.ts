import { Client, ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy, type ConnectionLike } from '@temporalio/client';
import type { Config } from './config.js';
import type { PayloadKeyConfig } from './payload-keys.js';
import { productDataConverter } from './temporal-connection.js';

/** A client for schedules over a worker's connection, with the product's data converter (payloads encrypted). */
export function scheduleClient(connection: ConnectionLike, config: Pick<Config, 'temporalNamespace'> & PayloadKeyConfig): Client {
  return new Client({ connection, namespace: config.temporalNamespace, dataConverter: productDataConverter(config) });
}

/** A schedule that starts one workflow every `everyMs` on a task queue (overlapping runs skipped). */
export interface IntervalSchedule {
  everyMs: number;
  /** Where in each interval it fires, counted from the Unix epoch (a daily one at 06:00 UTC: 6h); default 0. */
  offsetMs?: number;
  workflowType: string;
  taskQueue: string;
  args: unknown[];
  /** The started workflows' id prefix (Temporal appends the time); default `<schedule id>-workflow`, as Temporal's. */
  workflowId?: string;
}

export type ScheduleOutcome = 'created' | 'updated' | 'unchanged' | 'removed' | 'none';

/**
 * Makes one Temporal Schedule what it should be: created, updated when its interval (or offset), workflow, queue or
 * arguments changed, left alone when it is as wanted, or removed (`wanted` undefined). Several callers at once leave
 * one schedule (a create that finds it there compares and updates instead).
 */
export async function ensureIntervalSchedule(client: Client, scheduleId: string, wanted: IntervalSchedule | undefined): Promise<ScheduleOutcome> {
  const handle = client.schedule.getHandle(scheduleId);
  const describe = () =>
    handle.describe().catch((err: unknown) => {
      if (err instanceof ScheduleNotFoundError) return undefined;
      throw err;
    });
  let current = await describe();
  if (!wanted) {
    if (!current) return 'none';
    await handle.delete().catch((err: unknown) => {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
    });
    return 'removed';
  }
  const offset = wanted.offsetMs ?? 0;
  const spec = { intervals: [{ every: wanted.everyMs, ...(offset ? { offset } : {}) }] };
  const action = { type: 'startWorkflow' as const, workflowType: wanted.workflowType, workflowId: wanted.workflowId ?? `${scheduleId}-workflow`, taskQueue: wanted.taskQueue, args: wanted.args };
  if (!current) {
    try {
      await client.schedule.create({ scheduleId, spec, action, policies: { overlap: ScheduleOverlapPolicy.SKIP } });
      return 'created';
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      current = await describe();
    }
  }
  const ms = (d: unknown) => (typeof d === 'number' ? d : d === undefined ? 0 : Number.NaN);
  const same =
    current?.spec.intervals?.length === 1 &&
    ms(current.spec.intervals[0].every) === wanted.everyMs &&
    ms(current.spec.intervals[0].offset) === offset &&
    current.action.type === 'startWorkflow' &&
    current.action.workflowType === wanted.workflowType &&
    current.action.taskQueue === wanted.taskQueue &&
    JSON.stringify(current.action.args ?? []) === JSON.stringify(wanted.args);
  if (same) return 'unchanged';
  await handle.update((previous) => ({ ...previous, spec, action, policies: { ...previous.policies, overlap: ScheduleOverlapPolicy.SKIP } }));
  return 'updated';
}
