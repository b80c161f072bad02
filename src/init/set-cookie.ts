/**
 * The Set-Cookie line a spec implies, each part annotated with why it is there, so a developer can
 * copy the line into the framework's session settings and know what each flag buys.
 */
import { SPEC_FIELDS } from '../config/spec-fields.js';
import type { Spec } from '../config/types.js';
import { standardFor } from './standards.js';
import type { SpecField } from '../config/raw-spec.js';

export interface SetCookiePart {
  /** As it appears in the header. */
  text: string;
  why: string;
  /** The standard it answers to. */
  standard: string;
}

export interface SetCookieAdvice {
  line: string;
  parts: SetCookiePart[];
}

export const DEFAULT_COOKIE_NAME = 'sid';

export function setCookieFor(spec: Spec, baseName = DEFAULT_COOKIE_NAME): SetCookieAdvice {
  const { cookie, timeouts, token } = spec;
  const part = (text: string, field: SpecField, why = SPEC_FIELDS[field].why): SetCookiePart => ({ text, why, standard: standardFor(spec, field) });
  const name = `${cookie.prefix ?? ''}${baseName}`;
  const bytes = Math.ceil(token.minEntropyBits / 8);
  const parts: SetCookiePart[] = [
    cookie.prefix
      ? part(`${name}=`, 'cookie.prefix')
      : { text: `${name}=`, why: 'no prefix is required; __Host- would also let browsers enforce Secure, Path=/ and no Domain', standard: standardFor(spec, 'cookie.prefix') },
    part(
      `<${Math.ceil((bytes * 4) / 3)} base64url chars>`,
      'token.minEntropyBits',
      `at least ${token.minEntropyBits} bits from a CSPRNG, e.g. crypto.randomBytes(${bytes}).toString('base64url'); nothing else in the value`,
    ),
    part(`Path=${cookie.prefix === '__Host-' ? '/' : (cookie.path ?? '/')}`, 'cookie.path'),
  ];
  if (!cookie.hostOnly && cookie.allowedDomains.length > 0) {
    parts.push(part(`Domain=${cookie.allowedDomains[0]}`, 'cookie.domains', 'shared with the subdomains of this domain, as the spec allows; every one of them receives the session'));
  } else {
    parts.push(part('(no Domain)', 'cookie.hostOnly'));
  }
  if (cookie.secure) parts.push(part('Secure', 'cookie.secure'));
  if (cookie.httpOnly) parts.push(part('HttpOnly', 'cookie.httpOnly'));
  const sameSite = cookie.sameSite[0];
  parts.push(
    sameSite
      ? part(`SameSite=${sameSite}`, 'cookie.sameSite', sameSiteWhy(sameSite))
      : part('SameSite=Lax', 'cookie.sameSite', 'the spec accepts any value; set one explicitly, because browser defaults differ'),
  );
  const maxAge = cookie.maxAge;
  if (maxAge?.kind === 'max') {
    const limit = timeouts.absoluteMs === null ? maxAge.maxMs : Math.min(maxAge.maxMs, timeouts.absoluteMs);
    parts.push(part(`Max-Age=${Math.floor(limit / 1000)}`, 'cookie.maxAge', 'the cookie expires no later than the session may live on the server'));
  } else {
    parts.push(part('(no Max-Age/Expires)', 'cookie.maxAge', 'a session cookie: the browser forgets it when it closes, and the server never relies on it expiring'));
  }
  const header = parts.filter((p) => !p.text.startsWith('(')).map((p) => p.text);
  return { line: `Set-Cookie: ${header[0]}${header[1]}; ${header.slice(2).join('; ')}`, parts };
}

function sameSiteWhy(value: string): string {
  if (value === 'Strict') return 'never sent on requests from other sites (strongest CSRF defence; links from e-mail land logged out)';
  if (value === 'Lax') return 'sent on top-level navigations from other sites, never on their subrequests or form POSTs';
  return 'sent on cross-site requests too: only for embedded or federated use, and only with Secure';
}

/** The line and one indented annotation per part, for the terminal. */
export function formatSetCookie(advice: SetCookieAdvice): string {
  const width = Math.max(...advice.parts.map((p) => p.text.length));
  const notes = advice.parts.map((p) => `  ${p.text.padEnd(width)}  ${p.why} [${p.standard}]`);
  return [advice.line, ...notes].join('\n');
}
