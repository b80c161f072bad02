import { evaluateWith } from '../fixtures/evaluate.js';
import rotateOnLogin from '../../suites/fixation/rotate-on-login.js';
import rejectUnknownId from '../../suites/fixation/reject-unknown-id.js';
import type { FixationArtifact } from '../../src/model/artifacts.js';
import { RECOMMENDED_SPEC } from '../fixtures/spec.js';
import { observation, sessionArtifact } from '../fixtures/evidence.js';
import { A, B, C, RAW, rotation, rotationOnly, type Rotation } from '../fixtures/login-rotation.js';
import { testCheckTable, type CheckRow } from '../fixtures/check-tester.js';
import type { Check, OutcomeVerdict } from '../../src/model/check.js';
import type { Spec } from '../../src/config/types.js';

type Planted = FixationArtifact['planted'];

const planted = (o: Partial<Extract<Planted, { crafted: unknown }>>): Planted => ({
  crafted: { sid: C },
  postLogin: { sid: B },
  postLoginControl: observation('yes', 21),
  craftedReplay: observation('no', 22),
  afterReplayControl: observation('yes', 23),
  loginExchanges: [3, 4],
  ...o,
});

interface Row extends CheckRow {
  fixation: FixationArtifact;
  spec?: Spec;
  authKind?: 'cookie' | 'bearer';
}

function judge(check: Check, row: Row) {
  const session = sessionArtifact(row.authKind === 'bearer' ? { sessionCookies: [] } : {});
  return evaluateWith(check, { evidence: [], artifacts: { session, fixation: row.fixation } }, row.spec ?? RECOMMENDED_SPEC);
}

const rotationRow = (name: string, over: Partial<Rotation>, verdict: OutcomeVerdict, observed: RegExp, extra: Partial<Row> = {}): Row => ({
  name,
  verdict,
  observed,
  fixation: rotationOnly(over),
  ...extra,
});
const plantedRow = (name: string, p: Planted, verdict: OutcomeVerdict, observed: RegExp): Row => ({ name, verdict, observed, fixation: { rotation: rotation({}), planted: p } });

const NO_ROTATION_SPEC = { ...RECOMMENDED_SPEC, invalidation: { ...RECOMMENDED_SPEC.invalidation, rotateOnLogin: false } };

testCheckTable('fixation checks', {
  checks: [rotateOnLogin, rejectUnknownId],
  // The IDs before masking: no result may show them.
  secrets: [RAW.a, RAW.b, RAW.c],
  judge,
  citable: (row) => row.fixation,
  defaultReachable: ['pass', 'fail', 'inconclusive', 'skipped'],
  rows: {
    'fixation.rotate-on-login': [
      rotationRow('new value and pre-login cookies logged out', {}, 'pass', /→ .*pre-login cookies are logged out/),
      rotationRow('no cookie before login', { preLogin: { sid: null }, preLoginReplay: null }, 'pass', /none before login/),
      rotationRow('value kept across login', { postLogin: { sid: A } }, 'fail', /kept its pre-login value/),
      rotationRow('new value but the old one was logged in too', { preLoginReplay: observation('yes', 12) }, 'fail', /still logged in/),
      rotationRow('login did not log in', { postLoginControl: observation('no', 11) }, 'inconclusive', /was not logged in/),
      rotationRow('replay answer unknown', { preLoginReplay: observation('unknown', 12) }, 'inconclusive', /no clear answer/),
      rotationRow('cookie missing after login', { postLogin: { sid: null } }, 'inconclusive', /not held after login/),
      rotationRow('the logged-in client died during the replay', { afterReplayControl: observation('no', 13) }, 'inconclusive', /may have lost its sessions/),
      rotationRow('the spec does not require rotation', {}, 'skipped', /./, { spec: NO_ROTATION_SPEC }),
      rotationRow('the session is a bearer token', {}, 'skipped', /./, { authKind: 'bearer' }),
    ],
    'fixation.reject-unknown-id': [
      plantedRow('a new ID is issued and the planted one stays out', planted({}), 'pass', /planted one is logged out/),
      plantedRow('the planted ID is adopted', planted({ postLogin: { sid: C } }), 'fail', /kept the planted sid/),
      plantedRow('the planted ID is logged in by the login', planted({ craftedReplay: observation('yes', 22) }), 'fail', /planted ID is logged in/),
      plantedRow('login failed', planted({ postLoginControl: observation('unknown', 21) }), 'inconclusive', /was not logged in/),
      plantedRow('replay unclear', planted({ craftedReplay: observation('unknown', 22) }), 'inconclusive', /no clear answer/),
      plantedRow('the logged-in client died during the replay', planted({ afterReplayControl: observation('unknown', 23) }), 'inconclusive', /may have lost its sessions/),
      plantedRow('not a cookie session', { notApplicable: 'the session is not carried by a cookie' }, 'skipped', /not carried by a cookie/),
    ],
  },
});
