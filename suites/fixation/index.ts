/**
 * fixation.* — the session ID changes at login, and an ID the server never issued is refused.
 */
import type { Check } from '../../src/model/check.js';
import type { Probe } from '../../src/probe.js';
import rotateOnLogin from './rotate-on-login.js';
import rejectUnknownId from './reject-unknown-id.js';
import { fixationProbe } from './probe.js';

export const checks: readonly Check[] = [rotateOnLogin, rejectUnknownId];
export const probes: readonly Probe[] = [fixationProbe];
