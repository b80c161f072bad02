/**
 * Every way text leaves the tool: target-controlled strings (bodies, headers, cookie attributes,
 * oracle reasons) may contain anything, so each output format neutralizes them in one place.
 */
import { visibleControls } from '../src/visible-text.js';

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Safe in text and in quoted attribute values alike, so a template need not know its context. */
function escapeHtml(text: string): string {
  return visibleControls(text).replace(/[&<>"'`]/g, (ch) => HTML_ENTITIES[ch]!);
}

/**
 * Text inside one line of GitHub-flavoured Markdown (after a list marker, in a table cell, never at
 * the start of a line): HTML is neutralized as entities (GitHub renders some raw HTML), the inline
 * metacharacters are backslash-escaped so target text cannot make links, images, emphasis, code spans
 * or table columns, and line breaks become spaces so it cannot start a block of its own.
 */
export function markdownText(text: string): string {
  return visibleControls(text)
    .replace(/\s*\n\s*/g, ' ')
    .replace(/[&<>]/g, (ch) => HTML_ENTITIES[ch]!)
    .replace(/[\\`*_[\]|~#]/g, (ch) => `\\${ch}`);
}

// Only this module holds the key, so only the `html` tag can mint trusted markup.
const MINT = Symbol('SafeHtml');

/** Markup produced by the `html` tag; interpolating it into another `html` template inserts it as is. */
export class SafeHtml {
  readonly #markup: string;

  constructor(key: symbol, markup: string) {
    if (key !== MINT) throw new TypeError('SafeHtml is produced by the html tag only');
    this.#markup = markup;
  }

  toString(): string {
    return this.#markup;
  }
}

export type HtmlValue = SafeHtml | string | number | null | undefined | false | readonly HtmlValue[];

function interpolate(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.toString();
  if (Array.isArray(value)) return value.map(interpolate).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/**
 * The only way the HTML report emits markup: the template's literal parts are trusted, every
 * interpolation is escaped unless it is itself the result of this tag. Nothing is conditional on
 * context, so attribute values must always be quoted in templates.
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += interpolate(value) + strings[i + 1]!;
  });
  return new SafeHtml(MINT, out);
}
