import type { ErrorObject, ValidateFunction } from 'ajv';
import { didYouMeanSuffix } from './did-you-mean.js';
import type { Where } from './yaml-locate.js';
import { pointerToYamlPath } from './yaml-path.js';

/** A schema violation placed on the YAML path it concerns. */
export interface SchemaProblem {
  path: (string | number)[];
  where: Where;
  message: string;
}

/** Reads the source behind a path, for hints such as "write 1.0 in quotes". */
export interface SourceHints {
  sourceOf(path: readonly (string | number)[]): string | undefined;
  textAfterKey(path: readonly (string | number)[]): string | undefined;
}

type SchemaNode = Record<string, unknown> | undefined;

/** The part of an ajv instance used here (Ajv and Ajv2020 both fit). */
export interface SchemaRegistry {
  getSchema(key: string): ValidateFunction | undefined;
}

const KINDS: Record<string, string> = { object: 'a mapping', array: 'a list', string: 'a string', boolean: 'true or false', integer: 'a whole number', number: 'a number', null: 'empty' };
const FORMATS: Record<string, string> = { email: 'an email address', date: 'a date (YYYY-MM-DD)', 'date-time': 'an ISO 8601 timestamp', uri: 'a URL', hostname: 'a host name' };

function kindOf(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'true or false';
  return 'a string';
}

const show = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : String(v));
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function typeMessage(e: ErrorObject, path: (string | number)[], hints: SourceHints): string {
  const wanted = ([] as string[]).concat(e.params.type as string | string[]).map((t) => KINDS[t] ?? t);
  const got = kindOf(e.data);
  let message = got === 'empty' ? `must be ${wanted.join(' or ')}, but it is empty` : `must be ${wanted.join(' or ')}, not ${got}`;
  if (got === 'empty' && /^:\s+#/.test(hints.textAfterKey(path) ?? '')) {
    message += ' (# starts a comment in YAML: put the value in quotes, such as "#builds")';
  } else if (wanted.includes('a string') && (typeof e.data === 'number' || typeof e.data === 'boolean')) {
    message += ` (write ${JSON.stringify(hints.sourceOf(path) ?? String(e.data))} in quotes)`;
  }
  return message;
}

function messageFor(e: ErrorObject, path: (string | number)[], hints: SourceHints): string {
  const parent = e.parentSchema as SchemaNode;
  const custom = typeof parent?.errorMessage === 'string' ? parent.errorMessage : undefined;
  switch (e.keyword) {
    case 'type':
      return custom ?? typeMessage(e, path, hints);
    case 'const':
      return custom ?? `must be ${show(e.params.allowedValue)}`;
    case 'enum': {
      const allowed = (e.params.allowedValues as unknown[]).map(String);
      if (typeof e.data !== 'string') return `must be one of: ${allowed.join(', ')}`;
      return `unknown value ${show(e.data)}${didYouMeanSuffix(e.data, allowed)} (allowed: ${allowed.join(', ')})`;
    }
    case 'pattern': {
      const explain = typeof parent?.patternErrorMessage === 'string' ? parent.patternErrorMessage : `it must match ${String(e.params.pattern)}`;
      return `${show(e.data)} is not valid: ${explain}`;
    }
    case 'format':
      return `${show(e.data)} is not ${FORMATS[e.params.format as string] ?? `a valid ${String(e.params.format)}`}`;
    case 'minItems':
      return e.params.limit === 1 ? 'must not be an empty list' : `must list at least ${plural(e.params.limit as number, 'item')}`;
    case 'maxItems':
      return `must list at most ${plural(e.params.limit as number, 'item')}`;
    case 'minLength':
      return e.params.limit === 1 ? 'must not be empty' : `must be at least ${plural(e.params.limit as number, 'character')}`;
    case 'maxLength':
      return `must be at most ${plural(e.params.limit as number, 'character')}`;
    case 'minimum':
      return `must be at least ${String(e.params.limit)}`;
    case 'maximum':
      return `must be at most ${String(e.params.limit)}`;
    case 'minProperties':
      return custom ?? `must have at least ${String(e.params.limit)} ${e.params.limit === 1 ? 'entry' : 'entries'}`;
    case 'anyOf':
    case 'oneOf':
      return custom ?? e.message ?? 'does not match any allowed form';
    default:
      return e.message ?? `fails ${e.keyword}`;
  }
}

function toProblem(e: ErrorObject, data: unknown, hints: SourceHints): SchemaProblem {
  const path = pointerToYamlPath(e.instancePath, data);
  const parent = e.parentSchema as SchemaNode;
  if (e.keyword === 'additionalProperties') {
    const key = String(e.params.additionalProperty);
    const allowed = Object.keys((parent?.properties as object | undefined) ?? {});
    const guess = didYouMeanSuffix(key, allowed);
    const list = guess === '' && allowed.length > 0 ? ` (allowed: ${allowed.join(', ')})` : '';
    return { path: [...path, key], where: 'key', message: `unknown key ${JSON.stringify(key)}${guess}${list}` };
  }
  if (e.keyword === 'required') {
    return { path, where: 'owner', message: `missing required key ${JSON.stringify(String(e.params.missingProperty))}` };
  }
  if (e.keyword === 'propertyNames') {
    const name = String(e.params.propertyName);
    const names = e.schema as SchemaNode;
    const explain = typeof names?.patternErrorMessage === 'string' ? names.patternErrorMessage : 'the name is not allowed here';
    return { path: [...path, name], where: 'key', message: `${JSON.stringify(name)} is not a valid name: ${explain}` };
  }
  if (e.keyword === 'uniqueItems') {
    const later = Math.max(e.params.i as number, e.params.j as number);
    const earlier = Math.min(e.params.i as number, e.params.j as number);
    const item = Array.isArray(e.data) ? e.data[later] : undefined;
    return { path: [...path, later], where: 'value', message: `${show(item)} is listed twice (also item ${earlier + 1})` };
  }
  return { path, where: 'value', message: messageFor(e, path, hints) };
}

const under = (p: string, root: string) => p === root || p.startsWith(`${root}/`);

/** JSON pointers of every subschema object of a schema (ajv reports schema paths relative to $ref targets). */
const pointerCache = new WeakMap<object, Map<unknown, string>>();
function pointersOf(root: object): Map<unknown, string> {
  let map = pointerCache.get(root);
  if (map) return map;
  map = new Map();
  const visit = (node: unknown, pointer: string) => {
    if (node === null || typeof node !== 'object' || map!.has(node)) return;
    map!.set(node, pointer);
    for (const [k, v] of Object.entries(node)) visit(v, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
  };
  visit(root, '');
  pointerCache.set(root, map);
  return map;
}

/**
 * Replaces each failed anyOf/oneOf by the errors of the one branch whose type fits the value (a mapping
 * given where "id or { id, until }" is allowed is judged as a mapping), or by a single sentence (the
 * schema node's errorMessage) when no branch fits. The node holding anyOf/oneOf must carry no other
 * constraints: every error at or under it is taken as coming from its branches.
 */
function resolveAlternatives(ajv: SchemaRegistry, schema: { $id?: string }, errors: ErrorObject[]): ErrorObject[] {
  const pointers = pointersOf(schema);
  let list = [...errors];
  for (let guard = 0; guard < 50; guard++) {
    const alt = list.filter((e) => (e.keyword === 'anyOf' || e.keyword === 'oneOf') && !(e.params as { resolved?: boolean }).resolved)
      .sort((a, b) => a.instancePath.length - b.instancePath.length)[0];
    if (!alt) break;
    const base = pointers.get(alt.parentSchema);
    const branches = Array.isArray(alt.schema) ? alt.schema.length : 0;
    const fitting: ErrorObject[][] = [];
    for (let i = 0; base !== undefined && i < branches; i++) {
      let validate: ValidateFunction | undefined;
      try {
        validate = ajv.getSchema(`${schema.$id ?? ''}#${base}/${alt.keyword}/${i}`);
      } catch {
        validate = undefined; // a branch ajv cannot compile alone: fall back to the one-sentence error
      }
      if (!validate || validate(alt.data)) continue;
      const errs = validate.errors ?? [];
      if (errs.some((x) => x.instancePath === '' && x.keyword === 'type')) continue;
      fitting.push(errs.map((x) => ({ ...x, instancePath: alt.instancePath + x.instancePath })));
    }
    const replacement = fitting.length === 1 ? fitting[0] : [{ ...alt, params: { ...alt.params, resolved: true } }];
    list = [...list.filter((e) => !under(e.instancePath, alt.instancePath)), ...replacement];
  }
  return list;
}

/** Drops the inner errors a propertyNames failure repeats (they name no property). */
function dropPropertyNameDetails(errors: ErrorObject[]): ErrorObject[] {
  const owners = errors.filter((e) => e.keyword === 'propertyNames').map((e) => `${e.instancePath}\0${e.schemaPath}/`);
  return errors.filter((e) => !owners.some((o) => `${e.instancePath}\0${e.schemaPath}`.startsWith(o)));
}

/** Turns ajv's errors (allErrors, verbose) into one plain sentence per problem, placed on its YAML path. */
export function schemaProblems(ajv: SchemaRegistry, schema: { $id?: string }, errors: readonly ErrorObject[], data: unknown, hints: SourceHints): SchemaProblem[] {
  const cleaned = dropPropertyNameDetails(resolveAlternatives(ajv, schema, [...errors]));
  return cleaned.map((e) => toProblem(e, data, hints));
}
