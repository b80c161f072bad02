/**
 * logout.* — logout ends the session on the server, clears it in the client, and can be found.
 */
import type { Check } from '../../src/model/check.js';
import type { Probe } from '../../src/probe.js';
import serverRevocation from './server-revocation.js';
import cookieCleared from './cookie-cleared.js';
import clearSiteData from './clear-site-data.js';
import uiVisible from './ui-visible.js';
import { logoutProbe } from './probe.js';
import { browserProbe } from '../shared/browser-probe.js';

export const checks: readonly Check[] = [serverRevocation, cookieCleared, clearSiteData, uiVisible];
export const probes: readonly Probe[] = [logoutProbe, browserProbe];
