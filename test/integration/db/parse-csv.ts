/**
 * A strict RFC 4180 reader for the audit export's CSV: quoted fields may hold commas, quotes (doubled) and
 * line breaks. An unquoted empty field reads as null, a quoted one ("") as the empty string.
 */
export function parseCsv(text: string): (string | null)[][] {
  const records: (string | null)[][] = [];
  let record: (string | null)[] = [];
  let i = 0;
  while (i < text.length) {
    let value: string | null;
    if (text[i] === '"') {
      let out = '';
      i += 1;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            out += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        out += text[i];
        i += 1;
      }
      value = out;
    } else {
      let end = i;
      while (end < text.length && text[end] !== ',' && text[end] !== '\n' && text[end] !== '\r') end += 1;
      const raw = text.slice(i, end);
      if (raw.includes('"')) throw new Error(`bare quote in unquoted field at ${i}`);
      value = raw === '' ? null : raw;
      i = end;
    }
    record.push(value);
    if (text[i] === ',') {
      i += 1;
    } else {
      if (text[i] === '\r') i += 1;
      if (text[i] === '\n' || i >= text.length) i += 1;
      else throw new Error(`unexpected character after field at ${i}`);
      records.push(record);
      record = [];
    }
  }
  return records;
}
