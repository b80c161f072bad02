/**
 * Timestamps a session cookie carries in its own value: `<id>.<expiry>`, a JWT's `exp`/`iat`, a
 * base64 JSON blob with `"expires": 1700000000`. A server that trusts them lets a client extend its
 * own session (CHECKS.md timeout.server-enforced), so the timeout probe finds them, waits past them,
 * and replays the value with every one of them moved forward.
 *
 * A timestamp is a run of exactly 10 (seconds) or 13 (milliseconds) digits that falls within 400 days
 * of the issuance time — random IDs practically never contain one, and decoded base64 is only searched
 * when it is printable text.
 */

export interface TimeField {
  /** Where it was found, for the report: `segment 2 (base64) "exp"` or `the value, at character 33`. */
  where: string;
  epochMs: number;
}

const WINDOW_MS = 400 * 24 * 3600 * 1000;
const DIGITS = /(?<!\d)(\d{13}|\d{10})(?!\d)/g;
const BASE64 = /^[A-Za-z0-9_\-+/]{8,}={0,2}$/;
const PRINTABLE = /^[\t\n\r\x20-\x7e]*$/;

export function findTimeFields(value: string, refEpochMs: number): TimeField[] {
  const found: TimeField[] = [];
  visit(value, refEpochMs, (where, epochMs) => {
    found.push({ where, epochMs });
    return null;
  });
  return found;
}

/** The value with every timestamp moved `deltaMs` later, in its own unit and encoding. */
export function shiftTimeFields(value: string, refEpochMs: number, deltaMs: number): string {
  return visit(value, refEpochMs, (_where, epochMs, unit) => String(unit === 's' ? Math.ceil((epochMs + deltaMs) / 1000) : epochMs + deltaMs));
}

type Visitor = (where: string, epochMs: number, unit: 's' | 'ms') => string | null;

/** Calls `visit` for every timestamp; a returned string replaces the digits. Returns the rewritten value. */
function visit(value: string, ref: number, visitor: Visitor): string {
  let hits = 0;
  const plain = rewriteDigits(value, ref, (index, epochMs, unit, before) => {
    hits++;
    return visitor(`the value, at character ${index}${keyOf(before)}`, epochMs, unit);
  });
  // Timestamps in plain sight: the value is text, not base64 to decode.
  if (hits > 0) return plain;
  const segments = value.split('.');
  return segments
    .map((segment, i) => {
      if (!BASE64.test(segment)) return segment;
      const standard = /[+/]/.test(segment);
      const decoded = Buffer.from(segment, standard ? 'base64' : 'base64url').toString('latin1');
      if (!PRINTABLE.test(decoded)) return segment;
      const rewritten = rewriteDigits(decoded, ref, (_index, epochMs, unit, before) =>
        visitor(`segment ${i + 1} (base64)${keyOf(before)}`, epochMs, unit),
      );
      if (rewritten === decoded) return segment;
      const encoded = Buffer.from(rewritten, 'latin1').toString(standard ? 'base64' : 'base64url');
      return segment.endsWith('=') ? encoded.padEnd(Math.ceil(encoded.length / 4) * 4, '=') : encoded.replace(/=+$/, '');
    })
    .join('.');
}

function rewriteDigits(
  text: string,
  ref: number,
  onField: (index: number, epochMs: number, unit: 's' | 'ms', before: string) => string | null,
): string {
  return text.replace(DIGITS, (digits: string, _g: string, index: number) => {
    const unit = digits.length === 10 ? 's' : 'ms';
    const epochMs = unit === 's' ? Number(digits) * 1000 : Number(digits);
    if (Math.abs(epochMs - ref) > WINDOW_MS) return digits;
    return onField(index, epochMs, unit, text.slice(Math.max(0, index - 40), index)) ?? digits;
  });
}

/** The JSON key or `name=` right before a timestamp, when there is one: ` "exp"`. */
function keyOf(before: string): string {
  const m = /"([\w-]{1,30})"\s*:\s*$/.exec(before) ?? /([\w-]{1,30})=$/.exec(before);
  return m ? ` "${m[1]}"` : '';
}
