/**
 * token.* — the session ID: where it travels, how long and random it is, what it reveals.
 */
import type { Check } from '../../src/model/check.js';
import type { Probe } from '../../src/probe.js';
import inUrl from './in-url.js';
import length from './length.js';
import entropy from './entropy.js';
import uniqueness from './uniqueness.js';
import opaque from './opaque.js';
import charset from './charset.js';
import urlAccepted from './url-accepted.js';
import notInBody from './not-in-body.js';
import webStorage from './web-storage.js';
import { tokenSampleProbe } from './sample-probe.js';
import { tokenInputProbe } from './input-probe.js';
import { browserProbe } from '../shared/browser-probe.js';

export const checks: readonly Check[] = [inUrl, length, entropy, uniqueness, opaque, charset, urlAccepted, notInBody, webStorage];
export const probes: readonly Probe[] = [tokenSampleProbe, tokenInputProbe, browserProbe];
