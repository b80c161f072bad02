import { describe, expect, it } from 'vitest';
import { specContradictions } from '../../src/config/contradictions.js';
import { buildSpec } from '../../src/config/spec.js';
import { PRESETS } from '../../src/config/presets.js';
import type { RawSpec } from '../../src/config/raw-spec.js';

const clash = (raw: RawSpec) => specContradictions(buildSpec(raw));

describe('spec contradictions', () => {
  it('finds none in any preset', () => {
    for (const preset of Object.keys(PRESETS)) expect(clash({ preset }), preset).toEqual([]);
  });

  it.each<[string, RawSpec, string[], RegExp]>([
    ['SameSite=None without Secure', { cookie: { sameSite: 'None', secure: false } }, ['cookie.sameSite', 'cookie.secure'], /browsers reject such a cookie/],
    ['__Host- with a Domain', { cookie: { prefix: '__Host-', hostOnly: false, domains: ['example.com'] } }, ['cookie.prefix', 'cookie.domains'], /__Host- with a Domain \(example\.com\)/],
    ['__Host- with a Path other than /', { cookie: { prefix: '__Host-', path: '/app' } }, ['cookie.prefix', 'cookie.path'], /Path=\/app/],
    ['a prefix without Secure', { cookie: { prefix: '__Secure-', secure: false } }, ['cookie.prefix', 'cookie.secure'], /without Secure/],
    ['Max-Age longer than the absolute timeout', { cookie: { maxAge: { max: '12h' } }, timeouts: { absolute: '8h' } }, ['cookie.maxAge', 'timeouts.absolute'], /12h is longer than the 8h absolute timeout/],
    ['idle ≥ absolute', { timeouts: { idle: '8h', absolute: '8h' } }, ['timeouts.idle', 'timeouts.absolute'], /idle timeout 8h ≥ absolute timeout 8h/],
    ['renewal no sooner than the absolute timeout', { timeouts: { renewal: { every: '8h' }, absolute: '8h' } }, ['timeouts.renewal', 'timeouts.absolute'], /renewal every 8h ≥ absolute timeout 8h/],
    ['sliding without an idle timeout', { timeouts: { idle: null, sliding: true } }, ['timeouts.sliding', 'timeouts.idle'], /no idle timeout/],
    ['a signed-cookie store with server-side logout revocation', { store: 'signed-cookie' }, ['store', 'invalidation.logout', 'invalidation.passwordChange'], /cannot revoke a session before it expires/],
    ['onExceed without a limit', { concurrency: { maxSessions: null, onExceed: 'reject' } }, ['concurrency.onExceed', 'concurrency.maxSessions'], /no session limit/],
    ['rejecting on a signal that is not recorded', { binding: { signals: ['ip'], rejectOnChange: ['user-agent'] } }, ['binding.rejectOnChange', 'binding.signals'], /user-agent must end the session/],
  ])('%s', (_name, raw, fields, message) => {
    const found = clash(raw);
    expect(found).toHaveLength(1);
    expect(found[0]!.fields).toEqual(fields);
    expect(found[0]!.message).toMatch(message);
  });

  it('lets a signed-cookie store stand when the spec asks for no server-side revocation', () => {
    expect(clash({ store: 'signed-cookie', invalidation: { logout: false, passwordChange: 'none' } })).toEqual([]);
  });

  it("drops the preset's onExceed with the limit it described", () => {
    expect(clash({ concurrency: { maxSessions: null } })).toEqual([]);
    expect(buildSpec({ concurrency: { maxSessions: null } }).concurrency.onExceed).toBeNull();
  });

  it('accepts SameSite=None with Secure, and a Domain without __Host-', () => {
    expect(clash({ cookie: { sameSite: 'None' } })).toEqual([]);
    expect(clash({ cookie: { prefix: '__Secure-', hostOnly: false, domains: ['example.com'] } })).toEqual([]);
  });
});
