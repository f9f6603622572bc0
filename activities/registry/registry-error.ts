/** A registry answered with an error (its `errors[0].code` and message when it sent them). */
export class RegistryError extends Error {
  constructor(
    readonly status: number,
    readonly method: string,
    readonly url: string,
    readonly code: string | undefined,
    detail: string,
  ) {
    super(`${method} ${url} failed: HTTP ${status}${code ? ` ${code}` : ''}${detail ? `: ${detail}` : ''}`);
    this.name = 'RegistryError';
  }
}

/** The RegistryError of a response, its body's errors read; `why` is a sentence of ours added at the end. */
export async function registryError(res: Response, method: string, url: string, why?: string): Promise<RegistryError> {
  let code: string | undefined;
  let detail: string;
  const text = method === 'HEAD' ? '' : await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { errors?: { code?: string; message?: string }[] };
    code = body.errors?.[0]?.code;
    detail = body.errors?.map((e) => e.message).filter(Boolean).join('; ') ?? '';
  } catch {
    detail = text.slice(0, 300);
  }
  return new RegistryError(res.status, method, url, code, [detail, why].filter(Boolean).join(': '));
}
