import { defineCheck } from '../../src/model/check.js';
import { syntaxViolations } from '../../src/cookies/evaluate.js';
import { cookieLabel, everyCookie, headers, judgeEach, type ObservedCookie } from './judge.js';

const EXPECTED =
  'every Set-Cookie has a name, no control characters and no repeated attribute, and no response sets the same cookie name twice';

export default defineCheck({
  meta: {
    id: 'cookie.well-formed',
    suite: 'cookie',
    title: 'Set-Cookie headers are well-formed',
    failureTitle: 'Set-Cookie headers are malformed or ambiguous',
    severity: 'low',
    refs: ['RFC 6265bis §4.1.1, §5.6 step 1, §5.7'],
    requires: ['session'],
    procedure: 'Scan every Set-Cookie of the run for missing names, control characters and repeated attributes, and every response for two Set-Cookie with the same name.',
  },
  evaluate({ evidence }) {
    const all = everyCookie(evidence);
    if (!Array.isArray(all)) return all;
    return judgeEach(EXPECTED, all, violations, `every Set-Cookie is well-formed (${headers(all.length)})`);
  },
});

function violations({ record, cookie, exchange }: ObservedCookie): string[] {
  const name = cookieLabel(record.name);
  const out = syntaxViolations(record).map((v) => `${name}: ${v}`);
  for (const attribute of cookie.duplicateAttributes) out.push(`${name} repeats the ${attribute} attribute (the last one wins)`);
  // Reported on the second and later occurrences only, so each repetition is counted once.
  if (exchange.setCookies.findIndex((r) => r.name === record.name) !== exchange.setCookies.indexOf(record)) {
    out.push(`${name} is set more than once in one response`);
  }
  return out;
}
