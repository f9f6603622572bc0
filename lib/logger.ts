import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import type { Config } from './config.js';

/** The process logger: JSON lines on stderr (stdout stays for command output). */
export function createLogger(config: Pick<Config, 'logLevel'>, name = 'imagefactory'): Logger {
  return pino({ name, level: config.logLevel }, pino.destination(2));
}

interface LogLine {
  level: number;
  msg?: string;
  err?: { message?: string };
}

const WARN = 40;

/**
 * The log of an interactive command (`imagefactory run`): every line in full, JSON, in `file`; on the
 * terminal, one sentence per kind of trouble (warnings and errors), each said once, pointing at the file.
 * A database that goes away for a moment is a sentence, not a 5 KB stack dump in the middle of progress.
 */
export function createTerminalLogger(config: Pick<Config, 'logLevel'>, file: string, say: (sentence: string) => void): Logger {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const said = new Set<string>();
  const sentences = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString().split('\n').filter(Boolean)) {
        const line = JSON.parse(text) as LogLine;
        const what = line.err?.message ? `${line.msg}: ${line.err.message}` : (line.msg ?? 'trouble');
        if (line.level >= WARN && !said.has(what)) {
          said.add(what);
          say(`${what} (details in ${file})`);
        }
      }
      done();
    },
  });
  const level = config.logLevel === 'silent' ? 'silent' : 'debug';
  return pino({ name: 'imagefactory', level }, pino.multistream([{ level: 'debug', stream: pino.destination({ dest: file, append: true, sync: true }) }, { level: 'warn', stream: sentences }]));
}

export type { Logger };
