import { defineCheck, outcome, type Finding } from '../../src/model/check.js';
import { clientSideCarriers } from '../../src/token/client-side.js';
import { MIN_SAMPLES, sampleProof } from './sampled.js';

const EXPECTED = 'decoded, the session ID reveals no user data (username, e-mail, IP), no clock or counter and no session state: it is opaque';

/** UUID versions built from a clock and a node ID (RFC 9562 §5.1, §5.6). */
const TIME_BASED_UUID = ['v1', 'v6'];

export default defineCheck({
  meta: {
    id: 'token.opaque',
    suite: 'token',
    title: 'Session IDs are opaque',
    failureTitle: 'Session IDs reveal data or structure',
    severity: 'high',
    remediation: {
      summary:
        'Make the session ID a random reference to server-side state that carries no meaning: no user ids, names, roles, timestamps or encoded JSON. Keep session data in the server store.',
      stacks: {
        rails: ':cookie_store encrypts the data; still keep personal data out of it, or switch to a server-side store.',
        flask: 'The default Flask session is a signed, readable cookie (base64 JSON): keep personal data out of it or use Flask-Session.',
        laravel: "Use a server-side driver ('file', 'database', 'redis'), not 'cookie'.",
      },
    },
    refs: ['WSTG-SESS-01', 'OWASP CS: Session ID Content', 'NIST SP 800-63B-4 §5.1.1(7)', 'RFC 9562 §5.1, §5.4, §5.7'],
    requires: ['session', 'tokenSample'],
    procedure:
      'Decode every sampled ID (percent, base64, base64url, hex, signed-cookie payloads, JWT payloads) and search for the username, e-mail and IP addresses, serialized objects, clocks, counters and time-based UUIDs.',
  },
  evaluate({ artifacts, evidence }) {
    const a = artifacts.tokenSample;
    if ('notApplicable' in a) return outcome.skipped(a.notApplicable);
    const findings: Finding[] = [
      ...a.content.map((c) => ({ message: `${describeKind(c.kind)} in ${Math.round(c.share * 100)}% of the IDs (${c.decoding})`, exchanges: a.exchanges })),
      ...a.analysis.structure.map((f) => ({ message: `a ${f.kind}: ${f.detail}`, exchanges: a.exchanges })),
      ...Object.entries(a.analysis.uuidVersions)
        .filter(([v]) => TIME_BASED_UUID.includes(v))
        .map(([v, n]) => ({ message: `${n} UUID${v} IDs: a timestamp and the node's MAC address, not random`, exchanges: a.exchanges })),
      ...(a.analysis.format === 'jwt'
        ? []
        : clientSideCarriers(artifacts.session, evidence).map((c) => ({ message: `session state in the client: ${c.carrier} — ${c.why}`, exchanges: c.exchanges }))),
    ];
    if (findings.length) return outcome.fail(EXPECTED, `${a.carrier}: ${findings.map((f) => f.message).join('; ')}`, findings);
    if (a.collected < MIN_SAMPLES) return outcome.inconclusive(EXPECTED, `only ${a.collected} IDs were collected; at least ${MIN_SAMPLES} are needed to rule out clocks and counters`);
    const jwt = a.analysis.format === 'jwt' ? ' (a JWT: its claims are readable, but none carries user data)' : '';
    return outcome.pass(EXPECTED, `${a.collected} ${a.carrier} values decoded ${a.decodings.length} ways: no user data, clock, counter or session state${jwt}`, sampleProof(a));
  },
});

function describeKind(kind: string): string {
  return { username: 'the username', email: 'an e-mail address', ip: 'an IP address', 'serialized-object': 'a serialized object (session state)' }[kind] ?? kind;
}
