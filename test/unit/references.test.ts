import { describe, expect, it } from 'vitest';
import { referenceLink } from '../../src/references.js';
import { CHECKS } from '../../suites/index.js';

describe('referenceLink', () => {
  it('gives every reference cited in the catalogue a URL', () => {
    const refs = [...new Set(CHECKS.flatMap((c) => c.meta.refs))];
    expect(refs.length).toBeGreaterThan(50);
    expect(refs.filter((ref) => referenceLink(ref).url === undefined)).toEqual([]);
    for (const ref of refs) expect(referenceLink(ref).url, ref).toMatch(/^https:\/\/[^\s]+$/);
  });

  it.each([
    ['WSTG-SESS-02', 'https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/06-Session_Management_Testing/02-Testing_for_Cookies_Attributes'],
    ['ASVS v4.0.3-3.4.1', 'https://github.com/OWASP/ASVS/blob/v4.0.3/4.0/en/0x12-V3-Session-management.md#v34-cookie-based-session-management'],
    ['ASVS v5.0.0-7.4.1', 'https://github.com/OWASP/ASVS/blob/v5.0.0/5.0/en/0x16-V7-Session-Management.md#v74-session-termination'],
    ['NIST SP 800-63B §7.1.1(1)', 'https://pages.nist.gov/800-63-3/sp800-63b.html#711-browser-cookies'],
    ['NIST SP 800-63B-4 §5.1.1(5)', 'https://pages.nist.gov/800-63-4/sp800-63b.html#sesscookies'],
    ['NIST SP 800-63B-4 §2.1.3-§2.3.3, §5.2', 'https://pages.nist.gov/800-63-4/sp800-63b.html#aal1reauth'],
    ['RFC 6265bis §4.1.2.5, §5.6.5, §5.7 step 13', 'https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis#section-4.1.2.5'],
    ['RFC 9700 §4.14.2', 'https://www.rfc-editor.org/rfc/rfc9700.html#section-4.14.2'],
    ['OWASP CS: Idle Timeout', 'https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#idle-timeout'],
  ])('%s → the exact section', (ref, url) => {
    expect(referenceLink(ref)).toEqual({ label: ref, url });
  });

  it('leaves a reference it does not know as plain text rather than guess a URL', () => {
    expect(referenceLink('ASVS v5.0.0-99.1.1')).toEqual({ label: 'ASVS v5.0.0-99.1.1' });
    expect(referenceLink('WSTG-SESS-99')).toEqual({ label: 'WSTG-SESS-99' });
    expect(referenceLink('OWASP CS: Nothing Like This')).toEqual({ label: 'OWASP CS: Nothing Like This' });
    expect(referenceLink('Some book, chapter 3')).toEqual({ label: 'Some book, chapter 3' });
  });
});

describe('remediation in the catalogue', () => {
  it('gives every check a fix paragraph, and stack hints that name a concrete setting', () => {
    for (const { meta } of CHECKS) {
      expect(meta.remediation.summary.length, meta.id).toBeGreaterThan(60);
      for (const [stack, hint] of Object.entries(meta.remediation.stacks ?? {})) expect(hint.length, `${meta.id} ${stack}`).toBeGreaterThan(10);
    }
  });

  it('names each stack its own setting for the cookie attributes', () => {
    const secure = CHECKS.find((c) => c.meta.id === 'cookie.secure')!.meta.remediation.stacks!;
    expect(secure['express-session']).toContain('secure: true');
    expect(secure.django).toContain('SESSION_COOKIE_SECURE = True');
    expect(secure.php).toContain('session.cookie_secure');
    expect(secure.spring).toContain('server.servlet.session.cookie.secure=true');
    expect(secure['aspnet-core']).toContain('CookieSecurePolicy.Always');
    expect(secure.rails).toContain('secure: true');
    expect(secure.flask).toContain('SESSION_COOKIE_SECURE = True');
    expect(secure.laravel).toContain("'secure' => true");
  });
});
