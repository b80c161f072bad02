/**
 * Text the tool prints or writes may come from the target or the config; this is the one rule for the
 * characters that must never act on a terminal or break a document. Every output format builds on it.
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
