import { defineCheck } from '../../src/check.js';
import { judgeBinding } from './judge.js';

export default defineCheck({
  meta: {
    id: 'binding.cross-client-replay',
    suite: 'binding',
    title: 'The session artifact alone is not enough in another client',
    failureTitle: 'The session artifact alone works in another client',
    severity: 'info',
    refs: ['WSTG-SESS-06', 'WSTG-SESS-09'],
    requires: ['binding'],
    procedure:
      'Copy only the session cookie(s) or token of a live device into a fresh client with another User-Agent and no other state; report whether that is enough (expected for bearer cookies), and judge it only when spec.binding.rejectCrossClientReplay is set.',
  },
  evaluate({ artifacts }, spec) {
    const a = artifacts.binding!.crossClient;
    const what = a.artifacts.join(' + ') || 'the session artifact';
    return judgeBinding({
      required: spec.binding.rejectCrossClientReplay,
      setting: 'spec.binding.rejectCrossClientReplay',
      expected: 'the session artifact alone, in a fresh client with another User-Agent, is refused',
      control: a.control,
      replay: a.replay,
      accepted: `${what} alone is enough in a fresh client with another User-Agent`,
      refused: `${what} alone is refused in a fresh client with another User-Agent`,
    });
  },
});
