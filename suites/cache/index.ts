/**
 * cache.* — authenticated pages are not kept by caches or shown again by Back after logout.
 */
import type { Check } from '../../src/model/check.js';
import type { Probe } from '../../src/probe.js';
import noStore from './no-store.js';
import historyAfterLogout from './history-after-logout.js';
import { browserProbe } from '../shared/browser-probe.js';

export const checks: readonly Check[] = [noStore, historyAfterLogout];
export const probes: readonly Probe[] = [browserProbe];
