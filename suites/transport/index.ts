/**
 * transport.* — the session never travels over plain HTTP.
 */
import type { Check } from '../../src/model/check.js';
import type { Probe } from '../../src/probe.js';
import noHttpFallback from './no-http-fallback.js';
import hsts from './hsts.js';
import { transportProbe } from './probe.js';

export const checks: readonly Check[] = [noHttpFallback, hsts];
export const probes: readonly Probe[] = [transportProbe];
