import fs from 'node:fs';
import { ConfigError } from './config-error.js';

type Env = Record<string, string | undefined>;

/**
 * The GitHub App, from Probot's own variables: APP_ID, PRIVATE_KEY (or PRIVATE_KEY_PATH), WEBHOOK_SECRET,
 * PORT, HOST, WEBHOOK_PATH, and GHE_HOST / GHE_PROTOCOL for GitHub Enterprise Server (which is also how
 * tests point the App at a GitHub double on 127.0.0.1).
 */
export interface GitHubAppConfig {
  appId: number;
  /** The App's private key (PEM). */
  privateKey: string;
  /** The secret webhooks are signed with; the bot refuses to start without it. */
  webhookSecret: string | undefined;
  /** GitHub's REST API root for the App: https://api.github.com, or PROTOCOL://GHE_HOST/api/v3. */
  baseUrl: string;
  /** `imagefactory serve`: where it listens, and the webhook path. */
  port: number;
  host: string | undefined;
  webhookPath: string;
}

const nonEmpty = (env: Env, name: string) => {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
};

/** The GitHub API root GHE_HOST and GHE_PROTOCOL name, or undefined without GHE_HOST. */
export function gheBaseUrl(env: Env): string | undefined {
  const host = nonEmpty(env, 'GHE_HOST');
  if (host === undefined) return undefined;
  if (!/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(host)) throw new ConfigError('GHE_HOST', host, 'a host name (and port), such as github.example.com');
  const protocol = nonEmpty(env, 'GHE_PROTOCOL') ?? 'https';
  if (protocol !== 'https' && protocol !== 'http') throw new ConfigError('GHE_PROTOCOL', protocol, 'https or http');
  return `${protocol}://${host}/api/v3`;
}

function privateKeyOf(env: Env): string | undefined {
  const inline = nonEmpty(env, 'PRIVATE_KEY');
  const file = nonEmpty(env, 'PRIVATE_KEY_PATH');
  if (inline !== undefined) {
    const pem = inline.replace(/\\n/g, '\n');
    if (!pem.includes('-----BEGIN')) throw new ConfigError('PRIVATE_KEY', '<hidden>', 'the App private key in PEM form (-----BEGIN RSA PRIVATE KEY-----...)');
    return pem;
  }
  if (file === undefined) return undefined;
  if (!fs.existsSync(file)) throw new ConfigError('PRIVATE_KEY_PATH', file, 'the path of the App private key file (.pem)');
  const pem = fs.readFileSync(file, 'utf8');
  if (!pem.includes('-----BEGIN')) throw new ConfigError('PRIVATE_KEY_PATH', file, 'a file holding the App private key in PEM form');
  return pem;
}

/** The App's configuration when APP_ID is set (with its private key); undefined when this process is no App. */
export function parseGitHubAppConfig(env: Env): GitHubAppConfig | undefined {
  const id = nonEmpty(env, 'APP_ID');
  if (id === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(id)) throw new ConfigError('APP_ID', id, 'the GitHub App id, a whole number');
  const privateKey = privateKeyOf(env);
  if (privateKey === undefined) throw new ConfigError('PRIVATE_KEY', '', 'the App private key (PRIVATE_KEY, or PRIVATE_KEY_PATH naming a .pem file) with APP_ID');
  const port = nonEmpty(env, 'PORT') ?? '3000';
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) throw new ConfigError('PORT', port, 'a port number, such as 3000');
  const webhookPath = nonEmpty(env, 'WEBHOOK_PATH') ?? '/api/github/webhooks';
  if (!webhookPath.startsWith('/')) throw new ConfigError('WEBHOOK_PATH', webhookPath, 'a path starting with /, such as /api/github/webhooks');
  return {
    appId: Number(id),
    privateKey,
    webhookSecret: nonEmpty(env, 'WEBHOOK_SECRET'),
    baseUrl: gheBaseUrl(env) ?? 'https://api.github.com',
    port: Number(port),
    host: nonEmpty(env, 'HOST'),
    webhookPath,
  };
}
