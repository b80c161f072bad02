import { defineCheck } from '../../src/model/check.js';
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
    procedure: "Replay a live device's whole cookie jar with another User-Agent and Accept-Language; report whether it is accepted, and judge it only when spec.binding.rejectOnChange names user-agent or accept-language.",
  },
  evaluate({ artifacts }, spec) {
    const a = artifacts.binding.userAgentChange;
    const ended = a.afterwards.answer === 'no' ? '; the target then ended the session on the device itself' : '';
    const bound = spec.binding.rejectOnChange.filter((s) => s === 'user-agent' || s === 'accept-language');
    return judgeBinding({
      required: bound.length > 0,
      setting: 'spec.binding.rejectOnChange names neither user-agent nor accept-language',
      expected: 'the session is refused when it comes with another User-Agent and Accept-Language',
      control: a.control,
      replay: a.replay,
      accepted: 'the session is accepted with another User-Agent and Accept-Language',
      refused: `the session is refused with another User-Agent and Accept-Language${ended}`,
    });
  },
});
