import os from 'node:os';
import path from 'node:path';
import { tryParseDuration } from '../manifest/parse-duration.js';
import { ConfigError } from './config-error.js';
import { gheBaseUrl, parseGitHubAppConfig, type GitHubAppConfig } from './github-app-config.js';
import { parseNotificationConfig, type NotificationConfig } from './notification-config.js';

/**
 * Runtime configuration, read from environment variables. Every variable has a default that points at the
 * local stack `npm run setup` brings up, so `imagefactory run` needs no configuration at all.
 */
export interface Config extends NotificationConfig {
  /**
   * The app's Postgres login (DATABASE_URL): neither superuser, nor BYPASSRLS, nor owner of the tables. Unset
   * (with DATABASE_OWNER_URL unset too): the local server's `imagefactory` login if the server answers, else
   * embedded Postgres (PGlite) in dataDir.
   */
  databaseUrl: string | undefined;
  /** The tables' owner (DATABASE_OWNER_URL), used only to migrate; unset: the local server's `postgres`. */
  databaseOwnerUrl: string | undefined;
  /** Ed25519 private key (PEM) signing audit checkpoints (IMAGEFACTORY_AUDIT_KEY); default <dataDir>/keys/audit-ed25519.pem. */
  auditKeyPath: string;
  /** How often the schedule signs the audit chain heads that moved (IMAGEFACTORY_CHECKPOINT_INTERVAL), in ms. */
  checkpointIntervalMs: number;
  /** How often a tenant's promoted images are re-scanned unless its tenant.yml says (IMAGEFACTORY_RESCAN_INTERVAL, default 1d), in ms; undefined: never. */
  rescanIntervalMs: number | undefined;
  /** Temporal frontend host:port; unset means the CLI starts a Temporal dev server itself. */
  temporalAddress: string | undefined;
  temporalNamespace: string;
  taskQueue: string;
  /** Docker Engine API endpoint (Docker, or Podman's compatible socket). */
  dockerHost: string;
  /** Registry host[:port] used when a manifest names none, and for the staging and quarantine repositories. */
  registry: string;
  /** Registries besides loopback ones reached over plain HTTP (comma-separated host:port list; see isPlainHttpRegistry). */
  insecureRegistries: string[];
  /** Where the CLI keeps its state: the Temporal dev server's database, embedded Postgres, build logs. */
  dataDir: string;
  /** Per-machine cache of built tools (Temporal CLI, Trivy). */
  toolsDir: string;
  temporalCli: string;
  trivy: string;
  /** Trivy cache folder holding a vulnerability database (db/trivy.db); unset: vulnerabilities not scanned. */
  trivyDbDir: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** GitHub logins holding system roles, e.g. "alice=system-admin,bob=global-auditor". */
  systemRoles: Record<string, string[]>;
  /** GitHub REST API root (GITHUB_API_URL): https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server. */
  githubApiUrl: string;
  /** Token for the CLI's GitHub requests (GITHUB_TOKEN); the bot uses its installation tokens instead. */
  githubToken: string | undefined;
  /** The GitHub App (APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, ...), when this process is one: the bot and its workers. */
  githubApp: GitHubAppConfig | undefined;
  /** The most a GitHub commit's tarball may hold unpacked on a worker (IMAGEFACTORY_SOURCE_MAX_MIB, default 2048), in bytes. */
  sourceMaxBytes: number;
  /** Who runs the CLI on the embedded local stack (IMAGEFACTORY_USER, else the OS user); with TEMPORAL_ADDRESS set, the login of GITHUB_TOKEN acts instead. */
  user: string;
  /** A tenant.yml for the local tenant (IMAGEFACTORY_TENANT_CONFIG); unset: the built-in defaults with `user` as its tenant-admin. */
  tenantConfigFile: string | undefined;
  /** Payload encryption key, base64 of 32 bytes (IMAGEFACTORY_PAYLOAD_KEY); unset: read from payloadKeyFile. */
  payloadKey: string | undefined;
  /** File holding the key (IMAGEFACTORY_PAYLOAD_KEY_FILE), default <dataDir>/keys/payload-aes256.key. */
  payloadKeyFile: string;
  /** Retired keys that still decrypt (IMAGEFACTORY_PAYLOAD_KEYS_OLD, comma-separated). */
  payloadKeysOld: string[];
  /** Client certificate and key, server CA (paths of PEM files) and TLS server name for TEMPORAL_ADDRESS. */
  temporalTls: { cert?: string; key?: string; ca?: string; serverName?: string };
  /** TEMPORAL_API_KEY, sent as `authorization: Bearer ...` over TLS. */
  temporalApiKey: string | undefined;
}

export const TEMPORAL_CLI_VERSION = '1.5.1';
export const TRIVY_VERSION = '0.74.0';

export { ConfigError } from './config-error.js';

type Env = Record<string, string | undefined>;

function nonEmpty(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function parseUrl(env: Env, name: string, protocols: string[], expected: string): string | undefined {
  const v = nonEmpty(env, name);
  if (v === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw new ConfigError(name, v, expected);
  }
  if (!protocols.includes(url.protocol)) throw new ConfigError(name, v, expected);
  return v;
}

function parseHostPort(env: Env, name: string, fallback: string | undefined): string | undefined {
  const v = nonEmpty(env, name) ?? fallback;
  if (v === undefined) return undefined;
  if (!/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(v) && !/^\[[0-9a-fA-F:]+\](:\d{1,5})?$/.test(v)) {
    throw new ConfigError(name, v, 'host:port, for example 127.0.0.1:7233');
  }
  return v;
}

/** Whether `v` is a payload key as IMAGEFACTORY_PAYLOAD_KEY takes it: base64 of 32 bytes. */
export const isPayloadKey = (v: string): boolean => /^[A-Za-z0-9+/]{43}=$/.test(v);

/** A base64 AES-256 key; the value itself never appears in a message. */
function parseKey(name: string, v: string): string {
  if (!isPayloadKey(v)) {
    throw new ConfigError(name, `<hidden, ${v.length} characters>`, 'base64 of 32 bytes (44 characters), for example from `openssl rand -base64 32`');
  }
  return v;
}

/** Payload keys and the Temporal connection's TLS and API key; these only make sense with TEMPORAL_ADDRESS. */
function parseTemporalSecurity(env: Env, dataDir: string, temporalAddress: string | undefined) {
  const tls = { cert: nonEmpty(env, 'TEMPORAL_TLS_CERT'), key: nonEmpty(env, 'TEMPORAL_TLS_KEY'), ca: nonEmpty(env, 'TEMPORAL_TLS_CA'), serverName: nonEmpty(env, 'TEMPORAL_TLS_SERVER_NAME') };
  if (tls.cert && !tls.key) throw new ConfigError('TEMPORAL_TLS_KEY', '', 'the path of the private key (PEM) of the client certificate TEMPORAL_TLS_CERT');
  if (tls.key && !tls.cert) throw new ConfigError('TEMPORAL_TLS_CERT', '', 'the path of the client certificate (PEM) whose key is TEMPORAL_TLS_KEY');
  const apiKey = nonEmpty(env, 'TEMPORAL_API_KEY');
  const set = Object.entries({ TEMPORAL_TLS_CERT: tls.cert, TEMPORAL_TLS_CA: tls.ca, TEMPORAL_TLS_SERVER_NAME: tls.serverName, TEMPORAL_API_KEY: apiKey && '<hidden>' }).find(([, v]) => v);
  if (set && !temporalAddress) throw new ConfigError(set[0], set[1]!, 'TEMPORAL_ADDRESS to be set too (the embedded dev server speaks plain gRPC on 127.0.0.1)');
  const key = nonEmpty(env, 'IMAGEFACTORY_PAYLOAD_KEY');
  return {
    payloadKey: key === undefined ? undefined : parseKey('IMAGEFACTORY_PAYLOAD_KEY', key),
    payloadKeyFile: path.resolve(nonEmpty(env, 'IMAGEFACTORY_PAYLOAD_KEY_FILE') ?? path.join(dataDir, 'keys', 'payload-aes256.key')),
    payloadKeysOld: (nonEmpty(env, 'IMAGEFACTORY_PAYLOAD_KEYS_OLD') ?? '').split(',').map((s) => s.trim()).filter(Boolean).map((k) => parseKey('IMAGEFACTORY_PAYLOAD_KEYS_OLD', k)),
    temporalTls: tls,
    temporalApiKey: apiKey,
  };
}

const POSTGRES_URL = 'a postgres:// URL';

/**
 * DATABASE_URL (the app's least-privileged login) and DATABASE_OWNER_URL (the tables' owner, for migrations):
 * both or neither (the local defaults); DATABASE_URL alone serves a deployment that migrates elsewhere.
 */
function parseDatabaseUrls(env: Env): Pick<Config, 'databaseUrl' | 'databaseOwnerUrl'> {
  const databaseUrl = parseUrl(env, 'DATABASE_URL', ['postgres:', 'postgresql:'], `${POSTGRES_URL} of the app's login, for example postgres://imagefactory@127.0.0.1:5432/imagefactory`);
  const databaseOwnerUrl = parseUrl(env, 'DATABASE_OWNER_URL', ['postgres:', 'postgresql:'], `${POSTGRES_URL} of the tables' owner, for example postgres://postgres@127.0.0.1:5432/imagefactory`);
  if (databaseOwnerUrl && !databaseUrl) {
    throw new ConfigError('DATABASE_URL', '', `${POSTGRES_URL} of the app's own login when DATABASE_OWNER_URL is set (the owner only migrates)`);
  }
  return { databaseUrl, databaseOwnerUrl };
}

function parseCheckpointInterval(env: Env): number {
  const v = nonEmpty(env, 'IMAGEFACTORY_CHECKPOINT_INTERVAL') ?? '1h';
  const ms = tryParseDuration(v);
  if (ms === undefined || ms < 1000) throw new ConfigError('IMAGEFACTORY_CHECKPOINT_INTERVAL', v, 'a duration of at least 1s, such as 15m, 1h or 1d');
  return ms;
}

function parseRescanInterval(env: Env): number | undefined {
  const v = nonEmpty(env, 'IMAGEFACTORY_RESCAN_INTERVAL') ?? '1d';
  if (v === 'never') return undefined;
  const ms = tryParseDuration(v);
  if (ms === undefined || ms < 1000) throw new ConfigError('IMAGEFACTORY_RESCAN_INTERVAL', v, 'a duration of at least 1s, such as 12h or 1d, or never');
  return ms;
}

function parseSourceMax(env: Env): number {
  const v = nonEmpty(env, 'IMAGEFACTORY_SOURCE_MAX_MIB') ?? '2048';
  if (!/^[1-9]\d{0,6}$/.test(v)) throw new ConfigError('IMAGEFACTORY_SOURCE_MAX_MIB', v, 'a whole number of MiB, such as 2048');
  return Number(v) * 1024 * 1024;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function parseSystemRoles(env: Env): Record<string, string[]> {
  const v = nonEmpty(env, 'IMAGEFACTORY_SYSTEM_ROLES');
  if (v === undefined) return {};
  const out: Record<string, string[]> = {};
  for (const entry of v.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([A-Za-z0-9-]+)=([a-z-]+(?:\+[a-z-]+)*)$/.exec(entry);
    if (!m) throw new ConfigError('IMAGEFACTORY_SYSTEM_ROLES', v, 'login=role[+role] pairs separated by commas, for example alice=system-admin,bob=global-auditor');
    out[m[1].toLowerCase()] = [...(out[m[1].toLowerCase()] ?? []), ...m[2].split('+')];
  }
  return out;
}

export function loadConfig(env: Env = process.env): Config {
  const dataDir = path.resolve(nonEmpty(env, 'IMAGEFACTORY_DATA') ?? path.join(os.homedir(), '.local', 'share', 'imagefactory'));
  const toolsDir = path.resolve(nonEmpty(env, 'IMAGEFACTORY_TOOLS') ?? path.join(os.homedir(), '.cache', 'imagefactory', 'tools'));
  const dockerHost = nonEmpty(env, 'DOCKER_HOST') ?? 'unix:///run/podman/podman.sock';
  if (!/^(unix|tcp|http|https|npipe):\/\//.test(dockerHost)) {
    throw new ConfigError('DOCKER_HOST', dockerHost, 'unix:///path/to/socket or tcp://host:port');
  }
  const logLevel = (nonEmpty(env, 'LOG_LEVEL') ?? 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError('LOG_LEVEL', logLevel, `one of ${LOG_LEVELS.join(', ')}`);
  const registry = parseHostPort(env, 'REGISTRY', '127.0.0.1:5000')!;
  const temporalAddress = parseHostPort(env, 'TEMPORAL_ADDRESS', undefined);
  return {
    ...parseDatabaseUrls(env),
    temporalAddress,
    temporalNamespace: nonEmpty(env, 'TEMPORAL_NAMESPACE') ?? 'default',
    taskQueue: nonEmpty(env, 'IMAGEFACTORY_TASK_QUEUE') ?? 'imagefactory',
    dockerHost,
    registry,
    insecureRegistries: (nonEmpty(env, 'INSECURE_REGISTRIES') ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    dataDir,
    toolsDir,
    temporalCli: nonEmpty(env, 'TEMPORAL_CLI') ?? path.join(toolsDir, `temporal-${TEMPORAL_CLI_VERSION}`, 'temporal'),
    trivy: nonEmpty(env, 'TRIVY') ?? path.join(toolsDir, `trivy-${TRIVY_VERSION}`, 'trivy'),
    trivyDbDir: nonEmpty(env, 'TRIVY_DB_DIR'),
    logLevel,
    systemRoles: parseSystemRoles(env),
    githubApiUrl: (parseUrl(env, 'GITHUB_API_URL', ['http:', 'https:'], 'an http(s) URL, for example https://api.github.com or https://github.example.com/api/v3') ?? gheBaseUrl(env) ?? 'https://api.github.com').replace(/\/+$/, ''),
    githubToken: nonEmpty(env, 'GITHUB_TOKEN'),
    githubApp: parseGitHubAppConfig(env),
    sourceMaxBytes: parseSourceMax(env),
    user: nonEmpty(env, 'IMAGEFACTORY_USER') ?? os.userInfo().username,
    tenantConfigFile: nonEmpty(env, 'IMAGEFACTORY_TENANT_CONFIG'),
    auditKeyPath: path.resolve(nonEmpty(env, 'IMAGEFACTORY_AUDIT_KEY') ?? path.join(dataDir, 'keys', 'audit-ed25519.pem')),
    checkpointIntervalMs: parseCheckpointInterval(env),
    rescanIntervalMs: parseRescanInterval(env),
    ...parseTemporalSecurity(env, dataDir, temporalAddress),
    ...parseNotificationConfig(env),
  };
}
