import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { type LogStream } from './builder.js';

export interface BuildLogLine {
  stream: LogStream;
  line: string;
}

/** Folder that keeps one build's files (log, SBOM, scan report) under the data directory. */
export function buildDir(dataDir: string, buildId: string): string {
  const safe = buildId.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^\.+/, '_');
  return path.join(dataDir, 'builds', safe);
}

export interface BuildLogWriter {
  readonly path: string;
  /** Appends one line (use as, or inside, BuildRequest.onLog). */
  write(line: string, stream: LogStream): void;
  close(): Promise<void>;
}

/**
 * Opens a build's log for writing (JSON lines: {stream, line}). A retried build starts the log afresh, so
 * the log is always the last attempt's.
 */
export async function openBuildLog(dataDir: string, buildId: string): Promise<BuildLogWriter> {
  const dir = buildDir(dataDir, buildId);
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, 'build.log.jsonl');
  const out = createWriteStream(file, { flags: 'w' });
  await new Promise<void>((resolve, reject) => out.once('open', () => resolve()).once('error', reject));
  return {
    path: file,
    write(line, stream) {
      out.write(`${JSON.stringify({ stream, line })}\n`);
    },
    close() {
      return new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    },
  };
}

/** Reads a build's log back; an unknown build has an empty log. `from` skips that many lines. */
export async function readBuildLog(dataDir: string, buildId: string, from = 0): Promise<BuildLogLine[]> {
  let text: string;
  try {
    text = await fs.readFile(path.join(buildDir(dataDir, buildId), 'build.log.jsonl'), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return text
    .split('\n')
    .filter((l) => l !== '')
    .slice(from)
    .map((l) => JSON.parse(l) as BuildLogLine);
}
