/** The HTTP status of a failed Octokit request, or undefined for an error that is not an HTTP answer. */
export function httpStatusOf(err: unknown): number | undefined {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** Runs a request and gives `fallback` when GitHub answers with one of `statuses` (404: no such thing). */
export async function unless<T>(statuses: readonly number[], fallback: T, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    const status = httpStatusOf(err);
    if (status !== undefined && statuses.includes(status)) return fallback;
    throw err;
  }
}
