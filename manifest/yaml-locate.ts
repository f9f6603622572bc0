import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from 'yaml';
import type { YamlPath } from './yaml-path.js';

/**
 * What a position points at: `value` the value itself, `key` the key naming it (unknown keys), `owner` the
 * key of the mapping entry holding it (a missing key inside a mapping points at the mapping's own key).
 */
export type Where = 'value' | 'key' | 'owner';

/** 1-based start and exclusive end. */
export interface Span {
  line: number;
  col: number;
  endLine: number;
  endCol: number;
}

interface Reached {
  node: unknown;
  pair?: Pair;
  /** True when every segment of the path was found. */
  complete: boolean;
}

const isMergeKey = (key: unknown) => isScalar(key) && (key.source === '<<' || String(key.value) === 'Symbol(<<)');

function deref(doc: Document, node: unknown, depth = 0): unknown {
  return isAlias(node) && depth < 20 ? deref(doc, node.resolve(doc), depth + 1) : node;
}

function keyMatches(key: unknown, seg: string | number): boolean {
  if (isScalar(key)) return String(key.value) === String(seg);
  if (key === null || key === undefined) return String(seg) === '';
  return String(key) === String(seg);
}

function child(doc: Document, parent: unknown, seg: string | number, depth = 0): { node: unknown; pair?: Pair } | undefined {
  const node = deref(doc, parent);
  if (isSeq(node)) {
    return typeof seg === 'number' && seg < node.items.length ? { node: node.items[seg] } : undefined;
  }
  if (!isMap(node)) return undefined;
  // Later entries win in a mapping; look at direct keys before merged (`<<: *anchor`) ones.
  for (let i = node.items.length - 1; i >= 0; i--) {
    const pair = node.items[i];
    if (!isMergeKey(pair.key) && keyMatches(pair.key, seg)) return { node: pair.value, pair };
  }
  if (depth > 20) return undefined;
  for (const pair of node.items) {
    if (!isMergeKey(pair.key)) continue;
    const sources = deref(doc, pair.value);
    for (const source of isSeq(sources) ? sources.items : [sources]) {
      const found = child(doc, source, seg, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

function walk(doc: Document, path: YamlPath): Reached {
  let reached: Reached = { node: doc.contents, complete: true };
  for (const seg of path) {
    const next = child(doc, reached.node, seg);
    if (!next) return { ...reached, complete: false };
    reached = { node: next.node, pair: next.pair, complete: true };
  }
  return reached;
}

function rangeOf(node: unknown): [number, number] | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? [range[0], range[1]] : undefined;
}

/** A value with no text (`key:` and nothing after it) has no place of its own: point at its key. */
function isEmptyValue(node: unknown): boolean {
  return node === null || node === undefined || (isScalar(node) && node.value === null && !node.source);
}

/**
 * Where a path is in the source. A path that leads nowhere (a missing key) points at the deepest part of
 * it that exists. `offset` moves into a plain or simply quoted scalar (a placeholder inside a tag).
 */
export function locate(doc: Document, lineCounter: LineCounter, text: string, path: YamlPath, where: Where = 'value', offset?: number): Span {
  const reached = walk(doc, path);
  let range: [number, number] | undefined;
  if (where === 'key' && reached.complete && reached.pair) range = rangeOf(reached.pair.key);
  else if ((where === 'owner' || !reached.complete || isEmptyValue(reached.node)) && reached.pair) range = rangeOf(reached.pair.key);
  range ??= rangeOf(reached.node) ?? [0, 0];
  if (offset !== undefined && where === 'value' && reached.complete && isScalar(reached.node) && typeof reached.node.value === 'string') {
    const raw = text.slice(range[0], range[1]);
    const value = reached.node.value;
    const skip = raw === value ? 0 : raw === `"${value}"` || raw === `'${value}'` ? 1 : undefined;
    if (skip !== undefined && offset <= value.length) range = [range[0] + skip + offset, range[1]];
  }
  const start = lineCounter.linePos(range[0]);
  const end = lineCounter.linePos(Math.max(range[0], range[1]));
  return { line: start.line, col: start.col, endLine: end.line, endCol: end.col };
}

/** The text of the line a path's key sits on, after the key (to spot `key: #comment` mistakes). */
export function textAfterKey(doc: Document, text: string, path: YamlPath): string | undefined {
  const reached = walk(doc, path);
  const key = reached.complete ? rangeOf(reached.pair?.key) : undefined;
  if (!key) return undefined;
  const lineEnd = text.indexOf('\n', key[1]);
  return text.slice(key[1], lineEnd < 0 ? text.length : lineEnd);
}

/** The source text of the value at a path (`1.0` as written, not the number 1). */
export function sourceOf(doc: Document, text: string, path: YamlPath): string | undefined {
  const reached = walk(doc, path);
  const range = reached.complete ? rangeOf(reached.node) : undefined;
  return range ? text.slice(range[0], range[1]) : undefined;
}
