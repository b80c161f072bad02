/**
 * revocation.* — revocation judged across events: how long an old session keeps working after each
 * event, on every instance. The logout, password-change and sign-out-everywhere probes gather it.
 */
import type { Check } from '../../src/model/check.js';
import type { Probe } from '../../src/probe.js';
import delay from './delay.js';

export const checks: readonly Check[] = [delay];
export const probes: readonly Probe[] = [];
