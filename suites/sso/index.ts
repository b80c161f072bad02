/**
 * sso.* — a login through an identity provider on another origin: a new app session ID at the callback,
 * and logging out at either end ends the session at the other.
 */
import type { Check } from '../../src/model/check.js';
import type { Probe } from '../../src/probe.js';
import rotateOnLogin from './rotate-on-login.js';
import idpLogoutEndsAppSession from './idp-logout-ends-app-session.js';
import appLogoutEndsIdpSession from './app-logout-ends-idp-session.js';
import { ssoProbe } from './probe.js';

export const checks: readonly Check[] = [rotateOnLogin, idpLogoutEndsAppSession, appLogoutEndsIdpSession];
export const probes: readonly Probe[] = [ssoProbe];
