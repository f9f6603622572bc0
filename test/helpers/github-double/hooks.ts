import { randomUUID } from 'node:crypto';
import { sign } from '@octokit/webhooks-methods';
import { NOT_FOUND, type Feature } from './core.js';

export interface HookAttempt {
  id: number;
  guid: string;
  event: string;
  action: string | null;
  delivered_at: string;
  redelivery: boolean;
  /** The status the App answered with; 0 when it could not be reached. */
  status_code: number;
  status: string;
}

export interface HooksApi {
  /** Where GitHub delivers the App's webhooks, and the secret it signs them with. */
  setWebhook(url: string, secret: string): void;
  /** Delivers a webhook as GitHub does (signed, with a delivery id), records the attempt, and returns it. */
  deliverWebhook(event: string, payload: unknown, guid?: string): Promise<HookAttempt>;
  /** Every delivery attempt, oldest first. */
  hookAttempts(): HookAttempt[];
}

/** The App's webhook deliveries: GitHub's side of them, its delivery log (GET /app/hook/deliveries) and redelivery. */
export function hooks(): Feature<HooksApi> {
  let target: { url: string; secret: string } | undefined;
  const attempts: (HookAttempt & { payload: unknown })[] = [];
  let nextId = 1;

  async function send(event: string, payload: unknown, guid: string, redelivery: boolean): Promise<HookAttempt> {
    const body = JSON.stringify(payload);
    let status = 0;
    if (target) {
      try {
        const res = await fetch(target.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-github-event': event, 'x-github-delivery': guid, 'x-hub-signature-256': await sign(target.secret, body), 'user-agent': 'GitHub-Hookshot/double' },
          body,
        });
        status = res.status;
        await res.arrayBuffer();
      } catch {
        status = 0;
      }
    }
    const action = (payload as { action?: string }).action ?? null;
    const attempt = { id: nextId++, guid, event, action, delivered_at: new Date().toISOString(), redelivery, status_code: status, status: status >= 200 && status < 300 ? 'OK' : status === 0 ? 'failed to connect' : 'Invalid HTTP Response', payload };
    attempts.push(attempt);
    const { payload: _p, ...shown } = attempt;
    return shown;
  }

  return {
    api: {
      setWebhook: (url, secret) => void (target = { url, secret }),
      deliverWebhook: (event, payload, guid = randomUUID()) => send(event, payload, guid, false),
      hookAttempts: () => attempts.map(({ payload: _p, ...a }) => a),
    },
    routes: [
      {
        method: 'GET',
        pattern: /^\/app\/hook\/deliveries$/,
        handle: ({ query, url }) => {
          const newestFirst = [...attempts].reverse().map(({ payload: _p, ...a }) => a);
          const per = Number(query.per_page ?? 30);
          const start = Number(query.cursor ?? 0);
          const page = newestFirst.slice(start, start + per);
          const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
          if (start + per < newestFirst.length) headers.link = `<${url}/app/hook/deliveries?per_page=${per}&cursor=${start + per}>; rel="next"`;
          return { status: 200, headers, raw: Buffer.from(JSON.stringify(page)) };
        },
      },
      {
        method: 'POST',
        pattern: /^\/app\/hook\/deliveries\/(\d+)\/attempts$/,
        handle: ({ match }) => {
          const original = attempts.find((a) => a.id === Number(match[1]));
          if (!original) return [404, NOT_FOUND];
          void send(original.event, original.payload, original.guid, true);
          return [202, {}];
        },
      },
    ],
  };
}
