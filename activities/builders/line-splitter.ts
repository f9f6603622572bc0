/**
 * Turns arbitrary text chunks into whole lines: the engine's `stream` events split output anywhere, and
 * carriage-return progress bars are reduced to their final state.
 */
export class LineSplitter {
  private partial = '';

  constructor(private readonly emit: (line: string) => void) {}

  push(chunk: string): void {
    const text = this.partial + chunk;
    const lines = text.split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.emit(lastCarriageSegment(line));
  }

  /** Emits the last line if it had no newline. */
  flush(): void {
    if (this.partial !== '') this.emit(lastCarriageSegment(this.partial));
    this.partial = '';
  }
}

function lastCarriageSegment(line: string): string {
  const trimmed = line.replace(/\r+$/, '');
  const cr = trimmed.lastIndexOf('\r');
  return cr >= 0 ? trimmed.slice(cr + 1) : trimmed;
}
