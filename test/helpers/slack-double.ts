import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A call the double received: a Web API method (`chat.postMessage`) or a post to a `response_url` (`response_url`). */
export interface SlackCall {
  method: string;
  /** The arguments: a form's fields (JSON fields such as `blocks` decoded) or a JSON body. */
  args: Record<string, unknown>;
  /** The bearer token it came with (undefined for a response_url post, which carries none). */
  token: string | undefined;
  /** What the double answered. */
  answer: Record<string, unknown>;
}

/** A message as it stands in a channel: posted, then perhaps updated in place. */
export interface SlackMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: unknown[];
  /** Every version, oldest first (the first is what was posted). */
  versions: { text: string; blocks: unknown[] }[];
}

export interface SlackUser {
  id: string;
  name: string;
  email?: string;
  /** A team other than the double's own (Slack Connect). */
  teamId?: string;
}

export interface SlackDouble {
  /** The Web API root, what SLACK_API_URL points at (`http://127.0.0.1:PORT/api/`). */
  apiUrl: string;
  port: number;
  /** The bot token the double accepts. */
  token: string;
  teamId: string;
  botUserId: string;
  calls: SlackCall[];
  /** Calls of one method (`chat.update`, `response_url`, ...). */
  callsTo(method: string): SlackCall[];
  /** Messages by `channel/ts`, as they stand now. */
  messages(channel?: string): SlackMessage[];
  message(channel: string, ts: string): SlackMessage | undefined;
  /** The channel id a `#name` resolves to (created on first use), or the id itself. */
  channelId(nameOrId: string): string;
  addUser(user: SlackUser): void;
  /** A `response_url` for an interaction (posts to it are recorded as `response_url` calls, with `url`). */
  responseUrl(): string;
  /** Stops answering (connections refused), keeping what it recorded; start() listens again on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

type Args = Record<string, unknown>;
type Answer = Record<string, unknown>;

/** Form fields as the Web API client sends them: objects and arrays JSON-encoded into a field. */
function decodeForm(text: string): Args {
  const out: Args = {};
  for (const [key, value] of new URLSearchParams(text)) {
    out[key] = /^[[{]/.test(value) ? (() => { try { return JSON.parse(value) as unknown; } catch { return value; } })() : value;
  }
  return out;
}

async function readArgs(req: http.IncomingMessage): Promise<Args> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return {};
  if ((req.headers['content-type'] ?? '').includes('application/json')) return JSON.parse(text) as Args;
  return decodeForm(text);
}

const fail = (error: string): Answer => ({ ok: false, error });

/**
 * A Slack Web API double on 127.0.0.1 for the methods Image Factory uses (auth.test, chat.postMessage,
 * chat.update, chat.postEphemeral, users.info) and the `response_url`s of interactions. It checks the bot
 * token as Slack does (`invalid_auth`, `not_authed`), resolves `#name` channels to ids, keeps each
 * message with its versions, and records every call with its answer. It can be stopped and started again
 * on the same port (an outage) without forgetting anything.
 */
export async function startSlackDouble(opts: { token?: string; port?: number } = {}): Promise<SlackDouble> {
  const token = opts.token ?? 'xoxb-test-bot-token';
  const teamId = 'T0TESTTEAM';
  const botUserId = 'U0IMGFACTORY';
  const calls: SlackCall[] = [];
  const messages = new Map<string, SlackMessage>();
  const channels = new Map<string, string>();
  const users = new Map<string, SlackUser>();
  let clock = 1_700_000_000;
  let seq = 0;
  let responseUrls = 0;
  let port = opts.port ?? 0;

  const channelId = (nameOrId: string) => {
    if (!nameOrId.startsWith('#')) return nameOrId;
    let id = channels.get(nameOrId);
    if (!id) {
      id = `C${String(channels.size + 1).padStart(10, '0')}`;
      channels.set(nameOrId, id);
    }
    return id;
  };
  const nextTs = () => `${clock++}.${String(++seq).padStart(6, '0')}`;
  const blocksOf = (args: Args) => (Array.isArray(args.blocks) ? args.blocks : []);
  const textOf = (args: Args) => (typeof args.text === 'string' ? args.text : '');

  const methods: Record<string, (args: Args) => Answer> = {
    'auth.test': () => ({ ok: true, url: 'https://imagefactory-test.slack.com/', team: 'Image Factory tests', user: 'imagefactory', team_id: teamId, user_id: botUserId, bot_id: 'B0IMGFACTORY' }),
    'chat.postMessage': (args) => {
      if (typeof args.channel !== 'string' || args.channel === '') return fail('channel_not_found');
      if (textOf(args) === '' && blocksOf(args).length === 0) return fail('no_text');
      const channel = channelId(args.channel);
      const ts = nextTs();
      const version = { text: textOf(args), blocks: blocksOf(args) };
      messages.set(`${channel}/${ts}`, { channel, ts, ...version, versions: [version] });
      return { ok: true, channel, ts, message: { type: 'message', user: botUserId, bot_id: 'B0IMGFACTORY', ts, ...version } };
    },
    'chat.update': (args) => {
      const channel = typeof args.channel === 'string' ? channelId(args.channel) : '';
      const message = messages.get(`${channel}/${String(args.ts)}`);
      if (!message) return fail('message_not_found');
      const version = { text: textOf(args), blocks: blocksOf(args) };
      Object.assign(message, version);
      message.versions.push(version);
      return { ok: true, channel, ts: message.ts, text: version.text, message: { ...version } };
    },
    'chat.postEphemeral': (args) => {
      if (typeof args.channel !== 'string' || typeof args.user !== 'string') return fail('invalid_arguments');
      if (!users.has(args.user)) return fail('user_not_in_channel');
      return { ok: true, message_ts: nextTs() };
    },
    'users.info': (args) => {
      const user = users.get(String(args.user));
      if (!user) return fail('user_not_found');
      return { ok: true, user: { id: user.id, team_id: user.teamId ?? teamId, name: user.name, real_name: user.name, is_bot: false, profile: { real_name: user.name, display_name: user.name, ...(user.email ? { email: user.email } : {}) } } };
    },
  };

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const args = await readArgs(req);
      const reply = (status: number, answer: Answer, method: string, bearer: string | undefined) => {
        calls.push({ method, args, token: bearer, answer });
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(answer));
      };
      const respond = /^\/actions\/(\d+)$/.exec(url.pathname);
      if (respond && req.method === 'POST') return reply(200, { ok: true }, 'response_url', undefined);
      const method = /^\/api\/([a-zA-Z.]+)$/.exec(url.pathname)?.[1];
      const bearer = req.headers.authorization?.replace(/^Bearer\s+/i, '') ?? (typeof args.token === 'string' ? args.token : undefined);
      if (!method || !methods[method]) return reply(404, fail('unknown_method'), method ?? url.pathname, bearer);
      if (bearer === undefined) return reply(200, fail('not_authed'), method, bearer);
      if (bearer !== token) return reply(200, fail('invalid_auth'), method, bearer);
      return reply(200, methods[method](args), method, bearer);
    })().catch((err: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error: `slack double: ${(err as Error).message}` }));
    });
  });

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve, reject) => {
      if (!server.listening) return resolve();
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeAllConnections(); // clients keep connections alive
    });
  await listen();

  return {
    get apiUrl() {
      return `http://127.0.0.1:${port}/api/`;
    },
    get port() {
      return port;
    },
    token,
    teamId,
    botUserId,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method),
    messages: (channel) => [...messages.values()].filter((m) => channel === undefined || m.channel === channelId(channel)),
    message: (channel, ts) => messages.get(`${channelId(channel)}/${ts}`),
    channelId,
    addUser: (user) => void users.set(user.id, user),
    responseUrl: () => `http://127.0.0.1:${port}/actions/${++responseUrls}`,
    stop,
    start: listen,
    close: stop,
  };
}
