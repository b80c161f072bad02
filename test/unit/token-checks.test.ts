/**
 * The token checks over their probe artifacts and recorded evidence, row by row (test/fixtures/check-tester.ts).
 */
import { evaluateWith } from '../fixtures/evaluate.js';
import entropy from '../../suites/token/entropy.js';
import uniqueness from '../../suites/token/uniqueness.js';
import opaque from '../../suites/token/opaque.js';
import charset from '../../suites/token/charset.js';
import urlAccepted from '../../suites/token/url-accepted.js';
import notInBody from '../../suites/token/not-in-body.js';
import type { Artifacts } from '../../src/model/artifacts.js';
import type { Check, OutcomeVerdict } from '../../src/model/check.js';
import type { Exchange } from '../../src/evidence.js';
import { Redactor } from '../../src/evidence.js';
import { RECOMMENDED_SPEC } from '../fixtures/spec.js';
import { BASE_URL, exchange, sessionArtifact, type SessionArtifactOptions } from '../fixtures/evidence.js';
import { inputArtifact, inputProbe, sampleArtifact } from '../fixtures/token-artifacts.js';
import { testCheckTable, type CheckRow } from '../fixtures/check-tester.js';

interface Row extends CheckRow {
  artifacts?: Artifacts;
  evidence?: Exchange[];
  session?: SessionArtifactOptions;
}

function judge(check: Check, row: Row) {
  return evaluateWith(check, { evidence: row.evidence ?? [], artifacts: { session: sessionArtifact(row.session), ...row.artifacts } }, RECOMMENDED_SPEC);
}

const row = (name: string, artifacts: Artifacts, verdict: OutcomeVerdict, observed: RegExp, extra: Partial<Row> = {}): Row => ({ name, artifacts, verdict, observed, ...extra });
const noSample: Artifacts = { tokenSample: { notApplicable: 'no session cookie' } };
const noInput: Artifacts = { tokenInput: { notApplicable: 'no session cookie or bearer token to present' } };

/** A cookie whose value changes between the pre-login page and the login: the session state of `post` decides. */
const growing = (pre: string, post: string): Partial<Row> => ({
  evidence: [exchange({ id: 1, url: `${BASE_URL}/login`, setCookies: [`sid=${pre}; Path=/`] }), exchange({ id: 2, method: 'POST', url: `${BASE_URL}/login`, setCookies: [`sid=${post}; Path=/`] })],
  session: { issuing: [2], login: { exchanges: [1, 2], issuing: [2] } },
});
const SIGNED_A = encodeURIComponent(`s:${'A'.repeat(43)}.${'x'.repeat(43)}`);
const SIGNED_B = encodeURIComponent(`s:${'B'.repeat(43)}.${'+/'.repeat(10)}${'y'.repeat(23)}`);
const STATE = `${Buffer.from('{"a":1,"user":"someone"}').toString('base64url')}.${'x'.repeat(27)}`;

const SID = 'Zq8vN3xY1kLm0pQrStUvWxYz2aBcDeFgHiJkLmNoPqR';
/** A login issuing SID and a logged-in page showing what the row says, recorded through the redactor as the run records it. */
function echoed(o: { header?: string; body?: string; device?: string } = {}): Partial<Row> {
  const redactor = new Redactor();
  const login = exchange({ id: 1, method: 'POST', url: `${BASE_URL}/login`, setCookies: [`sid=${SID}; Path=/`], redactor });
  const page = exchange({
    id: 2,
    url: `${BASE_URL}/account`,
    device: o.device ?? 'baseline',
    headers: o.header ? { 'x-session-id': redactor.redact(o.header) } : {},
    body: redactor.redact(o.body ?? '<p>hello</p>'),
    redactor,
  });
  return { evidence: [login, page], session: { issuing: [1] } };
}
const notInBodyRow = (name: string, verdict: OutcomeVerdict, observed: RegExp, extra: Partial<Row>): Row => ({ name, verdict, observed, ...extra });

testCheckTable('token checks', {
  checks: [entropy, uniqueness, opaque, charset, urlAccepted, notInBody],
  judge,
  secrets: [SID, SIGNED_B, STATE],
  defaultReachable: ['pass', 'fail', 'inconclusive', 'skipped'],
  rows: {
    'token.entropy': [
      row('128-bit CSPRNG IDs', { tokenSample: sampleArtifact() }, 'pass', /estimated 128 bits .* no defect found with 500 samples/),
      row('a defect', { tokenSample: sampleArtifact({ analysis: { defects: [{ test: 'runs (per bit)', message: '3 bit positions depend' }] } }) }, 'fail', /1 defect\(s\), first: 3 bit positions depend/),
      row('capacity below the bar', { tokenSample: sampleArtifact({ analysis: { capacityBits: 32, effectiveBits: 32 } }) }, 'fail', /below 128 bits — the format cannot hold 128 bits/),
      row('clock fields excluded', { tokenSample: sampleArtifact({ analysis: { effectiveBits: 64, structure: [{ kind: 'timestamp', segment: 0, bits: [0, 48], detail: 'a clock' }] } }) }, 'fail', /timestamp fields are guessable/),
      row('too few samples', { tokenSample: sampleArtifact({ collected: 40, stoppedEarly: 'the target answered 429' }) }, 'inconclusive', /only 40 IDs .* stopped early: the target answered 429/),
      row('JWT', { tokenSample: sampleArtifact({ analysis: { format: 'jwt' } }) }, 'skipped', /JWT/),
      row('nothing to sample', noSample, 'skipped', /no session cookie/),
    ],
    'token.uniqueness': [
      row('all distinct', { tokenSample: sampleArtifact() }, 'pass', /all distinct/),
      row('repeats across logins', { tokenSample: sampleArtifact({ login: true, analysis: { distinct: 3, collisions: 497 } }) }, 'fail', /only 3 distinct — 497 repeat .* same inputs/),
      row('too few', { tokenSample: sampleArtifact({ collected: 10 }) }, 'inconclusive', /only 10 IDs/),
      row('JWTs are still judged', { tokenSample: sampleArtifact({ analysis: { format: 'jwt' } }) }, 'pass', /all distinct/),
      row('nothing to sample', noSample, 'skipped', /no session cookie/),
    ],
    'token.opaque': [
      row('random IDs', { tokenSample: sampleArtifact() }, 'pass', /no user data, clock, counter or session state/),
      row('username inside', { tokenSample: sampleArtifact({ content: [{ kind: 'username', decoding: 'base64-decoded', share: 1 }] }) }, 'fail', /the username in 100% of the IDs \(base64-decoded\)/),
      row('a clock', { tokenSample: sampleArtifact({ analysis: { structure: [{ kind: 'timestamp', segment: 0, bits: [0, 44], detail: 'characters 1–13 hold the issue time' }] } }) }, 'fail', /a timestamp: characters 1–13/),
      row('UUIDv1', { tokenSample: sampleArtifact({ analysis: { uuidVersions: { v1: 500 } } }) }, 'fail', /UUIDv1 IDs: a timestamp and the node's MAC/),
      row('a cookie whose value grows with the session (client-side state)', { tokenSample: sampleArtifact() }, 'fail', /session state in the client: sid/, growing('eyJhIjoxfQ', STATE)),
      row('a signature whose percent-encoding got longer is no growing session', { tokenSample: sampleArtifact() }, 'pass', /no user data/, growing(SIGNED_A, SIGNED_B)),
      row('too few to rule out structure', { tokenSample: sampleArtifact({ collected: 20 }) }, 'inconclusive', /only 20 IDs/),
      row('nothing to sample', noSample, 'skipped', /no session cookie/),
    ],
    'token.url-accepted': [
      row('logged out everywhere', { tokenInput: inputArtifact() }, 'pass', /1 URL forms logged out or refused; all 1 POST bodies/),
      row('accepted from the query', { tokenInput: inputArtifact({ parameters: [inputProbe('?sid= in the URL', 'yes')] }) }, 'fail', /accepted as \?sid= in the URL/),
      row('no clear answer in the URL', { tokenInput: inputArtifact({ parameters: [inputProbe('?sid= in the URL', 'unknown', { status: 200 })] }) }, 'inconclusive', /no clear answer for \?sid=/),
      row('no positive control', { tokenInput: inputArtifact({ control: 'no' }) }, 'inconclusive', /was not logged in/),
      row('nothing to present', noInput, 'skipped', /nothing|no session/),
    ],
    'token.charset': [
      row('refused or logged out', { tokenInput: inputArtifact() }, 'pass', /2 malformed sid values/),
      row('a 500 with a stack trace', { tokenInput: inputArtifact({ malformed: [inputProbe('broken percent-encoding', 'unknown', { status: 500, stackTrace: 'a Node.js stack trace' })] }) }, 'fail', /answered 500 on every attempt, showed a Node.js stack trace/),
      row('a gateway still unavailable after the retries', { tokenInput: inputArtifact({ malformed: [inputProbe('truncated to half its length', 'unknown', { status: 503 })] }) }, 'inconclusive', /the target was unavailable: 503 on every attempt/),
      row('reflected', { tokenInput: inputArtifact({ malformed: [inputProbe('out-of-alphabet characters appended', 'no', { reflected: true })] }) }, 'fail', /echoed the value unescaped/),
      row('a truncated ID accepted', { tokenInput: inputArtifact({ malformed: [inputProbe('truncated to half its length', 'yes')] }) }, 'fail', /accepted as a logged-in session/),
      row('an unclassifiable 200', { tokenInput: inputArtifact({ malformed: [inputProbe('empty value', 'unknown', { status: 200 })] }) }, 'inconclusive', /no clear answer for empty value/),
      row('nothing to present', noInput, 'skipped', /no session cookie/),
    ],
    'token.not-in-body': [
      notInBodyRow('only in Set-Cookie', 'pass', /only in Set-Cookie/, echoed()),
      notInBodyRow('echoed in a header', 'fail', /the x-session-id header of GET \/account/, echoed({ header: SID })),
      notInBodyRow('in the page', 'fail', /the body of GET \/account/, echoed({ body: `<script>var sid = "${SID}"</script>` })),
      notInBodyRow('echoed to a deliberate replay', 'pass', /only in Set-Cookie/, echoed({ body: SID, device: 'replay' })),
      notInBodyRow('no issued ID recorded', 'inconclusive', /no session ID value was recorded/, {}),
      notInBodyRow('a bearer session', 'skipped', /bearer token/, { session: { sessionCookies: [] } }),
    ],
  },
});
