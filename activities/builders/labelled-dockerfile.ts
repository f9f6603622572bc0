/**
 * A Dockerfile with the build's labels written into it, as one LABEL instruction with the labels in a fixed
 * (sorted) order, at the end of the stage that becomes the image (the `target` stage, else the last one).
 * The engine's own label parameter applies labels in an order of its choosing (Podman: a Go map's), which
 * changes the image on every other build and defeats its cache; written into the Dockerfile, the same
 * request gives the same image.
 */
export function labelledDockerfile(text: string, labels: Readonly<Record<string, string>>, target?: string): string {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return text;
  const lines = text.split('\n');
  const froms: { line: number; stage?: string }[] = [];
  let continued = false;
  lines.forEach((raw, i) => {
    const line = raw.trim();
    const starts = !continued && line !== '' && !line.startsWith('#');
    if (starts && /^FROM\s/i.test(line)) froms.push({ line: i, stage: /\sAS\s+(\S+)\s*$/i.exec(line)?.[1]?.toLowerCase() });
    if (line !== '' && !line.startsWith('#')) continued = line.endsWith('\\');
  });
  const stage = target === undefined ? -1 : froms.findIndex((f) => f.stage === target.toLowerCase());
  const insertAt = stage >= 0 && stage + 1 < froms.length ? froms[stage + 1].line : lines.length;
  const instruction = `LABEL ${keys.map((k) => `${JSON.stringify(k)}=${JSON.stringify(labels[k])}`).join(' \\\n      ')}`;
  const before = lines.slice(0, insertAt);
  while (before.length > 0 && before[before.length - 1].trim() === '') before.pop();
  return [...before, instruction, '', ...lines.slice(insertAt)].join('\n');
}
