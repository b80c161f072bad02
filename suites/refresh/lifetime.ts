import { defineCheck, outcome, type Finding } from '../../src/model/check.js';
import { formatDuration } from '../../src/config/durations.js';
import type { IssuedToken, RefreshAttempt } from '../../src/model/artifacts.js';
import { describeAttempt } from './judge.js';

export default defineCheck({
  meta: {
    id: 'refresh.lifetime',
    suite: 'refresh',
    title: 'Refresh and access tokens expire, and a rotated family ends at an absolute deadline',
    failureTitle: 'Refresh or access tokens live longer than the spec allows',
    severity: 'medium',
    remediation: {
      summary:
        'Give refresh tokens an absolute expiry counted from the login (the grant), not from each rotation: a rotated token inherits the family’s deadline instead of a full new lifetime. Keep access tokens short-lived.',
    },
    refs: ['ASVS v5.0.0-10.4.8', 'RFC 9700 §4.14.2', 'ASVS v5.0.0-9.2.1'],
    requires: ['refresh', 'refreshLifetime'],
    procedure:
      'Read exp − iat of every JWT refresh and access token handed out; refresh one family every third of maxLifetime until maxLifetime + grace after its login, then present its newest token and another login’s unused one.',
  },
  evaluate({ artifacts }, spec) {
    const r = artifacts.refresh;
    if ('notConfigured' in r) return outcome.skipped(r.notConfigured);
    const { maxLifetimeMs, accessMaxLifetimeMs } = spec.refresh;
    if (maxLifetimeMs === null && accessMaxLifetimeMs === null) return outcome.skipped('the spec sets no token lifetime (spec.refresh.maxLifetime, spec.refresh.accessMaxLifetime)');
    const graceMs = spec.timeouts.graceMs;
    const expected = [
      maxLifetimeMs !== null && `refresh tokens, and the rotated family, die within ${formatDuration(maxLifetimeMs)} (+ ${formatDuration(graceMs)} grace) of the login`,
      accessMaxLifetimeMs !== null && `access tokens live at most ${formatDuration(accessMaxLifetimeMs)}`,
    ].filter(Boolean).join('; ');
    const findings: Finding[] = [];
    const observed: string[] = [];
    const unobserved: string[] = [];
    const minted = [...(r.rotation.issued ? [{ token: r.rotation.issued, exchanges: [] as number[], name: 'RT1', kind: 'refresh' as const }] : []), ...r.rotation.attempts.flatMap(tokensOf)];

    const declared = (kind: 'refresh' | 'access', limitMs: number | null) => {
      if (limitMs === null) return;
      const tokens = minted.filter((m) => m.kind === kind);
      const stated = tokens.flatMap((m) => (m.token.jwt?.claims.exp != null && m.token.jwt.claims.iat != null ? [{ ...m, lifetimeMs: (m.token.jwt.claims.exp - m.token.jwt.claims.iat) * 1000 }] : []));
      for (const s of stated.filter((t) => t.lifetimeMs > limitMs + graceMs)) {
        findings.push({ message: `a ${kind} token states a lifetime of ${formatDuration(s.lifetimeMs)} (exp − iat), more than ${formatDuration(limitMs)}`, exchanges: s.exchanges.length ? s.exchanges : r.rotation.attempts[0]?.exchanges ?? [] });
      }
      if (stated.length > 0) observed.push(`${kind} tokens state lifetimes of ${[...new Set(stated.map((s) => formatDuration(s.lifetimeMs)))].join(', ')}`);
      else if (kind === 'access') unobserved.push(tokens.length ? 'the access tokens are not JWTs with iat and exp, so their lifetime is not stated' : 'no access token was handed out');
    };
    declared('refresh', maxLifetimeMs);
    declared('access', accessMaxLifetimeMs);

    if (maxLifetimeMs !== null) {
      const chain = artifacts.refreshLifetime;
      if ('notPlanned' in chain) unobserved.push(`the rotated family was not followed to its deadline: ${chain.notPlanned}`);
      else if ('notConfigured' in chain) unobserved.push(`the rotated family was not followed to its deadline: ${chain.notConfigured}`);
      else judgeChain(chain.attempts, chain.unused, maxLifetimeMs + graceMs, findings, observed, unobserved);
    }
    const text = [...findings.map((f) => f.message), ...observed, ...unobserved].join('; ');
    if (findings.length > 0) return outcome.fail(expected, text, findings);
    if (unobserved.length > 0) return outcome.inconclusive(expected, text);
    // The deciding exchanges: the family's last refresh and the unused token at the deadline, and the
    // responses whose tokens state their lifetimes; the refreshes that kept the family alive are its controls.
    const chain = artifacts.refreshLifetime;
    const measured = 'attempts' in chain ? chain : null;
    return outcome.pass(expected, text, {
      exchanges: [measured?.attempts.at(-1)?.exchanges, measured?.unused?.exchanges, minted.map((m) => m.exchanges)],
      controls: measured?.attempts.slice(0, -1).map((a) => a.exchanges),
    });
  },
});

function tokensOf(a: RefreshAttempt): Array<{ token: IssuedToken; exchanges: number[]; name: string; kind: 'refresh' | 'access' }> {
  return [
    ...(a.refreshToken ? [{ token: a.refreshToken, exchanges: a.exchanges, name: a.presented, kind: 'refresh' as const }] : []),
    ...(a.accessToken ? [{ token: a.accessToken, exchanges: a.exchanges, name: a.presented, kind: 'access' as const }] : []),
  ];
}

/** The chain's last refresh (at or after the deadline) must be refused, as must the unused token then. */
function judgeChain(attempts: RefreshAttempt[], unused: RefreshAttempt | null, deadlineMs: number, findings: Finding[], observed: string[], unobserved: string[]): void {
  const kept = attempts.filter((a) => a.atMs < deadlineMs && a.outcome === 'issued');
  const last = attempts[attempts.length - 1];
  if (!last) return void unobserved.push('the family’s login handed out no refresh token');
  if (last.atMs < deadlineMs) {
    if (last.outcome === 'refused' && kept.length > 0) observed.push(`the family was refused at ${formatDuration(last.atMs)}, before the deadline`);
    else unobserved.push(`the family stopped before the deadline: ${describeAttempt(last)}`);
  } else if (last.outcome === 'issued') {
    findings.push({ message: `the rotated family still refreshed ${formatDuration(last.atMs)} after its login (${kept.length} refreshes kept it alive)`, exchanges: last.exchanges });
  } else if (last.outcome === 'refused') observed.push(`the rotated family was refused ${formatDuration(last.atMs)} after its login (${kept.length} refreshes before)`);
  else unobserved.push(`the family’s refresh at the deadline gave no clear answer: ${describeAttempt(last)}`);
  if (unused?.outcome === 'issued') findings.push({ message: `a refresh token never used still refreshed ${formatDuration(unused.atMs)} after its login`, exchanges: unused.exchanges });
  else if (unused?.outcome === 'refused') observed.push(`an unused refresh token was refused at ${formatDuration(unused.atMs)}`);
}
