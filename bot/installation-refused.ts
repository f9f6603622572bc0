import { httpStatusOf } from '../github/http-status.js';

const TOKEN_URL = /\/app\/installations\/\d+\/access_tokens$/;

/**
 * Whether GitHub refused the App a token for the delivery's installation: it is not installed there (any
 * more: 404) or the installation is suspended (403). Nothing can be done for such a delivery, and asking
 * again would not change that: it is not ours, not a fault.
 */
export function installationRefused(err: unknown): boolean {
  const status = httpStatusOf(err);
  const url = (err as { request?: { url?: unknown } } | null)?.request?.url;
  return (status === 403 || status === 404) && typeof url === 'string' && TOKEN_URL.test(url.split('?')[0]);
}
