/**
 * Every way text leaves the tool: target-controlled strings (bodies, headers, cookie attributes,
 * oracle reasons) may contain anything, so each output format neutralizes them in one place.
 */

/**
 * Characters that are unsafe in some output even as text: C0 controls but tab and newline (terminal
 * escapes, illegal in XML 1.0), DEL, C1 controls (U+009B is a one-byte CSI on some terminals), bidi
 * overrides and isolates (reorder what a reader sees), lone surrogates and U+FFFE/U+FFFF (illegal in XML).
 */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Replaces every unsafe character by a visible escape (`\x1b`, `\u202e`), so a reader sees that the
 * target sent it instead of having it act on their terminal or break the document. CRLF becomes LF.
 */
export function visibleControls(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(UNSAFE, (ch) => {
    const code = ch.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

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
