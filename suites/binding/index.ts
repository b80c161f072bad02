/**
 * binding.* — whether a session is bound to its client (reported; judged when the spec asks).
 */
import type { Check } from '../../src/model/check.js';
import type { Probe } from '../../src/probe.js';
import uaChange from './ua-change.js';
import crossClientReplay from './cross-client-replay.js';
import { bindingProbe } from './probe.js';

export const checks: readonly Check[] = [uaChange, crossClientReplay];
export const probes: readonly Probe[] = [bindingProbe];
