/**
 * remember-me.* — a persistent-login cookie dies with logout and password change.
 */
import type { Check } from '../../src/model/check.js';
import type { Probe } from '../../src/probe.js';
import rememberMeRevocation from './revocation.js';
import { rememberMeProbe } from './probe.js';

export const checks: readonly Check[] = [rememberMeRevocation];
export const probes: readonly Probe[] = [rememberMeProbe];
