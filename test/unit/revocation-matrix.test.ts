import { describe, expect, it } from 'vitest';
import { load } from 'cheerio';
import type { Artifacts, RevocationTiming, SignOutEverywhereArtifact } from '../../src/model/artifacts.js';
import { logoutArtifact } from '../fixtures/logout-artifact.js';
import { brackets, describeBracket } from '../../src/revocation/bracket.js';
import { revocationMatrix } from '../../src/revocation/matrix.js';
import { renderHtml, renderJson, renderMarkdown } from '../../reports/index.js';
import { observation } from '../fixtures/evidence.js';
import { HOSTILE, runResultFixture } from '../fixtures/run-result.js';
import { validateReport } from '../fixtures/report-schema.js';

const replay = (atMs: number, answer: 'yes' | 'no' | 'unknown') => ({ atMs, observation: observation(answer, 100 + atMs) });

/** A lag of about 3 s on the second instance, none on baseUrl. */
const LAGGING: RevocationTiming = {
  event: 'logout',
  boundMs: 10_500,
  before: [
    { target: 'baseUrl', observation: observation('yes', 90) },
    { target: 'http://127.0.0.1:4002', observation: observation('yes', 91) },
  ],
  places: [
    { target: 'baseUrl', replays: [replay(3, 'no')] },
    { target: 'http://127.0.0.1:4002', replays: [replay(4, 'yes'), replay(2532, 'yes'), replay(3532, 'no')] },
  ],
};

describe('brackets of a timed replay schedule', () => {
  it('states the last accepted and the first refused replay per place', () => {
    expect(brackets(LAGGING)).toEqual([
      { target: 'baseUrl', control: 'yes', acceptedAtMs: null, refusedAtMs: 3, unclear: false },
      { target: 'http://127.0.0.1:4002', control: 'yes', acceptedAtMs: 2532, refusedAtMs: 3532, unclear: false },
    ]);
    expect(brackets(LAGGING).map((b) => describeBracket(b, LAGGING.boundMs))).toEqual([
      'refused from the first replay (at 3ms)',
      'still accepted at 2.532s, refused at 3.532s',
    ]);
  });

  it('says when the schedule ended with the artifacts still accepted, and flags unclear answers', () => {
    const never: RevocationTiming = { ...LAGGING, places: [{ target: 'baseUrl', replays: [replay(0, 'unknown'), replay(10_500, 'yes')] }] };
    const [b] = brackets(never);
    expect(b).toMatchObject({ acceptedAtMs: 10_500, refusedAtMs: null, unclear: true });
    expect(describeBracket(b!, never.boundMs)).toBe('still accepted at 10.5s, the end of the schedule (10.5s)');
  });
});

const LOGOUT = logoutArtifact({
  jar: { cookies: ['sid', 'auth'], observation: observation('yes', 43), revival: { necessary: ['auth'], sufficient: [], trials: [] } },
  timing: LAGGING,
});

const SIGN_OUT: SignOutEverywhereArtifact = {
  others: [
    { device: 'B', before: observation('yes', 70), after: observation('no', 74), held: { replays: [{ cookies: ['sid'], observation: observation('no', 78) }], jar: null } },
    { device: 'C', before: observation('yes', 71), after: observation('no', 75), held: { replays: [{ cookies: ['sid'], observation: observation('no', 79) }], jar: null } },
  ],
  current: { device: 'A', before: observation('yes', 72), after: observation('yes', 76) },
  action: { status: 303, exchanges: [73], device: 'A' },
  survivors: { self: observation('yes', 77), otherAccount: null },
  timing: { event: 'sign-out-everywhere', boundMs: 10_500, before: [], places: [{ target: 'baseUrl', replays: [replay(2, 'no')] }] },
};

describe('revocationMatrix', () => {
  const artifacts: Artifacts = { logout: LOGOUT, signOutEverywhere: SIGN_OUT, rememberMe: { notConfigured: 'no target.rememberMe' } };
  const cells = revocationMatrix(artifacts);
  const cell = (event: string, artifact: string, scope: string) => cells.find((c) => c.event === event && c.artifact === artifact && c.scope === scope);

  it('marks a session alive when any replay, the whole jar included, is logged in, with the measured delay per place', () => {
    expect(cell('logout', 'session', 'this device')).toEqual({
      event: 'logout',
      artifact: 'session',
      scope: 'this device',
      outcome: 'alive',
      delay: 'baseUrl: refused from the first replay (at 3ms); http://127.0.0.1:4002: still accepted at 2.532s, refused at 3.532s',
      check: 'logout.server-revocation',
      note: 'the old artifacts alone, together and with the whole jar (auth brings the session back)',
    });
  });

  it('shows the whole jar of every device an event must log out, naming the cookie that brings the session back', () => {
    const revived = { cookies: ['sid', 'auth'], observation: observation('yes', 80), revival: { necessary: ['auth'], sufficient: [], trials: [] } };
    const [b, c] = SIGN_OUT.others;
    const signOut = { ...SIGN_OUT, others: [{ ...b!, after: observation('yes', 74), held: { ...b!.held, jar: revived } }, { ...c!, held: { ...c!.held, jar: { ...revived, observation: observation('no', 81), revival: null } } }] };
    expect(revocationMatrix({ ...artifacts, signOutEverywhere: signOut }).find((m) => m.event === 'sign-out-everywhere' && m.scope === 'other devices')).toMatchObject({
      outcome: 'alive',
      note: 'B, C: each asked, its artifacts replayed alone, together and with the whole jar (auth brings the session back)',
    });
    expect(cell('sign-out-everywhere', 'session', 'other devices')).toMatchObject({ outcome: 'revoked', note: 'B, C: each asked, its artifacts replayed alone, together' });
  });

  it('shows cells no check judges as observed, and untested events as not tested with the reason', () => {
    expect(cell('logout', 'session', 'other devices')).toMatchObject({ outcome: 'alive', check: null });
    expect(cell('sign-out-everywhere', 'session', 'other devices')).toMatchObject({ outcome: 'revoked', check: 'concurrency.signout-everywhere' });
    expect(cell('password change', 'session', 'other devices')).toMatchObject({ outcome: 'not tested', note: 'the password change did not run' });
    expect(cell('logout', 'remember-me cookie', 'this device')).toMatchObject({ outcome: 'not tested', note: 'no target.rememberMe' });
  });

  it('has a refresh-token row per event: alive when the newest token still minted tokens, not tested without target.refresh', () => {
    expect(cell('logout', 'refresh token', 'this device')).toMatchObject({ outcome: 'not tested', check: 'refresh.revoked-on-logout', note: 'the refresh probe did not run' });
    const attempt = (outcome: 'issued' | 'refused') => ({ presented: 'RT2', status: outcome === 'issued' ? 200 : 400, outcome, detail: outcome, exchanges: [80], refreshToken: null, rotated: null, accessToken: null, atMs: 5, presentedExpired: null });
    const trial = (outcome: 'issued' | 'refused') => ({ issued: null, control: attempt('issued'), eventExchanges: [81], afterEvent: null, replay: attempt(outcome) });
    const withRefresh = revocationMatrix({
      ...artifacts,
      refresh: { carrier: 'JSON bodies', rotation: { issued: null, attempts: [], access: null }, reuse: null, logout: trial('issued') },
    });
    expect(withRefresh.find((c) => c.event === 'logout' && c.artifact === 'refresh token')).toMatchObject({ outcome: 'alive', note: 'the newest refresh token (RT2), after logout' });
  });

  it('is rendered in HTML, Markdown and a schema-valid report.json, with target text escaped', () => {
    const result = { ...runResultFixture(), revocationMatrix: cells.map((c) => ({ ...c, note: `${c.note} ${HOSTILE.attribute}`, delay: `${c.delay ?? ''} ${HOSTILE.attribute}` })) };
    const $ = load(renderHtml(result));
    const rows = $('#revocation-matrix tbody tr');
    expect(rows.length).toBe(cells.length);
    expect($('#revocation-matrix img').length).toBe(0);
    expect(rows.first().find('a').attr('href')).toBe('#logout.server-revocation');
    const md = renderMarkdown(result);
    expect(md).toContain('| logout | session | this device | **alive** |');
    expect(md).toContain('logout.server-revocation: fail');
    expect(md).not.toMatch(/<img/);
    const json = JSON.parse(renderJson(result));
    expect(json.revocationMatrix).toHaveLength(cells.length);
    expect(validateReport(json)).toEqual([]);
  });
});
