/**
 * An error in one line with the causes that explain it: Temporal's "Failed to start Workflow" says why
 * only in its cause (a workflow id too long, a namespace that does not exist), gRPC in its details.
 */
export function errorText(err: unknown): string {
  const parts: string[] = [];
  let e = err as { message?: string; details?: string; cause?: unknown } | undefined;
  for (let depth = 0; e && depth < 5; depth++) {
    for (const text of [e.message, e.details]) {
      const line = text?.split('\n')[0].trim();
      if (line && !parts.some((p) => p.includes(line))) parts.push(line);
    }
    e = e.cause as typeof e;
  }
  return parts.length > 0 ? parts.join(': ') : String(err);
}
