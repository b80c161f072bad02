/**
 * Bytes on disk to a plain value: YAML or JSON by extension (anything but .json is read as YAML, which
 * also accepts JSON). Every failure is a located Issue, never an exception with a stack trace.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { Issue } from './errors.js';

export type Parsed = { ok: true; value: Record<string, unknown> } | { ok: false; issues: Issue[] };

const fail = (message: string): Parsed => ({ ok: false, issues: [{ path: '$', message }] });

export async function parseConfigFile(file: string): Promise<Parsed> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    return fail(readFailure(error as NodeJS.ErrnoException));
  }
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

function readFailure(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'file not found';
    case 'EISDIR':
      return 'is a directory, not a config file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return `cannot read the file (${error.code ?? error.message})`;
  }
}

type Syntax = { ok: true; value: unknown } | { ok: false; issues: Issue[] };

function parseYaml(text: string): Syntax {
  const doc = parseDocument(text, { merge: true });
  const [first, ...rest] = doc.errors;
  if (first) {
    // After the first syntax error the parser is lost and the rest mostly echo it.
    const where = first.linePos ? `line ${first.linePos[0].line}, column ${first.linePos[0].col}: ` : '';
    const message =
      first.code === 'MULTIPLE_DOCS'
        ? 'the file holds several YAML documents (---); a config is one document'
        : first.message.replace(/ at line \d+, column \d+:[\s\S]*$/, '');
    const more = rest.length > 0 ? ` (${rest.length} more error(s) after it)` : '';
    return { ok: false, issues: [{ path: '$', message: `YAML syntax error at ${where}${message}${more}` }] };
  }
  if (doc.contents === null) return { ok: false, issues: [{ path: '$', message: 'the file holds only comments' }] };
  try {
    return { ok: true, value: doc.toJS() };
  } catch (error) {
    // toJS resolves aliases, so an undefined anchor or an alias bomb surfaces only here.
    return { ok: false, issues: [{ path: '$', message: `YAML error: ${(error as Error).message}` }] };
  }
}

function parseJson(text: string): Syntax {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const message = (error as Error).message;
    const offset = Number(/at position (\d+)/.exec(message)?.[1] ?? (/end of JSON input/.test(message) ? text.length : firstBadOffset(text)));
    const before = text.slice(0, offset).split('\n');
    const where = `line ${before.length}, column ${before.at(-1)!.length + 1}`;
    const what = message.replace(/ in JSON at position \d+.*$/, '').replace(/^(Unexpected token '.*?'),[\s\S]*$/, '$1');
    return { ok: false, issues: [{ path: '$', message: `JSON syntax error at ${where}: ${what}` }] };
  }
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
