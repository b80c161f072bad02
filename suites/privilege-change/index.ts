/**
 * privilege-change.* — the session ID changes when the privilege level does.
 */
import type { Check } from '../../src/model/check.js';
import type { Probe } from '../../src/probe.js';
import privilegeRotate from './rotate.js';
import { privilegeChangeProbe } from './probe.js';

export const checks: readonly Check[] = [privilegeRotate];
export const probes: readonly Probe[] = [privilegeChangeProbe];
