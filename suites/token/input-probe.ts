/**
 * How the target treats its session ID outside the cookie and in malformed forms: the live ID as a
 * URL or body parameter with the cookie (or Authorization header) removed, and malformed IDs in its
 * place — out-of-alphabet characters, quotes, an over-long value, broken percent-encoding.
 */
import type { InputProbe, TokenInputArtifact } from '../../src/model/artifacts.js';
import type { Probe } from '../../src/probe.js';
import type { Credentials } from '../../src/drivers/http.js';
import type { TargetSession } from '../../src/target/session.js';
import type { OracleVariant } from '../../src/target/oracle.js';

/** Parameter names frameworks read session IDs from (PHP trans_sid, Java/ASP.NET URL rewriting, …). */
const COOKIE_PARAMETERS = ['sid', 'session', 'sessionid', 'session_id', 'sessid', 'PHPSESSID', 'JSESSIONID', 'jsessionid', 'ASP.NET_SessionId', 'connect.sid', 'token'];
/** RFC 6750 §2.2–2.3 define access_token in a form body or query; others are common homegrown names. */
const BEARER_PARAMETERS = ['access_token', 'token', 'jwt', 'auth'];
/** Reflected unescaped, this marker would be markup in the page. */
export const REFLECTION_MARKER = '<sp-probe>';

const STACK_TRACES: Array<[string, RegExp]> = [
  ['a Node.js stack trace', /\n\s*at [^\n]+ \(?[^\n]*:\d+:\d+\)?/],
  ['a Python traceback', /Traceback \(most recent call last\)/],
  ['a Java stack trace', /\bat [\w$.]+\([\w$]+\.java:\d+\)/],
  ['a PHP error', /(Fatal error|Warning|Parse error)<\/b>?:? .* on line/],
  ['a .NET exception page', /System\.[A-Za-z.]+Exception|Server Error in '\/' Application/],
];

export const tokenInputProbe: Probe<'tokenInput'> = {
  id: 'tokenInput',
  title: 'session-ID input handling',
  async run({ session, established, progress }): Promise<TokenInputArtifact> {
    const bearer = established.authKind === 'bearer';
    const client = session.newClient('token-input');
    progress.step('token: presenting the session ID in URL and body parameters, and malformed IDs');
    await session.login(client);
    try {
      const creds = await session.sessionCredentials(client);
      const cookie = creds.cookies[0];
      const scheme = creds.authorization?.match(/^\S+\s+/)?.[0] ?? '';
      const value = bearer ? creds.authorization?.slice(scheme.length) : cookie?.value;
      if (!value) return { notApplicable: 'no session cookie or bearer token to present' };
      const carrier = bearer ? 'bearer token' : cookie!.name;
      const without: Credentials = bearer ? { cookies: creds.cookies } : { ...creds, cookies: creds.cookies.filter((c) => c !== cookie) };
      const withValue = (v: string): Credentials => (bearer ? { ...creds, authorization: `${scheme}${v}` } : { ...creds, cookies: [{ name: carrier, value: v }, ...without.cookies] });

      const control = await session.replay(creds, 'positive control: the session as issued');
      const ask = (label: string, credentials: Credentials, variant?: OracleVariant) => observe(session, label, credentials, variant);
      const names = bearer ? BEARER_PARAMETERS : [...new Set([carrier, ...COOKIE_PARAMETERS])];
      const oracle = new URL(session.oracle.url);
      const parameters: InputProbe[] = [];
      for (const name of names) {
        const url = new URL(oracle);
        url.searchParams.set(name, value);
        parameters.push(await ask(`?${name}= in the URL`, without, { url: url.toString() }));
      }
      if (!bearer) {
        const matrix = new URL(oracle);
        matrix.pathname += `;jsessionid=${value}`;
        parameters.push(await ask(';jsessionid= path parameter', without, { url: matrix.toString() }));
      }
      for (const name of names) parameters.push(await ask(`${name}= in a POST body`, without, { method: 'POST', form: { [name]: value } }));

      const malformed: InputProbe[] = [];
      const half = value.slice(0, Math.ceil(value.length / 2));
      // Half a live ID is still a secret: mask it like the whole one (the redactor masks 8 characters and more).
      session.evidence.redactor.addToken(half);
      const variants: Array<[string, string]> = [
        ['out-of-alphabet characters appended', `${value}'"${REFLECTION_MARKER}`],
        ['SQL quote', `${value}' OR '1'='1`],
        ...(half.length >= 8 ? [['truncated to half its length', half] as [string, string]] : []),
        ['over-long value (4096 characters)', value.padEnd(4096, 'A')],
        ['broken percent-encoding', `${value}%E0%A4%`],
        ['empty value', ''],
      ];
      for (const [label, v] of variants) malformed.push(await ask(label, withValue(v)));
      return { carrier, control, parameters, malformed };
    } finally {
      await session.release(client);
    }
  },
};

/** Logged out, or refused with a 4xx the oracle was not calibrated on (404 for a path parameter, 400 for junk): no session either way. */
export function noSession(p: InputProbe): boolean {
  return p.observation.answer === 'no' || (p.observation.answer === 'unknown' && p.status !== null && p.status >= 400 && p.status < 500);
}

async function observe(session: TargetSession, label: string, credentials: Credentials, variant?: OracleVariant): Promise<InputProbe> {
  const observation = await session.replay(credentials, `token input: ${label}`, variant);
  const e = session.evidence.byId(observation.exchange);
  const body = e?.response?.body ?? '';
  return {
    label,
    observation,
    status: e?.response?.status ?? null,
    reflected: body.includes(REFLECTION_MARKER),
    stackTrace: STACK_TRACES.find(([, re]) => re.test(body))?.[0] ?? null,
  };
}
