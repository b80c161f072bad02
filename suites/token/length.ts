import { defineCheck, outcome } from '../../src/model/check.js';

export default defineCheck({
  meta: {
    id: 'token.length',
    suite: 'token',
    title: 'The session ID is long enough to resist guessing',
    failureTitle: 'The session ID is too short to resist guessing',
    severity: 'high',
    remediation: {
      summary:
        'Use session IDs of at least 128 bits drawn from a CSPRNG (e.g. 16 random bytes, hex or base64url encoded). Framework defaults meet this; custom ID generators usually do not.',
      stacks: {
        'express-session': "Drop a custom genid, or make it return crypto.randomBytes(16+).toString('base64url').",
        php: 'session.sid_length = 32 or more with session.sid_bits_per_character = 5 (PHP < 8.4), or the 8.4 defaults.',
      },
    },
    refs: ['OWASP CS: Session ID Length', 'WSTG-SESS-01', 'ASVS v4.0.3-3.2.2', 'ASVS v5.0.0-7.2.3', 'NIST SP 800-63B-4 §5.1'],
    requires: ['session'],
    procedure: 'Strip framing (signatures, UUID layout) from the session ID issued at login and compute length × log2(alphabet) of its random part.',
  },
  evaluate({ artifacts, evidence }, spec) {
    const s = artifacts.session;
    const min = spec.token.minEntropyBits;
    const expected = `capacity of the random part ≥ ${min} bits`;
    if (s.authKind === 'bearer') return outcome.skipped('the session is a bearer token; judged by the token and jwt suites');
    const issued = evidence
      .filter((e) => s.login.issuing.includes(e.id))
      .flatMap((e) => e.setCookies.filter((c) => s.sessionCookies.includes(c.name) && !c.value.empty).map((c) => ({ e, c })));
    if (issued.length === 0) return outcome.inconclusive(expected, 'no session ID issued at login was recorded');
    const short: Array<{ message: string; exchanges: number[] }> = [];
    const lines: string[] = [];
    for (const { e, c } of issued) {
      const shape = c.value.shape;
      if (shape.framing === 'jwt') return outcome.skipped(`${c.name} is a JWT: its strength is the signing key, judged by the jwt suite`);
      const framing = shape.framing === 'none' ? '' : `, ${shape.framing} framing stripped`;
      const line = `${c.name}: ${shape.randomPartLength} ${shape.alphabet} characters${framing} → ${shape.capacityBits} bits`;
      if (!lines.includes(line)) lines.push(line);
      if (shape.capacityBits < min) short.push({ message: line, exchanges: [e.id] });
    }
    const measured = { capacityBits: Math.min(...issued.map(({ c }) => c.value.shape.capacityBits)), thresholdBits: min };
    if (short.length) return { ...outcome.fail(expected, short.map((f) => f.message).join('; '), short), measured };
    return { ...outcome.pass(expected, lines.join('; '), { exchanges: issued.map(({ e }) => e.id) }), measured };
  },
});
