/**
 * Bytes on disk to a plain value: YAML or JSON by extension (anything but .json is read as YAML, which
 * also accepts JSON). Every failure is a located Issue, never an exception with a stack trace.
 */
import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { readRegularFile } from './read-file.js';
import { jsonPath, type PathSegment } from './errors.js';
import type { Issue } from './errors.js';

export type Parsed = { ok: true; value: Record<string, unknown> } | { ok: false; issues: Issue[] };

const fail = (message: string): Parsed => ({ ok: false, issues: [{ path: '$', message }] });

/** A config is a page of settings; anything near this size is a mistake or an attack. */
export const MAX_CONFIG_BYTES = 1024 * 1024;
/** Deeper than any config needs (a JSON login body inside a flow is about eight levels down). */
export const MAX_NESTING = 64;

export async function parseConfigFile(file: string): Promise<Parsed> {
  const read = await readRegularFile(file, MAX_CONFIG_BYTES, 'a config file');
  if (!read.ok) return fail(read.message);
  const { bytes } = read;
  if (bytes.includes(0)) return fail('not a text file (it contains NUL bytes); expected YAML or JSON');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail('not UTF-8 text; expected YAML or JSON');
  }
  if (text.trim() === '') return fail('the file is empty');
  const parsed = path.extname(file).toLowerCase() === '.json' ? parseJson(text) : parseYaml(text);
  if (!parsed.ok) return parsed;
  const { value } = parsed;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return fail(`expected a mapping with target (and spec, checks, report) at the top, got ${value === null ? 'nothing' : Array.isArray(value) ? 'a list' : typeof value}`);
  }
  return { ok: true, value: value as Record<string, unknown> };
}

type Syntax = { ok: true; value: unknown } | { ok: false; issues: Issue[] };

function parseYaml(text: string): Syntax {
  const lineCounter = new LineCounter();
  // The library's own duplicate-key check compares every pair of keys: quadratic in a map's size.
  const doc = parseDocument(text, { merge: true, uniqueKeys: false, lineCounter });
  const [first, ...rest] = doc.errors;
  if (first) {
    // After the first syntax error the parser is lost and the rest mostly echo it.
    const where = first.linePos ? `line ${first.linePos[0].line}, column ${first.linePos[0].col}: ` : '';
    const message =
      first.message.includes('Maximum call stack size exceeded')
        ? `nested too deeply to read (a config needs fewer than ${MAX_NESTING} levels)`
        : first.code === 'MULTIPLE_DOCS'
        ? 'the file holds several YAML documents (---); a config is one document'
        : first.message.replace(/ at line \d+, column \d+:[\s\S]*$/, '');
    const more = rest.length > 0 ? ` (${rest.length} more error(s) after it)` : '';
    return { ok: false, issues: [{ path: '$', message: `YAML syntax error at ${where}${message}${more}` }] };
  }
  if (doc.contents === null) return { ok: false, issues: [{ path: '$', message: 'the file holds only comments' }] };
  const structural = structureIssues(doc, lineCounter);
  if (structural.length > 0) return { ok: false, issues: structural };
  try {
    return { ok: true, value: doc.toJS() };
  } catch (error) {
    // toJS resolves aliases, so an undefined anchor or an alias bomb surfaces only here.
    return { ok: false, issues: [{ path: '$', message: `YAML error: ${(error as Error).message}` }] };
  }
}

function parseJson(text: string): Syntax {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    const message = (error as Error).message;
    const offset = Number(/at position (\d+)/.exec(message)?.[1] ?? (/end of JSON input/.test(message) ? text.length : firstBadOffset(text)));
    const before = text.slice(0, offset).split('\n');
    const where = `line ${before.length}, column ${before.at(-1)!.length + 1}`;
    const what = message.replace(/ in JSON at position \d+.*$/, '').replace(/^(Unexpected token '.*?'),[\s\S]*$/, '$1');
    return { ok: false, issues: [{ path: '$', message: `JSON syntax error at ${where}: ${what}` }] };
  }
  // JSON.parse keeps the last of duplicate keys without a word; JSON is YAML, whose parser keeps them all.
  // The depth is bounded first: that parser, like everything after it, recurses.
  const deep = nestingIssue(value);
  if (deep) return { ok: false, issues: [deep] };
  const lineCounter = new LineCounter();
  const structural = structureIssues(parseDocument(text, { uniqueKeys: false, lineCounter }), lineCounter);
  return structural.length > 0 ? { ok: false, issues: structural } : { ok: true, value };
}

/** The first place a parsed value nests deeper than MAX_NESTING, found without recursion. */
function nestingIssue(root: unknown): Issue | undefined {
  const stack: Array<{ value: unknown; at: PathSegment[] }> = [{ value: root, at: [] }];
  while (stack.length > 0) {
    const { value, at } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (at.length >= MAX_NESTING) return tooDeep(at);
    const entries: Array<[PathSegment, unknown]> = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
    for (const [key, child] of entries) stack.push({ value: child, at: [...at, key] });
  }
  return undefined;
}

const tooDeep = (at: PathSegment[]): Issue => ({ path: jsonPath(at), message: `nested deeper than ${MAX_NESTING} levels; a config needs far fewer` });

/**
 * Duplicate keys (each with its line and the line of the first) and nesting beyond MAX_NESTING, in one
 * pass over the document's nodes with an explicit stack: linear in the file, whatever its shape.
 */
function structureIssues(doc: Document, lines: LineCounter): Issue[] {
  const issues: Issue[] = [];
  const where = (offset: number | undefined) => {
    const { line, col } = lines.linePos(offset ?? 0);
    return `line ${line}, column ${col}`;
  };
  const stack: Array<{ node: unknown; at: PathSegment[] }> = [{ node: doc.contents, at: [] }];
  while (stack.length > 0) {
    const { node, at } = stack.pop()!;
    if (!isMap(node) && !isSeq(node)) continue;
    if (at.length >= MAX_NESTING) return [tooDeep(at)];
    if (isSeq(node)) {
      node.items.forEach((item, i) => stack.push({ node: item, at: [...at, i] }));
      continue;
    }
    const seen = new Map<string, number | undefined>();
    for (const pair of node.items) {
      const keyNode = pair.key;
      const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
      const offset = isScalar(keyNode) ? keyNode.range?.[0] : undefined;
      // `<<` merges another map in; repeating it is how YAML merges several.
      if (key !== '<<' && seen.has(key)) {
        issues.push({ path: jsonPath([...at, key]), message: `duplicate key "${key}" at ${where(offset)} (first at ${where(seen.get(key))}); a key may appear once` });
      } else seen.set(key, offset);
      stack.push({ node: pair.value, at: [...at, key] });
    }
  }
  return issues;
}

/**
 * V8 leaves the position out of "Unexpected token" errors. The shortest prefix that is broken, not
 * merely cut short, ends at the offending character: once a prefix is broken, every longer one is.
 */
function firstBadOffset(text: string): number {
  const breaks = (n: number): boolean => {
    try {
      JSON.parse(text.slice(0, n));
      return false;
    } catch (error) {
      const message = (error as Error).message;
      if (/end of JSON input/.test(message)) return false;
      // A prefix cut inside a string or number fails "at position n", its very end: only cut short.
      const at = /at position (\d+)/.exec(message);
      return !at || Number(at[1]) < n;
    }
  };
  let low = 0;
  let high = text.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (breaks(mid)) high = mid;
    else low = mid + 1;
  }
  return Math.max(0, low - 1);
}
