/**
 * password-change.* — a password change ends the other sessions, rotates the current one, asks for the old password.
 */
import type { Check } from '../../src/model/check.js';
import type { Probe } from '../../src/probe.js';
import revokeOthers from './revoke-others.js';
import rotateCurrent from './rotate-current.js';
import requiresCurrent from './requires-current.js';
import { passwordChangeProbe } from './probe.js';

export const checks: readonly Check[] = [revokeOthers, rotateCurrent, requiresCurrent];
export const probes: readonly Probe[] = [passwordChangeProbe];
