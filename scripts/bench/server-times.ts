// When Temporal says something happened, on the server's own clock (the same box, so the same wall clock
// as this process): read after the fact, so observing adds nothing to what is measured.
import type { Client } from '@temporalio/client';

interface Timestamp {
  seconds?: number | { toNumber(): number } | null;
  nanos?: number | null;
}

/** This process's wall clock, in milliseconds with sub-millisecond precision. */
export const wallNow = () => performance.timeOrigin + performance.now();

/** How far wallNow() has drifted from Date.now() (the clock the server stamps with), in milliseconds. */
export const wallDrift = () => wallNow() - Date.now();

const msOf = (ts: Timestamp | null | undefined): number => {
  if (!ts) throw new Error('Temporal gave no timestamp');
  const seconds = typeof ts.seconds === 'number' ? ts.seconds : (ts.seconds?.toNumber() ?? 0);
  return seconds * 1000 + (ts.nanos ?? 0) / 1e6;
};

/** When the server started the workflow (its execution's start time). */
export async function startedAt(client: Client, workflowId: string): Promise<number> {
  const described = await client.workflow.getHandle(workflowId).describe();
  return msOf(described.raw.workflowExecutionInfo?.startTime as Timestamp);
}

/** When the workflow accepted each of its updates (the WorkflowExecutionUpdateAccepted events), by update id. */
export async function updatesAcceptedAt(client: Client, workflowId: string): Promise<Map<string, number>> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const accepted = new Map<string, number>();
  for (const event of history.events ?? []) {
    const id = event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId;
    if (id) accepted.set(id, msOf(event.eventTime as Timestamp));
  }
  return accepted;
}

/** The q-th quantile (0..1) of the samples, nearest rank. */
export function quantile(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
