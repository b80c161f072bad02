/**
 * timeout.* — idle, absolute, sliding and renewal timeouts, enforced by the server.
 */
import type { Check } from '../../src/model/check.js';
import type { Probe } from '../../src/probe.js';
import idleTimeout from './idle.js';
import absoluteTimeout from './absolute.js';
import slidingTimeout from './sliding.js';
import serverEnforcedTimeout from './server-enforced.js';
import renewalTimeout from './renewal.js';
import { timeoutProbe } from './probe.js';

export const checks: readonly Check[] = [idleTimeout, absoluteTimeout, slidingTimeout, serverEnforcedTimeout, renewalTimeout];
export const probes: readonly Probe[] = [timeoutProbe];
