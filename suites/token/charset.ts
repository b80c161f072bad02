import { defineCheck, outcome, type Finding } from '../../src/model/check.js';
import { exchangesOf } from '../shared/checks-common.js';
import { noSession } from './input-probe.js';
import { UNAVAILABLE_STATUSES } from '../../src/target/oracle.js';

const EXPECTED = 'malformed session IDs are treated as no session: logged out, no 5xx, no reflection, no stack trace';

export default defineCheck({
  meta: {
    id: 'token.charset',
    suite: 'token',
    title: 'Malformed session IDs are handled as untrusted input',
    failureTitle: 'Malformed session IDs break or leak through the target',
    severity: 'low',
    remediation: {
      summary:
        'Treat the session ID as untrusted input: look it up as an opaque key, answer a malformed or unknown one as "no session" (a fresh anonymous session or a login redirect), never with a 5xx, a stack trace or the value echoed into the page.',
    },
    refs: ['WSTG-SESS-01', 'OWASP CS: Manage Session ID as Any Other User Input'],
    requires: ['tokenInput'],
    procedure:
      'Send the live ID with out-of-alphabet characters and quotes appended, truncated, over-long, with broken percent-encoding and empty, and look at the status, the oracle answer and the body (reflection, stack traces).',
  },
  evaluate({ artifacts }) {
    const a = artifacts.tokenInput;
    if ('notApplicable' in a) return outcome.skipped(a.notApplicable);
    const findings: Finding[] = [];
    const unclear: string[] = [];
    for (const p of a.malformed) {
      // Asked three times already (the oracle retries): a gateway that still cannot reach the target says nothing about the ID.
      if (p.status !== null && UNAVAILABLE_STATUSES.has(p.status)) {
        unclear.push(`${p.label} (the target was unavailable: ${p.status} on every attempt)`);
        continue;
      }
      const problems = [
        p.status !== null && p.status >= 500 ? `answered ${p.status} on every attempt` : null,
        p.observation.answer === 'yes' ? 'was accepted as a logged-in session' : null,
        p.reflected ? 'echoed the value unescaped' : null,
        p.stackTrace ? `showed ${p.stackTrace}` : null,
      ].filter((x): x is string => x !== null);
      if (problems.length) findings.push({ message: `${p.label}: ${problems.join(', ')}`, exchanges: exchangesOf(p.observation) });
      else if (!noSession(p)) unclear.push(`${p.label} (${p.observation.reason})`);
    }
    if (findings.length) return outcome.fail(EXPECTED, findings.map((f) => f.message).join('; '), findings);
    if (unclear.length) return outcome.inconclusive(EXPECTED, `no clear answer for ${unclear.join(', ')}`);
    return outcome.pass(EXPECTED, `${a.malformed.length} malformed ${a.carrier} values: each logged out or rejected with 4xx, none reflected, no stack trace`, { exchanges: a.malformed.map((p) => p.observation), controls: [a.control] });
  },
});
