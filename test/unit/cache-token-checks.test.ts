import { describe, expect, it } from 'vitest';
import noStore from '../../suites/cache/no-store.js';
import inUrl from '../../suites/token/in-url.js';
import length from '../../suites/token/length.js';
import { Redactor } from '../../src/evidence.js';
import { RECOMMENDED_SPEC } from '../fixtures/spec.js';
import { BASE_URL, exchange, observation, sessionArtifact } from '../fixtures/evidence.js';
import { evaluateWith } from '../fixtures/evaluate.js';
import { testCheckTable, type CheckRow } from '../fixtures/check-tester.js';
import type { OutcomeVerdict } from '../../src/model/check.js';
import type { SessionArtifact } from '../../src/model/artifacts.js';
import type { Exchange } from '../../src/evidence.js';

const SID = 'Zq8vN3xY1kLm0pQrStUvWxYz2aBcDeFgHiJkLmNoPqR';

interface Row extends CheckRow {
  evidence: Exchange[];
  session: SessionArtifact;
}

const noStoreRows: Row[] = ([
    ['no-store', { 'cache-control': 'no-store' }, 'pass', /send no-store/],
    ['no-store among others', { 'cache-control': 'private, no-cache, no-store, max-age=0' }, 'pass', /send no-store/],
    ['private, no-cache only', { 'cache-control': 'private, no-cache' }, 'fail', /no bare no-store/],
    ['qualified no-store', { 'cache-control': 'no-cache="Set-Cookie"' }, 'fail', /no bare no-store/],
    ['public with no-store', { 'cache-control': 'public, no-store' }, 'fail', /shared caches/],
    ['absent', {}, 'fail', /no Cache-Control header/],
] satisfies Array<[string, Record<string, string>, OutcomeVerdict, RegExp]>).map(([name, headers, verdict, observed]) => ({
  name,
  verdict,
  observed,
  evidence: [
    exchange({ id: 1, method: 'POST', url: `${BASE_URL}/login`, setCookies: [`sid=${SID}; Path=/`], headers }),
    exchange({ id: 2, url: `${BASE_URL}/account`, headers: { 'cache-control': 'no-store' } }),
  ],
  session: sessionArtifact({ issuing: [1], oracle: { ...sessionArtifact().oracle, authenticated: observation('yes', 2) } }),
}));

// One redactor for the run, as in the driver: the Set-Cookie registers the value, later URLs are masked.
function evidenceWith(next: { url?: string; location?: string; body?: string }) {
  const redactor = new Redactor();
  redactor.addToken(SID);
  const login = exchange({ id: 1, method: 'POST', url: `${BASE_URL}/login`, setCookies: [`sid=${SID}; Path=/`], redactor, headers: next.location ? { location: redactor.redact(next.location) } : {} });
  const page = exchange({ id: 2, url: redactor.redact(next.url ?? `${BASE_URL}/account`), body: redactor.redact(next.body ?? ''), redactor });
  return [login, page];
}

const inUrlRows: Row[] = ([
  ['clean', {}, 'pass', /no session ID found/],
  ['in a request URL', { url: `${BASE_URL}/account?sid=${SID}` }, 'fail', /request URL/],
  ['in a matrix parameter', { url: `${BASE_URL}/account;jsessionid=${SID}` }, 'fail', /request URL/],
  ['in a redirect Location', { location: `/account?sid=${encodeURIComponent(SID)}` }, 'fail', /location header/],
  ['in a link of the page', { body: `<a href="/next?sid=${SID}">next</a>` }, 'fail', /link in the page/],
  ['in page text only (not a URL)', { body: `<p>your id is ${SID}</p>` }, 'pass', /no session ID found/],
] satisfies Array<[string, Parameters<typeof evidenceWith>[0], OutcomeVerdict, RegExp]>).map(([name, next, verdict, observed]) => ({
  name,
  verdict,
  observed,
  evidence: evidenceWith(next),
  session: sessionArtifact({ issuing: [1] }),
}));

const lengthRows: Row[] = ([
  ['256-bit base64url', 'sid=' + 'A1b2C3d4_-'.repeat(5).slice(0, 43), 'pass', /43 base64url characters → 258 bits/],
  ['128-bit hex', 'sid=' + '0123456789abcdef'.repeat(2), 'pass', /32 hex characters → 128 bits/],
  ['32-bit hex', 'sid=deadbeef', 'fail', /8 hex characters → 32 bits/],
  ['express-signed, short inner ID', 'sid=s%3Aabc123.' + 'x'.repeat(43), 'fail', /express-signed framing stripped/],
  ['UUIDv4 (122 random bits) under a 128-bit bar', 'sid=6f1c2a9e-4b3d-4e5f-8a7b-1c2d3e4f5a6b', 'fail', /→ 122 bits/],
] satisfies Array<[string, string, OutcomeVerdict, RegExp]>).map(([name, header, verdict, observed]) => ({
  name,
  verdict,
  observed,
  evidence: [exchange({ id: 1, method: 'POST', url: `${BASE_URL}/login`, setCookies: [`${header}; Path=/`] })],
  session: sessionArtifact({ issuing: [1] }),
}));

testCheckTable('cache and token checks', {
  checks: [noStore, inUrl, length],
  rows: { 'cache.no-store': noStoreRows, 'token.in-url': inUrlRows, 'token.length': lengthRows },
  judge: (check, row) => evaluateWith(check, { evidence: row.evidence, artifacts: { session: row.session } }, RECOMMENDED_SPEC),
  citable: (row) => [row.evidence, row.session],
  secrets: [SID, 'A1b2C3d4_-'.repeat(5).slice(0, 43), '0123456789abcdef'.repeat(2), '6f1c2a9e-4b3d-4e5f-8a7b-1c2d3e4f5a6b'],
});

describe('cache.no-store', () => {
  it('is inconclusive when no authenticated response was recorded', () => {
    expect(noStore.evaluate({ evidence: [], artifacts: { session: sessionArtifact() } }, RECOMMENDED_SPEC).verdict).toBe('inconclusive');
  });
});

describe('token.in-url', () => {
  it('is inconclusive without any recorded ID and skipped for bearer sessions', () => {
    expect(inUrl.evaluate({ evidence: [], artifacts: { session: sessionArtifact() } }, RECOMMENDED_SPEC).verdict).toBe('inconclusive');
    expect(inUrl.evaluate({ evidence: [], artifacts: { session: sessionArtifact({ sessionCookies: [] }) } }, RECOMMENDED_SPEC).verdict).toBe('skipped');
  });
});

describe('token.length', () => {
  it('skips JWTs, is inconclusive with nothing issued', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlc2lnbmF0dXJl';
    const login = exchange({ id: 1, setCookies: [`sid=${jwt}; Path=/`] });
    expect(length.evaluate({ evidence: [login], artifacts: { session: sessionArtifact({ issuing: [1] }) } }, RECOMMENDED_SPEC).verdict).toBe('skipped');
    expect(length.evaluate({ evidence: [], artifacts: { session: sessionArtifact({ issuing: [] }) } }, RECOMMENDED_SPEC).verdict).toBe('inconclusive');
  });
});
