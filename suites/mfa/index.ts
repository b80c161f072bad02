/**
 * mfa.* — a login with further steps (a second factor): nothing is authenticated before the last one,
 * and the last one issues a new session ID.
 */
import type { Check } from '../../src/model/check.js';
import type { Probe } from '../../src/probe.js';
import partialSession from './partial-session.js';
import rotateAfterFactor from './rotate-after-factor.js';
import { mfaProbe } from './probe.js';

export const checks: readonly Check[] = [partialSession, rotateAfterFactor];
export const probes: readonly Probe[] = [mfaProbe];
