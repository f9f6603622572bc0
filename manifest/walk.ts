/**
 * Safe reading of a manifest that may not have passed its schema: semantic checks run on every file, so
 * they look at shapes before trusting them.
 */
export type Entry = Record<string, unknown>;

export function isEntry(value: unknown): value is Entry {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The images that are mappings, by name. */
export function eachImage(manifest: unknown): [string, Entry][] {
  const images = isEntry(manifest) ? manifest.images : undefined;
  return isEntry(images) ? Object.entries(images).filter((e): e is [string, Entry] => isEntry(e[1])) : [];
}

/** The string items of a list, with their indexes. */
export function stringItems(list: unknown): [number, string][] {
  return Array.isArray(list) ? list.flatMap((v, i): [number, string][] => (typeof v === 'string' ? [[i, v]] : [])) : [];
}

/** A nested mapping, or undefined. */
export function entryAt(value: unknown, key: string): Entry | undefined {
  const child = isEntry(value) ? value[key] : undefined;
  return isEntry(child) ? child : undefined;
}
