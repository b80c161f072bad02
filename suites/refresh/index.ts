/**
 * refresh.* — refresh tokens (target.refresh): rotated, reuse detected, revoked on logout and password
 * change, and bounded in life.
 */
import type { Check } from '../../src/model/check.js';
import type { Probe } from '../../src/probe.js';
import rotation from './rotation.js';
import reuseDetection from './reuse-detection.js';
import revokedOnLogout from './revoked-on-logout.js';
import revokedOnPasswordChange from './revoked-on-password-change.js';
import lifetime from './lifetime.js';
import { refreshLifetimeProbe, refreshProbe } from './probe.js';

export const checks: readonly Check[] = [rotation, reuseDetection, revokedOnLogout, revokedOnPasswordChange, lifetime];
export const probes: readonly Probe[] = [refreshProbe, refreshLifetimeProbe];
