/** Where a command writes: the terminal in production, a buffer in tests. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Writes to stdout as is (terminal control, partial lines). */
  write(text: string): void;
  /** True when stdout is a terminal (progress redraws, prompts). */
  isTty: boolean;
}

export const processIo: Io = {
  out: (text) => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => void process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  write: (text) => void process.stdout.write(text),
  isTty: Boolean(process.stdout.isTTY),
};

/** An Io that records what a command printed. */
export function bufferIo(): Io & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    isTty: false,
    out(text: string) {
      io.stdout += text.endsWith('\n') ? text : `${text}\n`;
    },
    err(text: string) {
      io.stderr += text.endsWith('\n') ? text : `${text}\n`;
    },
    write(text: string) {
      io.stdout += text;
    },
  };
  return io;
}
