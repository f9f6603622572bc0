/**
 * Decodes the progress BuildKit sends through the Docker API (`{"id":"moby.buildkit.trace","aux":"<base64>"}`,
 * a protobuf moby.buildkit.v1.StatusResponse) into log lines, like `docker build --progress=plain` prints
 * them. Only the fields needed for logs are read: vertexes (1: name 3, started 5, error 7), logs (3: vertex 1,
 * stream 3, msg 4) and warnings (4: short 3).
 */
export interface TraceLine {
  line: string;
  stream: 'stdout' | 'stderr' | 'system';
}

type Field = { no: number; wire: number; value: bigint | Buffer };

function readVarint(buf: Buffer, pos: { i: number }): bigint {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    if (pos.i >= buf.length) throw new Error('truncated varint');
    const b = buf[pos.i++];
    result |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return result;
    shift += 7n;
  }
}

/** Splits one protobuf message into its fields (wire types 0, 1, 2 and 5). */
export function decodeFields(buf: Buffer): Field[] {
  const fields: Field[] = [];
  const pos = { i: 0 };
  while (pos.i < buf.length) {
    const key = Number(readVarint(buf, pos));
    const no = key >> 3;
    const wire = key & 7;
    if (wire === 0) fields.push({ no, wire, value: readVarint(buf, pos) });
    else if (wire === 2) {
      const len = Number(readVarint(buf, pos));
      fields.push({ no, wire, value: buf.subarray(pos.i, pos.i + len) });
      pos.i += len;
    } else if (wire === 1 || wire === 5) pos.i += wire === 1 ? 8 : 4;
    else throw new Error(`unsupported protobuf wire type ${wire}`);
  }
  return fields;
}

const str = (f: Field | undefined) => (f && Buffer.isBuffer(f.value) ? f.value.toString('utf8') : '');

export class BuildkitTraceDecoder {
  private readonly vertexNo = new Map<string, number>();
  private readonly announced = new Set<string>();
  private readonly failed = new Set<string>();
  private readonly partial = new Map<string, string>();

  /** Lines for one trace event's payload (base64 of a StatusResponse). */
  decode(base64: string): TraceLine[] {
    const out: TraceLine[] = [];
    for (const f of decodeFields(Buffer.from(base64, 'base64'))) {
      if (!Buffer.isBuffer(f.value)) continue;
      const sub = decodeFields(f.value);
      if (f.no === 1) this.vertex(sub, out);
      else if (f.no === 3) this.log(sub, out);
      else if (f.no === 4) out.push({ line: `WARNING: ${str(sub.find((s) => s.no === 3))}`, stream: 'system' });
    }
    return out;
  }

  /** Lines still waiting for their newline when the build ends. */
  flush(): TraceLine[] {
    const out: TraceLine[] = [];
    for (const [digest, rest] of this.partial) if (rest !== '') out.push({ line: `#${this.number(digest)} ${rest}`, stream: 'stdout' });
    this.partial.clear();
    return out;
  }

  private number(digest: string): number {
    if (!this.vertexNo.has(digest)) this.vertexNo.set(digest, this.vertexNo.size + 1);
    return this.vertexNo.get(digest)!;
  }

  private vertex(sub: Field[], out: TraceLine[]): void {
    const digest = str(sub.find((s) => s.no === 1));
    const name = str(sub.find((s) => s.no === 3));
    const started = sub.some((s) => s.no === 5);
    const cached = sub.some((s) => s.no === 4 && s.value === 1n);
    const error = str(sub.find((s) => s.no === 7));
    const n = this.number(digest);
    if ((started || cached) && !this.announced.has(digest)) {
      this.announced.add(digest);
      out.push({ line: `#${n} ${name}${cached ? ' (cached)' : ''}`, stream: 'system' });
    }
    if (error && !this.failed.has(digest)) {
      this.failed.add(digest);
      out.push({ line: `#${n} ERROR: ${error}`, stream: 'system' });
    }
  }

  private log(sub: Field[], out: TraceLine[]): void {
    const digest = str(sub.find((s) => s.no === 1));
    const streamNo = sub.find((s) => s.no === 3)?.value;
    const stream = streamNo === 2n ? 'stderr' : 'stdout';
    const text = (this.partial.get(digest) ?? '') + str(sub.find((s) => s.no === 4));
    const lines = text.split('\n');
    this.partial.set(digest, lines.pop() ?? '');
    for (const line of lines) out.push({ line: `#${this.number(digest)} ${line.replace(/\r$/, '')}`, stream });
  }
}
