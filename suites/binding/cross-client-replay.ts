import { defineCheck } from '../../src/model/check.js';
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
      'Copy only the session cookie(s) or token of a live device into a fresh client with another User-Agent and no other state; report whether that is enough (expected for bearer cookies), and judge it only when spec.binding.rejectOnChange names device or user-agent.',
  },
  evaluate({ artifacts }, spec) {
    const a = artifacts.binding.crossClient;
    const what = a.artifacts.join(' + ') || 'the session artifact';
    // A fresh client is another device with another User-Agent: binding to either must refuse it.
    const bound = spec.binding.rejectOnChange.filter((s) => s === 'device' || s === 'user-agent');
    return judgeBinding({
      required: bound.length > 0,
      setting: 'spec.binding.rejectOnChange names neither device nor user-agent',
      expected: 'the session artifact alone, in a fresh client with another User-Agent, is refused',
      control: a.control,
      replay: a.replay,
      accepted: `${what} alone is enough in a fresh client with another User-Agent`,
      refused: `${what} alone is refused in a fresh client with another User-Agent`,
    });
  },
});
