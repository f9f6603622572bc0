import { spawn } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';

export interface ToolRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last lines the tool wrote to stderr and stdout. */
  tail: string[];
  aborted: boolean;
}

/**
 * Runs a command-line tool to its end, line by line to `onLine`, killing it (SIGKILL) when `signal`
 * aborts. Resolves with how it ended; rejects only when it cannot start (ENOENT...).
 */
export function runTool(file: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; signal?: AbortSignal; onLine?: (line: string) => void; tailLines?: number }): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    let aborted = false;
    const line = (l: string) => {
      if (l === '') return;
      tail.push(l);
      if (tail.length > (opts.tailLines ?? 30)) tail.shift();
      opts.onLine?.(l);
    };
    for (const stream of [child.stdout, child.stderr]) {
      const decoder = new StringDecoder('utf8');
      let buf = '';
      stream.on('data', (chunk: Buffer) => {
        buf += decoder.write(chunk);
        const lines = buf.split('\n');
        buf = lines.pop() ?? '';
        lines.forEach((l) => line(l.replace(/\r$/, '')));
      });
      stream.on('end', () => line(buf + decoder.end()));
    }
    const kill = () => {
      aborted = true;
      child.kill('SIGKILL');
    };
    if (opts.signal?.aborted) kill();
    opts.signal?.addEventListener('abort', kill, { once: true });
    child.on('error', (err) => {
      opts.signal?.removeEventListener('abort', kill);
      reject(err);
    });
    child.on('close', (code, signal) => {
      opts.signal?.removeEventListener('abort', kill);
      resolve({ code, signal, tail, aborted });
    });
  });
}
