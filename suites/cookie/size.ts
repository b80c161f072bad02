import { defineCheck } from '../../src/model/check.js';
import { ATTRIBUTE_VALUE_LIMIT, NAME_VALUE_LIMIT, sizeViolations } from '../../src/cookies/evaluate.js';
import { cookieLabel, everyCookie, headers, judgeEach } from './judge.js';

const EXPECTED = `every cookie set has name and value within ${NAME_VALUE_LIMIT} octets and attribute values within ${ATTRIBUTE_VALUE_LIMIT} octets`;

export default defineCheck({
  meta: {
    id: 'cookie.size',
    suite: 'cookie',
    title: 'Cookies stay within the browser size limits',
    failureTitle: 'A cookie exceeds the size limits browsers enforce',
    severity: 'low',
    refs: ['ASVS v5.0.0-3.3.5', 'RFC 6265bis §5.6 steps 5 and attribute step 6, §5.7 step 4, §6.1'],
    requires: ['session'],
    procedure: 'Measure the octets of name plus value and of every attribute value in every Set-Cookie of the run.',
  },
  evaluate({ evidence }) {
    const all = everyCookie(evidence);
    if (!Array.isArray(all)) return all;
    const largest = Math.max(...all.map((o) => o.record.value.nameValueOctets));
    const largestAttribute = Math.max(0, ...all.flatMap((o) => o.record.attributes.map(([, v]) => Buffer.byteLength(v ?? ''))));
    const result = judgeEach(
      EXPECTED,
      all,
      ({ record }) => sizeViolations(record).map((v) => `${cookieLabel(record.name)}: ${v}`),
      `every cookie is within the limits (${headers(all.length)}; largest name and value: ${largest} octets)`,
    );
    return { ...result, measured: { largestNameValueOctets: largest, largestAttributeValueOctets: largestAttribute } };
  },
});
