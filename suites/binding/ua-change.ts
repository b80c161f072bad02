import { defineCheck } from '../../src/check.js';
import { judgeBinding } from './judge.js';

export default defineCheck({
  meta: {
    id: 'binding.ua-change',
    suite: 'binding',
    title: 'A session presented with another User-Agent is refused',
    failureTitle: 'A session is accepted from another User-Agent',
    severity: 'info',
    refs: ['OWASP CS: Binding the Session ID to Other User Properties', 'NIST SP 800-63B-4 §5.3'],
    requires: ['binding'],
    procedure: "Replay a live device's whole cookie jar with another User-Agent and Accept-Language; report whether it is accepted, and judge it only when spec.binding.rejectUserAgentChange is set.",
  },
  evaluate({ artifacts }, spec) {
    const a = artifacts.binding!.userAgentChange;
    const ended = a.afterwards.answer === 'no' ? '; the target then ended the session on the device itself' : '';
    return judgeBinding({
      required: spec.binding.rejectUserAgentChange,
      setting: 'spec.binding.rejectUserAgentChange',
      expected: 'the session is refused when it comes with another User-Agent and Accept-Language',
      control: a.control,
      replay: a.replay,
      accepted: 'the session is accepted with another User-Agent and Accept-Language',
      refused: `the session is refused with another User-Agent and Accept-Language${ended}`,
    });
  },
});
