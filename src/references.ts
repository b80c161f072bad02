/**
 * Standard references as links. Check meta cites references in the CHECKS.md notation (`WSTG-SESS-02`,
 * `ASVS v5.0.0-3.3.1`, `NIST SP 800-63B-4 §5.1.1(1)`, `RFC 6265bis §4.1.2.5, §5.6.5`, `OWASP CS: Idle Timeout`);
 * this module turns each into a URL to the exact section. Every section's URL is held once, in the tables
 * below; a reference citing several sections links to the first. A reference the tables do not know keeps
 * its plain text (no guessed URL).
 */
export interface ReferenceLink {
  label: string;
  url?: string;
}

const WSTG = 'https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/';

/** WSTG test id → its page. */
const WSTG_TESTS: Record<string, string> = {
  'CONF-07': '02-Configuration_and_Deployment_Management_Testing/07-Test_HTTP_Strict_Transport_Security',
  'ATHN-04': '04-Authentication_Testing/04-Testing_for_Bypassing_Authentication_Schema',
  'ATHN-05': '04-Authentication_Testing/05-Testing_for_Vulnerable_Remember_Password',
  'ATHN-06': '04-Authentication_Testing/06-Testing_for_Browser_Cache_Weaknesses',
  'ATHN-09': '04-Authentication_Testing/09-Testing_for_Weak_Password_Change_or_Reset_Functionalities',
  'SESS-01': '06-Session_Management_Testing/01-Testing_for_Session_Management_Schema',
  'SESS-02': '06-Session_Management_Testing/02-Testing_for_Cookies_Attributes',
  'SESS-03': '06-Session_Management_Testing/03-Testing_for_Session_Fixation',
  'SESS-04': '06-Session_Management_Testing/04-Testing_for_Exposed_Session_Variables',
  'SESS-05': '06-Session_Management_Testing/05-Testing_for_Cross_Site_Request_Forgery',
  'SESS-06': '06-Session_Management_Testing/06-Testing_for_Logout_Functionality',
  'SESS-07': '06-Session_Management_Testing/07-Testing_Session_Timeout',
  'SESS-09': '06-Session_Management_Testing/09-Testing_for_Session_Hijacking',
  'SESS-10': '06-Session_Management_Testing/10-Testing_JSON_Web_Tokens',
  'SESS-11': '06-Session_Management_Testing/11-Testing_for_Concurrent_Sessions',
};

/** ASVS release → section (chapter.section) → chapter file and the section's heading anchor. */
const ASVS: Record<string, { base: string; sections: Record<string, string> }> = {
  '4.0.3': {
    base: 'https://github.com/OWASP/ASVS/blob/v4.0.3/4.0/en/',
    sections: {
      '3.1': '0x12-V3-Session-management.md#v31-fundamental-session-management-security',
      '3.2': '0x12-V3-Session-management.md#v32-session-binding',
      '3.3': '0x12-V3-Session-management.md#v33-session-termination',
      '3.4': '0x12-V3-Session-management.md#v34-cookie-based-session-management',
      '3.5': '0x12-V3-Session-management.md#v35-token-based-session-management',
      '3.7': '0x12-V3-Session-management.md#v37-defenses-against-session-management-exploits',
      '8.2': '0x16-V8-Data-Protection.md#v82-client-side-data-protection',
      '9.1': '0x17-V9-Communications.md#v91-client-communication-security',
      '14.4': '0x22-V14-Config.md#v144-http-security-headers',
    },
  },
  '5.0.0': {
    base: 'https://github.com/OWASP/ASVS/blob/v5.0.0/5.0/en/',
    sections: {
      '3.3': '0x12-V3-Web-Frontend-Security.md#v33-cookie-setup',
      '3.4': '0x12-V3-Web-Frontend-Security.md#v34-browser-security-mechanism-headers',
      '3.5': '0x12-V3-Web-Frontend-Security.md#v35-browser-origin-separation',
      '7.1': '0x16-V7-Session-Management.md#v71-session-management-documentation',
      '7.2': '0x16-V7-Session-Management.md#v72-fundamental-session-management-security',
      '7.3': '0x16-V7-Session-Management.md#v73-session-timeout',
      '7.4': '0x16-V7-Session-Management.md#v74-session-termination',
      '7.5': '0x16-V7-Session-Management.md#v75-defenses-against-session-abuse',
      '7.6': '0x16-V7-Session-Management.md#v76-federated-re-authentication',
      '8.3': '0x17-V8-Authorization.md#v83-operation-level-authorization',
      '9.1': '0x18-V9-Self-contained-Tokens.md#v91-token-source-and-integrity',
      '9.2': '0x18-V9-Self-contained-Tokens.md#v92-token-content',
      '10.4': '0x19-V10-OAuth-and-OIDC.md#v104-oauth-authorization-server',
      '12.2': '0x21-V12-Secure-Communication.md#v122-https-communication-with-external-facing-services',
      '14.2': '0x23-V14-Data-Protection.md#v142-general-data-protection',
      '14.3': '0x23-V14-Data-Protection.md#v143-client-side-data-protection',
    },
  },
};

/** NIST SP 800-63B revision → section number → anchor on the one-page edition. */
const NIST: Record<'3' | '4', { base: string; sections: Record<string, string> }> = {
  '3': {
    base: 'https://pages.nist.gov/800-63-3/sp800-63b.html#',
    sections: {
      '4.1.3': 'aal1reauth',
      '4.2.3': 'aal2reauth',
      '4.3.3': 'aal3reauth',
      '7': 'sec7',
      '7.1': '71-session-bindings',
      '7.1.1': '711-browser-cookies',
      '7.2': '72-reauthentication',
    },
  },
  '4': {
    base: 'https://pages.nist.gov/800-63-4/sp800-63b.html#',
    sections: {
      '2.1.3': 'aal1reauth',
      '2.2.3': 'aal2reauth',
      '2.3.3': 'aal3reauth',
      '3.2.12': 'randomness',
      '5': 'sec7',
      '5.1': 'session-bindings',
      '5.1.1': 'sesscookies',
      '5.2': 'sessionreauthn',
      '5.3': 'monitoring',
    },
  },
};

const SESSION_CS = 'https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#';

/** Session Management Cheat Sheet heading (as cited) → anchor. */
const SESSION_CS_SECTIONS: Record<string, string> = {
  'Session ID Name Fingerprinting': 'session-id-name-fingerprinting',
  'Session ID Length': 'session-id-length',
  'Session ID Entropy': 'session-id-entropy',
  'Session ID Content': 'session-id-content-or-value',
  'Session Management Implementation': 'session-management-implementation',
  'Used vs. Accepted Session ID Exchange Mechanisms': 'used-vs-accepted-session-id-exchange-mechanisms',
  'Transport Layer Security': 'transport-layer-security',
  'Cookies (Secure)': 'secure-attribute',
  'Cookies (HttpOnly)': 'httponly-attribute',
  'Cookies (SameSite)': 'samesite-attribute',
  'Cookies (prefixes)': 'cookies',
  'Domain and Path Attributes': 'domain-and-path-attributes',
  'Expire and Max-Age Attributes': 'expire-and-max-age-attributes',
  'HTML5 Web Storage API': 'html5-web-storage-api',
  'Renew the Session ID After Any Privilege Level Change': 'renew-the-session-id-after-any-privilege-level-change',
  'Session Expiration': 'session-expiration',
  'Idle Timeout': 'idle-timeout',
  'Absolute Timeout': 'absolute-timeout',
  'Renewal Timeout': 'renewal-timeout',
  'Logout Button': 'logout-button',
  'Web Content Caching and Clear-Site-Data': 'web-content-caching',
  'Permissive and Strict Session Management': 'permissive-and-strict-session-management',
  'Manage Session ID as Any Other User Input': 'manage-session-id-as-any-other-user-input',
  'Binding the Session ID to Other User Properties': 'binding-the-session-id-to-other-user-properties',
  'Simultaneous Session Logons': 'simultaneous-session-logons',
  'Reauthentication After Risk Events': 'reauthentication-after-risk-events',
};

const JWT_CS = 'https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_for_Java_Cheat_Sheet.html#';

/** JSON Web Token Cheat Sheet heading (as cited) → anchor. */
const JWT_CS_SECTIONS: Record<string, string> = {
  'Threats on JWTs': 'issues',
  'Token Explicit Revocation by the User': 'no-built-in-token-revocation-by-the-user',
  'Token Signing (HMAC key strength)': 'weak-token-secret',
};

/** References cited whole (framework documentation, MDN), each with its one URL. */
const DOCUMENTS: Record<string, string> = {
  'MDN: Cookie prefixes': 'https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/Cookies#cookie_prefixes',
  "Django SESSION_COOKIE_NAME='sessionid'": 'https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-name',
  'Laravel config/session.php (<app>_session)': 'https://laravel.com/docs/session#configuration',
  'expressjs/session README (name default connect.sid)': 'https://github.com/expressjs/session#name',
  'OpenID Connect Back-Channel Logout 1.0': 'https://openid.net/specs/openid-connect-backchannel-1_0.html',
  'OpenID Connect Front-Channel Logout 1.0': 'https://openid.net/specs/openid-connect-frontchannel-1_0.html',
  'OpenID Connect RP-Initiated Logout 1.0': 'https://openid.net/specs/openid-connect-rpinitiated-1_0.html',
};

/** RFC 6265bis is still a draft: the datatracker serves its latest revision. */
function rfcUrl(rfc: string, section: string): string {
  return rfc === '6265bis'
    ? `https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis#section-${section}`
    : `https://www.rfc-editor.org/rfc/rfc${rfc}.html#section-${section}`;
}

/** One rule per standard: the notation it recognises and how a match becomes a URL. */
const RULES: ReadonlyArray<{ pattern: RegExp; url: (m: RegExpMatchArray) => string | undefined }> = [
  { pattern: /^WSTG-([A-Z]+-\d+)$/, url: (m) => WSTG_TESTS[m[1]!] && WSTG + WSTG_TESTS[m[1]!] },
  {
    pattern: /^ASVS v(4\.0\.3|5\.0\.0)-(\d+\.\d+)\.\d+$/,
    url: (m) => {
      const release = ASVS[m[1]!]!;
      const anchor = release.sections[m[2]!];
      return anchor && release.base + anchor;
    },
  },
  {
    // `§7.1.1(1)`, `§5.1, §5.2`, `§2.1.3-§2.3.3`: the first section number decides.
    pattern: /^NIST SP 800-63B(-4)? §(\d+(?:\.\d+)*)/,
    url: (m) => {
      const revision = NIST[m[1] ? '4' : '3'];
      const anchor = revision.sections[m[2]!];
      return anchor && revision.base + anchor;
    },
  },
  { pattern: /^RFC (\d+|6265bis) §(\d+(?:\.\d+)*)/, url: (m) => rfcUrl(m[1]!, m[2]!) },
  { pattern: /^OWASP CS: (.+)$/, url: (m) => SESSION_CS_SECTIONS[m[1]!] && SESSION_CS + SESSION_CS_SECTIONS[m[1]!] },
  { pattern: /^OWASP CSJ: (.+)$/, url: (m) => JWT_CS_SECTIONS[m[1]!] && JWT_CS + JWT_CS_SECTIONS[m[1]!] },
  { pattern: /^(.+)$/, url: (m) => DOCUMENTS[m[1]!] },
];

export function referenceLink(ref: string): ReferenceLink {
  for (const rule of RULES) {
    const match = ref.match(rule.pattern);
    if (!match) continue;
    const url = rule.url(match);
    return url ? { label: ref, url } : { label: ref };
  }
  return { label: ref };
}
