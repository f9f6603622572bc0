import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A port nobody listens on at the moment it is returned. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, host, resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface AuthRegistry {
  /** host:port of the registry (plain HTTP on loopback). */
  host: string;
  username: string;
  password: string;
  stop(): Promise<void>;
}

/**
 * Starts Debian's docker-registry with htpasswd (bcrypt) Basic auth on a free loopback port, with its own
 * storage folder; `stop()` ends it and removes the folder. htpasswd comes from apache2-utils (npm run setup).
 */
export async function startAuthRegistry(): Promise<AuthRegistry> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imagefactory-auth-registry-'));
  const username = 'factory';
  const password = randomBytes(12).toString('hex');
  try {
    execFileSync('htpasswd', ['-Bbc', path.join(dir, 'htpasswd'), username, password], { stdio: 'pipe' });
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`htpasswd could not write the registry's password file (${(err as Error).message}): run \`npm run setup\`, which installs apache2-utils`, { cause: err });
  }
  const host = `127.0.0.1:${await freePort()}`;
  fs.writeFileSync(path.join(dir, 'config.yml'), [
    'version: 0.1',
    'log: { level: warn }',
    `storage: { filesystem: { rootdirectory: ${path.join(dir, 'data')} }, delete: { enabled: true } }`,
    `http: { addr: "${host}" }`,
    `auth: { htpasswd: { realm: imagefactory-test, path: ${path.join(dir, 'htpasswd')} } }`,
  ].join('\n'));
  const logFd = fs.openSync(path.join(dir, 'registry.log'), 'a');
  const child: ChildProcess = spawn('docker-registry', ['serve', path.join(dir, 'config.yml')], { stdio: ['ignore', logFd, logFd] });
  fs.closeSync(logFd);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    const status = await fetch(`http://${host}/v2/`).then((r) => r.status, () => 0);
    if (status === 401) return { host, username, password, stop };
    if (child.exitCode !== null || Date.now() > deadline) {
      const log = fs.readFileSync(path.join(dir, 'registry.log'), 'utf8').slice(-2000);
      await stop();
      throw new Error(`the authenticated test registry did not come up on ${host} (last status ${status}): ${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
