/**
 * concurrency.* — how many sessions an account may hold, and signing out everywhere.
 */
import type { Check } from '../../src/model/check.js';
import type { Probe } from '../../src/probe.js';
import concurrencyLimit from './limit.js';
import signOutEverywhere from './signout-everywhere.js';
import { signOutEverywhereProbe } from './signout-probe.js';
import { concurrencyProbe } from './probe.js';

export const checks: readonly Check[] = [concurrencyLimit, signOutEverywhere];
export const probes: readonly Probe[] = [signOutEverywhereProbe, concurrencyProbe];
