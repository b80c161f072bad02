import { describe, expect, it } from 'vitest';
import { evaluateWith } from '../fixtures/evaluate.js';
import entropy from '../../suites/token/entropy.js';
import uniqueness from '../../suites/token/uniqueness.js';
import opaque from '../../suites/token/opaque.js';
import charset from '../../suites/token/charset.js';
import urlAccepted from '../../suites/token/url-accepted.js';
import notInBody from '../../suites/token/not-in-body.js';
import type { Artifacts } from '../../src/model/artifacts.js';
import type { Check } from '../../src/model/check.js';
import type { Exchange } from '../../src/evidence.js';
import { Redactor } from '../../src/evidence.js';
import { RECOMMENDED_SPEC } from '../fixtures/spec.js';
import { BASE_URL, exchange, sessionArtifact } from '../fixtures/evidence.js';
import { inputArtifact, inputProbe, sampleArtifact } from '../fixtures/token-artifacts.js';

type Row = [string, Artifacts, string, RegExp];

function run(check: Check, artifacts: Artifacts, evidence: Exchange[] = []) {
  return evaluateWith(check, { evidence, artifacts: { session: sessionArtifact(), ...artifacts } }, RECOMMENDED_SPEC);
}

function table(check: Check, rows: Row[]) {
  it.each(rows)('%s → %s', (_n, artifacts, verdict, observed) => {
    const out = run(check, artifacts);
    expect(out.verdict).toBe(verdict);
    expect(out.observed).toMatch(observed);
  });
}

describe('token.entropy', () => {
  table(entropy, [
    ['128-bit CSPRNG IDs', { tokenSample: sampleArtifact() }, 'pass', /estimated 128 bits .* no defect found with 500 samples/],
    ['a defect', { tokenSample: sampleArtifact({ analysis: { defects: [{ test: 'runs (per bit)', message: '3 bit positions depend' }] } }) }, 'fail', /1 defect\(s\), first: 3 bit positions depend/],
    ['capacity below the bar', { tokenSample: sampleArtifact({ analysis: { capacityBits: 32, effectiveBits: 32 } }) }, 'fail', /below 128 bits — the format cannot hold 128 bits/],
    ['clock fields excluded', { tokenSample: sampleArtifact({ analysis: { effectiveBits: 64, structure: [{ kind: 'timestamp', segment: 0, bits: [0, 48], detail: 'a clock' }] } }) }, 'fail', /timestamp fields are guessable/],
    ['too few samples', { tokenSample: sampleArtifact({ collected: 40, stoppedEarly: 'the target answered 429' }) }, 'inconclusive', /only 40 IDs .* stopped early: the target answered 429/],
    ['JWT', { tokenSample: sampleArtifact({ analysis: { format: 'jwt' } }) }, 'skipped', /JWT/],
    ['nothing to sample', { tokenSample: { notApplicable: 'no session cookie' } }, 'skipped', /no session cookie/],
  ]);
});

describe('token.uniqueness', () => {
  table(uniqueness, [
    ['all distinct', { tokenSample: sampleArtifact() }, 'pass', /all distinct/],
    ['repeats across logins', { tokenSample: sampleArtifact({ login: true, analysis: { distinct: 3, collisions: 497 } }) }, 'fail', /only 3 distinct — 497 repeat .* same inputs/],
    ['too few', { tokenSample: sampleArtifact({ collected: 10 }) }, 'inconclusive', /only 10 IDs/],
    ['JWTs are still judged', { tokenSample: sampleArtifact({ analysis: { format: 'jwt' } }) }, 'pass', /all distinct/],
  ]);
});

describe('token.opaque', () => {
  table(opaque, [
    ['random IDs', { tokenSample: sampleArtifact() }, 'pass', /no user data, clock, counter or session state/],
    ['username inside', { tokenSample: sampleArtifact({ content: [{ kind: 'username', decoding: 'base64-decoded', share: 1 }] }) }, 'fail', /the username in 100% of the IDs \(base64-decoded\)/],
    ['a clock', { tokenSample: sampleArtifact({ analysis: { structure: [{ kind: 'timestamp', segment: 0, bits: [0, 44], detail: 'characters 1–13 hold the issue time' }] } }) }, 'fail', /a timestamp: characters 1–13/],
    ['UUIDv1', { tokenSample: sampleArtifact({ analysis: { uuidVersions: { v1: 500 } } }) }, 'fail', /UUIDv1 IDs: a timestamp and the node's MAC/],
    ['too few to rule out structure', { tokenSample: sampleArtifact({ collected: 20 }) }, 'inconclusive', /only 20 IDs/],
  ]);

  it('fails a cookie whose value grows with the session (client-side state)', () => {
    const pre = exchange({ id: 1, url: `${BASE_URL}/login`, setCookies: ['sid=eyJhIjoxfQ; Path=/'] });
    const post = exchange({ id: 2, method: 'POST', url: `${BASE_URL}/login`, setCookies: [`sid=${Buffer.from('{"a":1,"user":"someone"}').toString('base64url')}.${'x'.repeat(27)}; Path=/`] });
    const out = opaque.evaluate(
      { evidence: [pre, post], artifacts: { session: sessionArtifact({ issuing: [2], login: { exchanges: [1, 2], issuing: [2] } }), tokenSample: sampleArtifact() } },
      RECOMMENDED_SPEC,
    );
    expect(out.verdict).toBe('fail');
    expect(out.observed).toMatch(/session state in the client: sid/);
  });
});

describe('client-side detection', () => {
  it('does not take a signature whose percent-encoding got longer for a growing session', () => {
    const id = 'A'.repeat(43);
    const pre = exchange({ id: 1, url: `${BASE_URL}/login`, setCookies: [`sid=${encodeURIComponent(`s:${id}.${'x'.repeat(43)}`)}; Path=/`] });
    const post = exchange({ id: 2, method: 'POST', url: `${BASE_URL}/login`, setCookies: [`sid=${encodeURIComponent(`s:${'B'.repeat(43)}.${'+/'.repeat(10)}${'y'.repeat(23)}`)}; Path=/`] });
    const out = opaque.evaluate(
      { evidence: [pre, post], artifacts: { session: sessionArtifact({ issuing: [2], login: { exchanges: [1, 2], issuing: [2] } }), tokenSample: sampleArtifact() } },
      RECOMMENDED_SPEC,
    );
    expect(out.verdict).toBe('pass');
  });
});

describe('token.url-accepted', () => {
  table(urlAccepted, [
    ['logged out everywhere', { tokenInput: inputArtifact() }, 'pass', /1 URL forms logged out or refused; all 1 POST bodies/],
    ['accepted from the query', { tokenInput: inputArtifact({ parameters: [inputProbe('?sid= in the URL', 'yes')] }) }, 'fail', /accepted as \?sid= in the URL/],
    ['no clear answer in the URL', { tokenInput: inputArtifact({ parameters: [inputProbe('?sid= in the URL', 'unknown', { status: 200 })] }) }, 'inconclusive', /no clear answer for \?sid=/],
    ['no positive control', { tokenInput: inputArtifact({ control: 'no' }) }, 'inconclusive', /was not logged in/],
    ['nothing to present', { tokenInput: { notApplicable: 'no session cookie or bearer token to present' } }, 'skipped', /nothing|no session/],
  ]);
});

describe('token.charset', () => {
  table(charset, [
    ['refused or logged out', { tokenInput: inputArtifact() }, 'pass', /2 malformed sid values/],
    ['a 500 with a stack trace', { tokenInput: inputArtifact({ malformed: [inputProbe('broken percent-encoding', 'unknown', { status: 500, stackTrace: 'a Node.js stack trace' })] }) }, 'fail', /answered 500, showed a Node.js stack trace/],
    ['reflected', { tokenInput: inputArtifact({ malformed: [inputProbe('out-of-alphabet characters appended', 'no', { reflected: true })] }) }, 'fail', /echoed the value unescaped/],
    ['a truncated ID accepted', { tokenInput: inputArtifact({ malformed: [inputProbe('truncated to half its length', 'yes')] }) }, 'fail', /accepted as a logged-in session/],
    ['an unclassifiable 200', { tokenInput: inputArtifact({ malformed: [inputProbe('empty value', 'unknown', { status: 200 })] }) }, 'inconclusive', /no clear answer for empty value/],
  ]);
});

describe('token.not-in-body', () => {
  const SID = 'Zq8vN3xY1kLm0pQrStUvWxYz2aBcDeFgHiJkLmNoPqR';
  function evidenceWith(o: { header?: string; body?: string; device?: string }) {
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
    return [login, page];
  }
  const rows: Array<[string, Parameters<typeof evidenceWith>[0], string, RegExp]> = [
    ['only in Set-Cookie', {}, 'pass', /only in Set-Cookie/],
    ['echoed in a header', { header: SID }, 'fail', /the x-session-id header of GET \/account/],
    ['in the page', { body: `<script>var sid = "${SID}"</script>` }, 'fail', /the body of GET \/account/],
    ['echoed to a deliberate replay', { body: SID, device: 'replay' }, 'pass', /only in Set-Cookie/],
  ];
  it.each(rows)('%s → %s', (_n, o, verdict, observed) => {
    const out = notInBody.evaluate({ evidence: evidenceWith(o), artifacts: { session: sessionArtifact({ issuing: [1] }) } }, RECOMMENDED_SPEC);
    expect(out.verdict).toBe(verdict);
    expect(out.observed).toMatch(observed);
  });

  it('skips bearer sessions and is inconclusive without an issued ID', () => {
    expect(notInBody.evaluate({ evidence: [], artifacts: { session: sessionArtifact({ sessionCookies: [] }) } }, RECOMMENDED_SPEC).verdict).toBe('skipped');
    expect(notInBody.evaluate({ evidence: [], artifacts: { session: sessionArtifact() } }, RECOMMENDED_SPEC).verdict).toBe('inconclusive');
  });
});
