/** A path into a YAML document: mapping keys as strings, sequence indexes as numbers. */
export type YamlPath = readonly (string | number)[];

const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;

/** `images.api.scan.fail_on[1]`; keys that are not plain words are quoted: `build_args["A.B"]`. */
export function formatYamlPath(path: YamlPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (PLAIN_KEY.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/**
 * Turns a JSON pointer (ajv's instancePath) into a YAML path, using the data to tell sequence indexes
 * from mapping keys that look like numbers.
 */
export function pointerToYamlPath(pointer: string, data: unknown): (string | number)[] {
  if (pointer === '') return [];
  const out: (string | number)[] = [];
  let node: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      const index = Number(seg);
      out.push(index);
      node = node[index];
    } else {
      out.push(seg);
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[seg] : undefined;
    }
  }
  return out;
}
