/**
 * The syntactic half of RFC 6265bis §5.6: split one `Set-Cookie` header into name, value and the
 * attribute list *as sent* (order, duplicates and unknown attributes kept), because the checks must see
 * what the server actually wrote, not what a lenient parser collapsed it into.
 */

export interface ParsedSetCookie {
  name: string;
  value: string;
  attributes: Array<[string, string | null]>;
}

export function parseSetCookie(header: string): ParsedSetCookie {
  const [pair = '', ...rest] = header.split(';');
  const eq = pair.indexOf('=');
  // §5.6 step 3: without '=', the whole pair is the value and the name is empty.
  const name = eq === -1 ? '' : pair.slice(0, eq).trim();
  const value = (eq === -1 ? pair : pair.slice(eq + 1)).trim();
  const attributes: Array<[string, string | null]> = [];
  for (const part of rest) {
    if (part.trim() === '') continue;
    const aeq = part.indexOf('=');
    if (aeq === -1) attributes.push([part.trim(), null]);
    else attributes.push([part.slice(0, aeq).trim(), part.slice(aeq + 1).trim()]);
  }
  return { name, value, attributes };
}
