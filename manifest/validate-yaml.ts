import { createRequire } from 'node:module';
import type { Ajv, AnySchemaObject, Options, ValidateFunction } from 'ajv';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import type addFormatsModule from 'ajv-formats';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { PRECOMPILED_BY_ID } from './precompiled-validators.js';
import { sortProblems, type Problem } from './problem.js';
import { schemaProblems } from './schema-problems.js';
import { locate, sourceOf, textAfterKey, type Where } from './yaml-locate.js';
import { formatYamlPath, type YamlPath } from './yaml-path.js';
import { yamlSyntaxProblems } from './yaml-syntax-problems.js';

// ajv is loaded only for a file that fails the schema (or a schema not compiled ahead of time): checking a
// valid file runs the precompiled validators alone. ajv and ajv-formats are CommonJS, so require() loads
// them on demand.
const require = createRequire(import.meta.url);

/** Schema keywords editors understand (VS Code, yaml-language-server) that carry messages, not rules. */
const EDITOR_KEYWORDS = ['errorMessage', 'patternErrorMessage', 'markdownDescription', 'deprecationMessage', 'enumDescriptions'];

export type ValidateResult<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

export interface ReportOptions {
  /** What the position points at (default `value`; `key` for a key that should not be there). */
  where?: Where;
  /** Characters into a string value (points at a placeholder inside a tag template). */
  offset?: number;
}

/** What a semantic check is given besides the value: the file name and a way to report a problem. */
export interface CheckContext {
  file: string;
  report(path: YamlPath, message: string, options?: ReportOptions): void;
}

/**
 * A rule the schema cannot express. It runs even when the schema found problems (so every mistake is
 * reported at once), so it receives the value as `unknown` and must check shapes before trusting them.
 */
export type SemanticCheck = (value: unknown, ctx: CheckContext) => void;

export interface ValidateYamlOptions {
  /** Name used in problems (`FILE:LINE:COL`). */
  file: string;
  /** A JSON Schema (draft-07 or 2020-12) with an `$id`; compiled once and cached. */
  schema: AnySchemaObject;
  checks?: readonly SemanticCheck[];
  /** The one problem reported for a file with no content (only whitespace or comments). */
  emptyMessage?: string;
}

const instances = new Map<string, Ajv | Ajv2020>();
const compiled = new WeakMap<object, ValidateFunction>();

/** An ajv instance as the product configures it (strict; editor keywords known; formats), reporting every error or none. */
export function newAjv(draft2020: boolean, extra: Options = {}): Ajv | Ajv2020 {
  const options: Options = { allErrors: true, verbose: true, strict: true, allowUnionTypes: true, ...extra };
  const ajv = draft2020 ? new (require('ajv/dist/2020.js') as { Ajv2020: typeof Ajv2020 }).Ajv2020(options) : new (require('ajv') as { Ajv: typeof Ajv }).Ajv(options);
  const formats = require('ajv-formats') as typeof addFormatsModule & { default?: typeof addFormatsModule };
  (formats.default ?? formats)(ajv);
  ajv.addVocabulary(EDITOR_KEYWORDS);
  return ajv;
}

function validatorFor(schema: AnySchemaObject): { validate: ValidateFunction; registry: Ajv | Ajv2020 } {
  const draft2020 = String(schema.$schema ?? '').includes('2020-12');
  const kind = draft2020 ? '2020' : '07';
  let ajv = instances.get(kind);
  if (!ajv) {
    ajv = newAjv(draft2020);
    instances.set(kind, ajv);
  }
  let validate = compiled.get(schema);
  if (!validate) {
    validate = (schema.$id && ajv.getSchema(schema.$id)) || ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return { validate, registry: ajv };
}

function problemAt(file: string, span: { line: number; col: number; endLine: number; endCol: number }, path: string, message: string): Problem {
  return { file, line: span.line, col: span.col, path, message, endLine: span.endLine, endCol: span.endCol };
}

function schemaStage(doc: Document, lineCounter: LineCounter, text: string, data: unknown, options: ValidateYamlOptions): Problem[] {
  const quick = options.schema.$id ? PRECOMPILED_BY_ID[options.schema.$id] : undefined;
  if (quick?.(data)) return [];
  const { validate, registry } = validatorFor(options.schema);
  if (validate(data)) return [];
  const hints = { sourceOf: (p: YamlPath) => sourceOf(doc, text, p), textAfterKey: (p: YamlPath) => textAfterKey(doc, text, p) };
  return schemaProblems(registry, options.schema, validate.errors ?? [], data, hints).map((sp) =>
    problemAt(options.file, locate(doc, lineCounter, text, sp.path, sp.where), formatYamlPath(sp.path), sp.message),
  );
}

function semanticStage(doc: Document, lineCounter: LineCounter, text: string, data: unknown, options: ValidateYamlOptions, schemaFound: Problem[]): Problem[] {
  const taken = new Set(schemaFound.map((p) => p.path));
  const found: Problem[] = [];
  const ctx: CheckContext = {
    file: options.file,
    report(path, message, opts = {}) {
      const formatted = formatYamlPath(path);
      if (taken.has(formatted)) return; // the schema already said what is wrong here
      found.push(problemAt(options.file, locate(doc, lineCounter, text, path, opts.where ?? 'value', opts.offset), formatted, message));
    },
  };
  for (const check of options.checks ?? []) {
    try {
      check(data, ctx);
    } catch (err) {
      found.push({ file: options.file, line: 1, col: 1, path: '', message: `internal error in check ${check.name || '(anonymous)'}: ${(err as Error).message}; please report it` });
    }
  }
  return found;
}

/**
 * Reads a YAML file against a JSON Schema and semantic checks, reporting every problem at once with its
 * line, column and YAML path. Order: YAML syntax (errors stop here; the positions of a broken document
 * mean little), empty file, schema, semantic checks. Never throws on bad input.
 */
export function validateYaml<T>(text: string, options: ValidateYamlOptions): ValidateResult<T> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, merge: true, uniqueKeys: true, logLevel: 'error' });
  const syntax = (list: Parameters<typeof yamlSyntaxProblems>[0]) =>
    yamlSyntaxProblems(list, lineCounter, text).map((s) => problemAt(options.file, s, '', s.message));
  if (doc.errors.length > 0) return { ok: false, problems: sortProblems(syntax(doc.errors)) };
  const problems = syntax(doc.warnings);
  if (doc.contents === null) {
    return { ok: false, problems: [{ file: options.file, line: 1, col: 1, path: '', message: options.emptyMessage ?? 'the file is empty' }] };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    return { ok: false, problems: [...problems, { file: options.file, line: 1, col: 1, path: '', message: `the file cannot be read as data: ${(err as Error).message}` }] };
  }
  const schemaFound = schemaStage(doc, lineCounter, text, data, options);
  problems.push(...schemaFound, ...semanticStage(doc, lineCounter, text, data, options, schemaFound));
  return problems.length === 0 ? { ok: true, value: data as T } : { ok: false, problems: sortProblems(problems) };
}
