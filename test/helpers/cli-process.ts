import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliProcessOptions {
  cwd?: string;
  /** Run it in a network namespace of its own (`unshare -n`, root): nothing on 127.0.0.1 answers there. */
  isolatedNetwork?: boolean;
}

export interface BackgroundCli {
  child: ChildProcess;
  /** What it printed on stdout so far. */
  output(): string;
  done: Promise<CliResult>;
}

/** Starts `imagefactory ARGS` from source in a process of its own (no terminal), as a user would. */
export function startCliProcess(args: string[], env: Record<string, string | undefined> = {}, opts: CliProcessOptions = {}): BackgroundCli {
  const node = [process.execPath, '--import', 'tsx', path.join(ROOT, 'test/helpers/run-cli.ts'), ...args];
  const [command, ...argv] = opts.isolatedNetwork ? ['unshare', '-n', ...node] : node;
  const child = spawn(command, argv, {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, NODE_OPTIONS: '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, output: () => stdout, done };
}

/** Runs `imagefactory ARGS` from source in a process of its own and waits for it to end. */
export function runCliProcess(args: string[], env: Record<string, string | undefined> = {}, opts: CliProcessOptions = {}): Promise<CliResult> {
  return startCliProcess(args, env, opts).done;
}
