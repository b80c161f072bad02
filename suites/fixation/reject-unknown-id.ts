import { defineCheck, outcome } from '../../src/model/check.js';
import { requireControl, requireStillAlive, exchangesOf } from '../shared/checks-common.js';
import { describeMasked } from '../../src/evidence.js';

const EXPECTED = 'an ID the server never issued is not adopted: login issues a different one and the planted ID stays logged out';

export default defineCheck({
  meta: {
    id: 'fixation.reject-unknown-id',
    suite: 'fixation',
    title: 'Session IDs the server never issued are rejected',
    failureTitle: 'The server adopts a session ID chosen by the client (permissive session management)',
    severity: 'high',
    remediation: {
      summary:
        'Accept only session IDs the server itself issued: when a request presents an unknown ID, start a new session with a fresh server-generated ID instead of adopting the one the client chose (strict session management).',
      stacks: {
        php: 'session.use_strict_mode = 1 (off by default).',
        'express-session': 'Do not override genid with a function that reuses a client-supplied value.',
        spring: 'Keep Spring Session or the servlet container in charge of IDs; never create a session from a client-supplied ID.',
      },
    },
    refs: ['OWASP CS: Permissive and Strict Session Management', 'WSTG-SESS-03'],
    requires: ['session', 'fixation'],
    procedure: 'Before login, present a well-formed ID of the observed shape that the server never issued; log in with it; compare and replay it.',
  },
  evaluate({ artifacts }) {
    const p = artifacts.fixation.planted;
    if ('notApplicable' in p) return outcome.skipped(p.notApplicable);
    const noControl = requireControl(p.postLoginControl, EXPECTED, 'the client right after login');
    if (noControl) return noControl;
    const exchanges = [...p.loginExchanges, ...exchangesOf(p.craftedReplay)];
    for (const [name, crafted] of Object.entries(p.crafted)) {
      const post = p.postLogin[name] ?? null;
      if (post !== null && post.fp === crafted.fp) {
        return outcome.fail(EXPECTED, `the server kept the planted ${name} (${describeMasked(crafted)}) and logged it in`, [
          { message: `planted ${name} became the authenticated session`, exchanges },
        ]);
      }
    }
    const replay = p.craftedReplay;
    if (replay.answer === 'yes') {
      return outcome.fail(EXPECTED, `the planted ID is logged in after login (${replay.reason})`, [
        { message: 'the planted ID was authenticated by the login', exchanges },
      ]);
    }
    if (replay.answer === 'unknown') return outcome.inconclusive(EXPECTED, `replaying the planted ID gave no clear answer: ${replay.reason}`);
    return (
      requireStillAlive(p.afterReplayControl, EXPECTED) ??
      outcome.pass(EXPECTED, 'login issued a new ID and the planted one is logged out', { exchanges: [replay, p.loginExchanges], controls: [p.postLoginControl, p.afterReplayControl] })
    );
  },
});
