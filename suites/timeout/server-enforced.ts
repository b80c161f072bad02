import { defineCheck, outcome, type Outcome } from '../../src/model/check.js';
import { formatDuration } from '../../src/config/durations.js';
import type { ClientExpiry, ExpiryReplay } from '../../src/model/artifacts.js';
import { findingOf, notPlannedOutcome, sessionProblem, timelineRow } from './judge.js';

const EXPECTED =
  'after the session cookie’s own expiry (Max-Age/Expires, timestamps in its value) the server rejects it, also when its timestamps are moved forward';

export default defineCheck({
  meta: {
    id: 'timeout.server-enforced',
    suite: 'timeout',
    title: 'The server enforces session expiry itself',
    failureTitle: 'Session expiry relies on the client',
    severity: 'high',
    remediation: {
      summary:
        "Enforce session expiry on the server: an ID must stop working when the server-side session expires, whatever the cookie's Expires says, and timestamps inside a cookie value must be signed and checked on the server.",
      stacks: {
        rails: ':cookie_store sessions carry no server-side expiry: set expire_after: (it is embedded and verified) or use a server-side store.',
        flask: 'Signed-cookie sessions are only limited by PERMANENT_SESSION_LIFETIME checked against the signature timestamp; prefer a server-side store.',
        'aspnet-core': "The ticket's ExpiresUtc is checked by the cookie handler; do not re-issue it from client data.",
      },
    },
    refs: ['WSTG-SESS-07', 'NIST SP 800-63B §7.1.1(4)', 'NIST SP 800-63B-4 §5.1.1(4)', 'OWASP CS: Idle Timeout'],
    requires: ['session', 'timeout'],
    procedure:
      'Log in a fresh session, then replay its session cookie after the cookie’s own Max-Age/Expires and after every timestamp carried in its value (the tool ignores client-side expiry); where the value carries timestamps, replay it again with them moved forward.',
  },
  evaluate({ artifacts }) {
    const a = artifacts.timeout;
    const p = a.serverEnforced;
    if ('notPlanned' in p) return notPlannedOutcome(p, EXPECTED);
    const variants = [
      { what: 'the session replayed as is', replay: p.asIs, extended: false },
      ...(p.extended ? [{ what: 'the session replayed with its timestamps moved forward', replay: p.extended, extended: true }] : []),
    ];
    const timeline = {
      origin: a.origin,
      rows: variants.map(({ what, replay: r }) => {
        const control = r.session.requests[0];
        return timelineRow(what.replace(/^the session /, ''), r.session, a.origin, control && r.waitMs !== null ? control.endedAt + r.waitMs - r.graceMs : undefined);
      }),
    };
    const asIs = p.asIs;
    const measured = {
      cookieLifetimeSeconds: asIs.expiry?.cookie ? asIs.expiry.cookie.lifetimeMs / 1000 : null,
      timeFields: asIs.expiry?.timeFields.length ?? null,
      replayedAfterSeconds: asIs.waitMs === null ? null : Math.round(asIs.waitMs) / 1000,
    };
    const judged = (o: Outcome): Outcome => ({ ...o, measured, timeline });

    // A session kept active (the absolute one) had to be alive on every keep-alive until A−g; idle ones up to their replay.
    const absolute = 'notPlanned' in a.absolute ? null : a.absolute;
    const controlsUntil = (r: ExpiryReplay): number | undefined => {
      const replay = r.session.requests.findIndex((x) => x.kind === 'replay');
      const login = r.session.login;
      if (absolute?.session !== r.session || !login) return replay < 0 ? undefined : replay;
      const late = r.session.requests.findIndex((x) => x.startedAt - login.endedAt >= absolute.absoluteMs - absolute.graceMs);
      return late < 0 ? (replay < 0 ? undefined : replay) : late;
    };
    const judgements = variants.map(({ what, replay: r, extended }) => judgeReplay(what, r, extended, a.budgetMs, controlsUntil(r)));
    const failed = judgements.filter((j) => j.verdict === 'fail');
    if (failed.length > 0) {
      return judged(outcome.fail(EXPECTED, failed.map((j) => j.observed).join('; '), failed.flatMap((j) => j.findings)));
    }
    const undecided = judgements.find((j) => j.verdict !== 'pass');
    if (undecided) return judged(undecided);
    return judged(outcome.pass(EXPECTED, judgements.map((j) => j.observed).join('; '), { exchanges: judgements.map((j) => j.evidence), controls: judgements.map((j) => j.controls) }));
  },
});

function judgeReplay(what: string, r: ExpiryReplay, extended: boolean, budgetMs: number, controlsUntil: number | undefined): Outcome {
  const problem = sessionProblem(r.session, what, EXPECTED, controlsUntil, ['control', 'activity']);
  if (problem) return problem;
  if (r.expiry === null || r.waitMs === null) {
    return outcome.skipped(`the session cookie has no client-side expiry (no Max-Age or Expires) and carries no timestamps`);
  }
  if (r.waitMs > budgetMs) {
    return outcome.inconclusive(
      EXPECTED,
      `wait budget: the session cookie expires ${formatDuration(r.waitMs)} after login (with grace), beyond the run's wait budget of ${formatDuration(budgetMs)}; raise --max-wait`,
    );
  }
  const replay = r.session.requests.find((x) => x.kind === 'replay');
  if (!replay) return outcome.inconclusive(EXPECTED, `${what} was never replayed`);
  const control = r.session.requests[0]!;
  const after = formatDuration(Math.round(replay.startedAt - control.endedAt));
  const source = expirySource(r.expiry);
  if (replay.answer === 'unknown') return outcome.inconclusive(EXPECTED, `${what} gave no clear answer: ${replay.reason}`, [findingOf('unclear replay', replay)]);
  if (replay.answer === 'no') return outcome.pass(EXPECTED, `${what} ${after} after login, past its own ${source}, was logged out`, { exchanges: [replay], controls: [control] });
  return outcome.fail(
    EXPECTED,
    extended
      ? `${what} ${after} after login was still logged in: the server trusts expiry times the client can edit (${source})`
      : `${what} ${after} after login was still logged in, past its own ${source}: the server relies on the browser discarding the cookie`,
    [findingOf(`${replay.label}: still logged in (${replay.reason})`, replay)],
  );
}

function expirySource(expiry: ClientExpiry): string {
  const parts = [
    ...(expiry.cookie ? [`${expiry.cookie.source === 'max-age' ? 'Max-Age' : 'Expires'} of ${formatDuration(expiry.cookie.lifetimeMs)} on ${expiry.cookie.name}`] : []),
    ...expiry.timeFields.map((f) => `timestamp in ${f.cookie} (${f.where})`),
  ];
  return parts.join(' and ');
}
