/**
 * The readable forms of a token value: as written, percent-decoded, base64/base64url/hex-decoded, the
 * payload part of signed formats (Flask `payload.ts.sig`, Rails `data--digest`, Django `data:ts:sig`)
 * and a JWT's payload. Shared by the shape recorded for every cookie (client-side state) and the
 * content search of the token suite (user data).
 */

/** `core` is the value with framing removed (percent-decoding, express signature); `jwt` when it is a JWS. */
export function readings(raw: string, core: string, jwt: boolean): Array<[string, string]> {
  const out: Array<[string, string]> = [['as written', raw]];
  if (jwt) return [...out, ['JWT payload', Buffer.from(raw.split('.')[1] ?? '', 'base64url').toString('utf8')]];
  if (core !== raw) out.push(['percent-decoded', core]);
  if (/^[A-Za-z0-9+/]+=*$/.test(core) && core.length >= 8) out.push(['base64-decoded', Buffer.from(core, 'base64').toString('latin1')]);
  if (/^[A-Za-z0-9_-]+$/.test(core) && core.length >= 8) out.push(['base64url-decoded', Buffer.from(core, 'base64url').toString('latin1')]);
  const head = core.replace(/^\./, '').split(/\.|--|:/)[0]!;
  if (head !== core && /^[A-Za-z0-9_+/-]{8,}=*$/.test(head)) out.push(['signed-payload-decoded', Buffer.from(head, 'base64url').toString('latin1')]);
  if (/^([0-9a-f]{2})+$/i.test(core)) out.push(['hex-decoded', Buffer.from(core, 'hex').toString('latin1')]);
  return out;
}

export function looksSerialized(text: string): boolean {
  const t = text.trim();
  if (/^(a|O):\d+:/.test(t)) return true; // PHP serialize()
  if (!/^[{[]/.test(t)) return false;
  try {
    const v: unknown = JSON.parse(t);
    return typeof v === 'object' && v !== null;
  } catch {
    return false;
  }
}

/** How a value reveals that it carries session state itself, or null when it looks like an opaque ID. */
export function serializedState(raw: string, core: string): string | null {
  const found = readings(raw, core, false).find(([, text]) => looksSerialized(text));
  return found ? `the ${found[0] === 'as written' ? 'value' : `${found[0]} value`} is a serialized object` : null;
}
