import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { load } from 'cheerio';
import { validateReport } from '../fixtures/report-schema.js';
import { junitSchemaErrors } from '../fixtures/junit-xsd.js';
import { orderChecks, renderHtml, renderJson, renderJunit, renderList, renderMarkdown, writeReports } from '../../reports/index.js';
import { html, markdownText, SafeHtml } from '../../reports/escape.js';
import { APPENDIX_LIMIT } from '../../reports/html.js';
import { mergedHtml } from '../../reports/merged.js';
import { referenceLink } from '../../src/references.js';
import { HOSTILE, runResultFixture, withManyExchanges, withTimeline } from '../fixtures/run-result.js';

const result = runResultFixture();
const { summary } = result;

/** The order every reporter must show: failures first, then severity, then id. */
const EXPECTED_ORDER = [
  'logout.server-revocation',
  'cookie.secure',
  'fixation.rotate-on-login',
  'logout.clear-site-data',
  'token.in-url',
  'cookie.samesite',
  'logout.cookie-cleared',
  'cookie.path',
  'fixation.reject-unknown-id',
  'cookie.httponly',
  'token.length',
  'cache.no-store',
  'token.entropy',
];

// Characters no report may carry raw: terminal escapes and XML 1.0 illegals.
const RAW_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

describe('ordering', () => {
  it('puts failures first, then errors, inconclusive, waived, passes, skips; then severity; then id', () => {
    expect(result.checks.map((c) => c.id)).not.toEqual(EXPECTED_ORDER);
    expect(orderChecks(result.checks).map((c) => c.id)).toEqual(EXPECTED_ORDER);
  });
});

describe('list reporter', () => {
  const plain = renderList(result, { color: false });

  it('prints one line per check in report order, then the summary line and the duration', () => {
    const ids = plain
      .split('\n')
      .filter((line) => /^[✗!?✓~-] /.test(line))
      .map((line) => line.split(/\s+/)[3]);
    expect(ids).toEqual(EXPECTED_ORDER);
    expect(plain).toContain(
      `${summary.pass} passed, ${summary.fail} failed, ${summary.waived} waived, ${summary.inconclusive} inconclusive, ${summary.skipped} skipped, ${summary.error} error in 1m14.25s`,
    );
  });

  it('shows the failure title and the observation of every check that did not pass', () => {
    expect(plain).toContain('The session outlives logout on the server');
    expect(plain).toContain('    needs 20 samples; token.samples is 0');
    expect(plain).not.toContain('32 hex characters, 128 bits');
  });

  it('neutralizes terminal escapes from the target and indents its newlines', () => {
    expect(plain).not.toMatch(RAW_CONTROLS);
    expect(plain).toContain('\\x1b[31m');
    expect(plain).toContain('    second line');
  });

  it('adds colour only as SGR sequences around otherwise identical text', () => {
    const colored = renderList(result, { color: true });
    expect(colored).toContain('\u001b[');
    expect(colored.replace(/\u001b\[[0-9;]*m/g, '')).toBe(plain);
  });
});

describe('junit reporter', () => {
  const xml = renderJunit(result);
  const root = parseXml(xml);
  const testcase = (id: string, tree = root) => find(tree, (e) => e.name === 'testcase' && e.attributes.name!.startsWith(`${id}:`))!;
  const outcome = (id: string, tree = root) => testcase(id, tree).children.filter(isElement).find((e) => e.name !== 'system-out');

  it('is valid against the junit-10 XSD (Jenkins xunit)', async () => {
    expect(await junitSchemaErrors(xml)).toEqual([]);
  });

  it('maps fail to <failure>, error to <error>, inconclusive, skipped and waived to <skipped>', () => {
    expect(root.name).toBe('testsuites');
    expect(count(root, 'testcase')).toBe(result.checks.length);
    expect(count(root, 'failure')).toBe(summary.fail);
    expect(count(root, 'error')).toBe(summary.error);
    expect(count(root, 'skipped')).toBe(summary.skipped + summary.waived + summary.inconclusive);
    expect(root.attributes).toEqual({ name: 'sessionprobe', tests: String(result.checks.length), failures: String(summary.fail), errors: String(summary.error), time: '74.250' });
  });

  it('under --strict makes an inconclusive check a <failure type="inconclusive">, as the gate counts it', () => {
    const strict = parseXml(renderJunit({ ...result, gate: { ...result.gate, strict: true } }));
    expect(count(strict, 'failure')).toBe(summary.fail + summary.inconclusive);
    const samesite = find(strict, (e) => e.name === 'testcase' && e.attributes.name!.startsWith('cookie.samesite:'))!;
    expect(samesite.children.filter(isElement)[0]!.attributes).toMatchObject({ type: 'inconclusive', message: expect.stringMatching(/^inconclusive: the oracle could not tell/) });
  });

  it('under --strict keeps an inconclusive check below --fail-on a <skipped>: the gate does not count it', () => {
    // logout.cookie-cleared is low, cookie.samesite medium: with --fail-on medium only the latter gates.
    const strict = parseXml(renderJunit({ ...result, gate: { ...result.gate, failOn: 'medium', strict: true } }));
    expect(outcome('cookie.samesite', strict)).toMatchObject({ name: 'failure', attributes: { type: 'inconclusive' } });
    expect(outcome('logout.cookie-cleared', strict)).toMatchObject({ name: 'skipped', attributes: { message: expect.stringMatching(/^inconclusive: /) } });
    expect(count(strict, 'failure')).toBe(summary.fail + 1);
    expect(strict.attributes.failures).toBe(String(summary.fail + 1));
  });

  it('has one testsuite per suite with its own totals, and testcases named and classed by check', () => {
    const suites = root.children.filter(isElement);
    expect(suites.map((s) => s.attributes.name)).toEqual(['logout', 'cookie', 'fixation', 'token', 'cache']);
    for (const suite of suites) {
      const cases = suite.children.filter(isElement).filter((c) => c.name === 'testcase');
      expect(suite.attributes.tests).toBe(String(cases.length));
      expect(suite.attributes.failures).toBe(String(count(suite, 'failure')));
      expect(suite.attributes.skipped).toBe(String(count(suite, 'skipped')));
      for (const c of cases) {
        const check = result.checks.find((r) => c.attributes.name === `${r.id}: ${r.title}`);
        expect(check, c.attributes.name).toBeDefined();
        expect(c.attributes.classname).toBe(`sessionprobe.${suite.attributes.name}`);
      }
    }
  });

  it('times each testcase by the probes behind it and each suite by its distinct probes', () => {
    expect(testcase('logout.server-revocation').attributes.time).toBe('4.300');
    expect(testcase('cookie.secure').attributes.time).toBe('1.250');
    const suites = root.children.filter(isElement);
    expect(suites.find((s) => s.attributes.name === 'logout')!.attributes.time).toBe('4.300');
    expect(suites.find((s) => s.attributes.name === 'cookie')!.attributes.time).toBe('1.250');
  });

  it('says what was expected and observed, typed by severity, with the deciding exchanges as text and the report anchor', () => {
    const failure = outcome('logout.server-revocation')!;
    expect(failure.name).toBe('failure');
    expect(failure.attributes.type).toBe('critical');
    expect(failure.attributes.message).toContain('expected the old session ID is rejected after logout; observed');
    const body = text(failure);
    expect(body).toContain(`- replaying sid after logout: oracle answered yes (${HOSTILE.script})`);
    expect(body).not.toMatch(/evidence: #/);
    expect(body).toContain(`#7 A · logout: request\n> POST ${'http://127.0.0.1:43117'}/logout\n> cookie: sid=[masked fp=5e6f7a8b len=32]\n< HTTP 302`);
    expect(body).toContain('< set-cookie: x');
    expect(body).toContain(`< x-evil: ${HOSTILE.script}`);
    expect(body).not.toContain('content-type');
    expect(body).toContain(`#9 replay · replay: sid after logout\n> GET http://127.0.0.1:43117/account\n> cookie: sid=[masked fp=5e6f7a8b len=32]\n< HTTP 200`);
    expect(body).toContain('details: report.html#logout.server-revocation');
    expect(body).toContain('fix: Destroy the session in the server-side store on logout.');
    const skipped = outcome('cache.no-store')!;
    expect(skipped.name).toBe('skipped');
    expect(skipped.attributes.message).toBe('the spec does not ask for Cache-Control: no-store');
    expect(text(skipped)).toContain('observed: the spec does not ask for Cache-Control: no-store');
  });

  it('puts an inconclusive reason in the message and the body, and keeps <error> for a check that broke', () => {
    const inconclusive = outcome('cookie.samesite')!;
    expect(inconclusive.name).toBe('skipped');
    expect(inconclusive.attributes.message).toMatch(/^inconclusive: the oracle could not tell/);
    expect(text(inconclusive)).toContain('observed: the oracle could not tell');
    const broken = outcome('token.in-url')!;
    expect(broken).toMatchObject({ name: 'error', attributes: { type: 'error', message: expect.stringMatching(/^the check broke: the check itself failed/) } });
  });

  it("carries the run's notices in every suite's own <system-out>, escaped", () => {
    const suites = root.children.filter(isElement);
    for (const suite of suites) {
      const out = suite.children.filter(isElement).find((e) => e.name === 'system-out');
      expect(out, suite.attributes.name).toBeDefined();
      const lines = text(out!).split('\n');
      expect(lines).toHaveLength(result.notices.length);
      expect(lines[0]).toContain('notice (warning): the target throttled 2 login attempt(s) (lockout message “<script>');
      expect(lines[0]).not.toMatch(RAW_CONTROLS);
    }
    const quiet = parseXml(renderJunit({ ...result, notices: [] }));
    expect(quiet.children.filter(isElement).flatMap((s) => s.children.filter(isElement)).map((e) => e.name)).not.toContain('system-out');
  });

  it('writes the fix when the check has a remediation', () => {
    const withFix = { ...result, checks: result.checks.map((c) => (c.id === 'cookie.secure' ? { ...c, remediation: { summary: 'Set Secure on the session cookie.' } } : c)) };
    const secure = parseXml(renderJunit(withFix));
    const failure = find(secure, (e) => e.name === 'testcase' && e.attributes.name!.startsWith('cookie.secure:'))!.children.filter(isElement)[0]!;
    expect(text(failure)).toContain('fix: Set Secure on the session cookie.');
  });

  it('has a <system-out> per testcase with the procedure and the measured values', () => {
    const out = testcase('token.length').children.filter(isElement).find((e) => e.name === 'system-out')!;
    expect(text(out)).toContain('procedure: Log in, log out, then replay');
    expect(text(out)).toContain('  capacityBits: 128');
    expect(text(out)).toContain('  note: —');
  });

  it('shows a waived check as <skipped> with a waived: message naming the waiver, and keeps the failure in its body', () => {
    const path_ = find(root, (e) => e.name === 'testcase' && e.attributes.name!.startsWith('cookie.path'))!;
    const skipped = path_.children.filter(isElement)[0]!;
    expect(skipped.name).toBe('skipped');
    expect(skipped.attributes.message).toMatch(/^waived: waivers\[0\] \(cookie sid\) by team-auth, until 2099-12-31: legacy SSO needs it/);
    expect(text(skipped)).toContain('expected: Path=/');
    expect(text(skipped)).toContain('waived (the verdict was fail) by waivers[0]');
  });

  it('says in the failure when a matching waiver expired', () => {
    const secure = find(root, (e) => e.name === 'testcase' && e.attributes.name!.startsWith('cookie.secure'))!;
    expect(secure.children.filter(isElement)[0]!.attributes.message).toContain('NOT waived: this waiver expired — waivers[1] by ops, until 2020-01-31');
  });

  it('states the preset, overrides, defaults, severity adjustments, waivers and the gate as properties', () => {
    const props = Object.fromEntries(
      root.children.filter(isElement)[0]!.children.filter(isElement).find((e) => e.name === 'properties')!.children.filter(isElement).map((p) => [p.attributes.name, p.attributes.value]),
    );
    expect(props).toMatchObject({
      'spec.preset': 'owasp-asvs-l2',
      'spec.overrides': 'cookie.sameSite, timeouts.idle',
      'spec.toolDefaults': 'timeouts.absolute, jwt.maxLifetime',
      'spec.severity.cookie.httponly': expect.stringMatching(/^lower one step: NIST/),
      'waiver.1': expect.stringMatching(/^EXPIRED, no longer waiving \[cookie.secure\]/),
      'waiver.2': expect.stringMatching(/^unused/),
      gate: expect.stringMatching(/^failed \(fail-on low\): logout.server-revocation/),
    });
  });

  it('keeps hostile strings as escaped text, with control characters made visible', () => {
    expect(xml).not.toMatch(/<script|<img/i);
    expect(xml).not.toMatch(RAW_CONTROLS);
    const all = allText(root);
    expect(all).toContain(HOSTILE.script);
    expect(all).toContain(HOSTILE.attribute);
    expect(all).toContain('\\x00');
    expect(all).toContain('\\x1b[31m');
  });
});

describe('json reporter', () => {
  const json = renderJson(result);
  const report = JSON.parse(json) as { schemaVersion: number; checks: Array<{ id: string }>; evidence: unknown[] };

  it('serializes the result model with a schema version, checks in report order', () => {
    expect(report.schemaVersion).toBe(2);
    expect(report.checks.map((c) => c.id)).toEqual(EXPECTED_ORDER);
    expect(report.evidence).toHaveLength(result.evidence.length);
    expect(json.startsWith('{\n  "schemaVersion": 2,')).toBe(true);
  });

  it('validates against schema/report.schema.json, which rejects a malformed report', () => {
    expect(validateReport(report)).toEqual([]);
    expect(validateReport(JSON.parse(renderJson(withTimeline(result))))).toEqual([]);
    const broken = JSON.parse(json) as { checks: Array<{ verdict: string }> };
    broken.checks[0]!.verdict = 'maybe';
    expect(validateReport(broken).length).toBeGreaterThan(0);
  });
});

describe('html reporter', () => {
  const page = renderHtml(result);
  const $ = load(page);
  const article = (id: string) => $(`article[id="${id}"]`);

  it('declares a strict CSP and loads nothing: no script, no external resource, links in-page or to the standards only', () => {
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
    expect($('script, link, iframe, object, embed, base, img, form').length).toBe(0);
    const standards = new Set(result.checks.flatMap((c) => c.refs).map((r) => referenceLink(r).url));
    $('*').each((_, el) => {
      for (const [name, value] of Object.entries('attribs' in el ? el.attribs : {})) {
        expect(name, `attribute ${name} on <${'name' in el ? el.name : '?'}>`).not.toMatch(/^(on|src$|srcset$|action$|formaction$|style$)/);
        if (name === 'href' && !value.startsWith('#')) {
          // The only links that leave the page are the catalogue's references, never anything the target sent.
          expect(standards, value).toContain(value);
          expect($(el).attr('rel')).toBe('noreferrer');
        }
      }
    });
    expect($('a[href^="https:"]').length).toBeGreaterThan(0);
    expect($('style').text()).not.toMatch(/url\(|@import/);
  });

  it("frames the merged index of several targets as report.html: the same head, CSP and stylesheet, the target's text escaped", () => {
    const merged = mergedHtml([{ result, page: 'targets/1-127.0.0.1-8080/report.html' }]);
    const head = (doc: string) => doc.slice(0, doc.indexOf('<title>')) + doc.slice(doc.indexOf('</title>'), doc.indexOf('</style>'));
    expect(head(merged)).toBe(head(page));
    expect(load(merged)('script, link, img').length).toBe(0);
    expect(merged).not.toMatch(/<script|<img/i);
    expect(load(merged)('a[href="targets/1-127.0.0.1-8080/report.html"]').length).toBe(1);
  });

  it('escapes every target-controlled payload instead of emitting it', () => {
    expect(page).not.toMatch(/<script|<img/i);
    expect(page).not.toMatch(/onerror=alert\(1\)>/);
    expect(page).not.toMatch(RAW_CONTROLS);
    const external = $('a[href^="https:"]').map((_, a) => $(a).attr('href')).get();
    expect(external.every((href) => !href.includes(HOSTILE.script))).toBe(true);
    const body = $('body').text();
    expect(body).toContain(HOSTILE.script);
    expect(body).toContain(HOSTILE.attribute);
    expect(body).toContain('\\x00');
    expect(body).toContain('\\x1b[31m');
  });

  it('draws each timeline as inline SVG at full size, with every request also in a table', () => {
    const $t = load(renderHtml(withTimeline(result)));
    expect($t('.banner .warn').text()).toBe('Partial run: the run was interrupted (Ctrl-C).');
    const figure = $t('article[id="timeout.idle"] figure.timeline');
    expect(figure.find('p.bracket').text()).toBe('Measured idle timeout: still logged in 3.8s after the last request, never seen logged out (spec: 3s)');
    expect(figure.find('svg g.row')).toHaveLength(2);
    expect(figure.find('svg rect.mark')).toHaveLength(4);
    expect(figure.find('svg rect.m-in')).toHaveLength(2);
    expect(figure.find('svg rect.span-in')).toHaveLength(2);
    expect(figure.find('svg line.deadline')).toHaveLength(1);
    expect(figure.find('svg .row-label').first().text()).toContain(HOSTILE.script);
    expect(figure.find('svg .row-label').last().text()).toContain('(stopped)');
    expect(figure.find('.plot svg').attr('width')).toBe('760');
    expect(figure.find('details.marks tbody tr')).toHaveLength(4);
    expect(figure.find('figcaption').text()).not.toContain('hover');
  });

  it('opens with the verdict, the counts by severity, the first failure, the gate rule and the spec', () => {
    expect($('h1 .rv').text()).toBe('FAILED');
    expect($('h1 .target').text()).toBe(result.target.baseUrl);
    const banner = $('.banner').text();
    expect(banner).toContain('owasp-asvs-l2');
    expect(banner).toContain('cookie.sameSite');
    expect(banner).toContain('--fail-on low');
    expect($('.counts .count-fail').first().text()).toMatch(/^\d+ critical failed$/);
    expect($('.banner .first a').attr('href')).toBe('#logout.server-revocation');
    expect($('title').text()).toMatch(/^FAILED · sessionprobe report/);
    const session = $('details.session').text();
    expect(session).toContain('sid');
    expect(session).toContain('discovered by ablation');
    expect(session).toContain('Signed in as');
  });

  it('says PASSED WITH UNVERIFIED CHECKS when the gate passed over inconclusive checks', () => {
    const passed = { ...result, gate: { ...result.gate, passed: true, failing: [] } };
    expect(load(renderHtml(passed))('h1 .rv').text()).toBe('PASSED WITH UNVERIFIED CHECKS');
  });

  it('puts the checks table first, with a skip link and CSS-only filters for verdict, severity and suite', () => {
    expect($('a.skip').attr('href')).toBe('#checks');
    expect($('main > section').first().attr('id')).toBe('checks');
    expect($('.checks-table tbody tr a').map((_, a) => $(a).attr('href')).get()).toEqual(EXPECTED_ORDER.map((id) => `#${id}`));
    expect($('.filters input[type=radio]').length).toBeGreaterThan(8);
    expect($('input[name=fv]:checked').attr('id')).toBe('fv-all');
    expect($('style').text()).toContain('body:has(#fv-fail:checked) .filterable:not(.fv-fail) { display: none; }');
    expect($('style').text()).toContain('body:has(#fu-cookie:checked) .filterable:not(.fu-cookie) { display: none; }');
    expect($('.checks-table tbody tr').first().attr('class')).toBe('filterable fv-fail fs-critical fu-logout');
  });

  it('shows each check on its own: failures open, passes folded, in report order', () => {
    expect($('article.check').map((_, el) => $(el).attr('id')).get()).toEqual(EXPECTED_ORDER);
    expect(article('cookie.secure').children('details').length).toBe(0);
    expect(article('cookie.httponly').children('details').length).toBe(1);
    const revocation = article('logout.server-revocation');
    expect(revocation.find('h3').text()).toBe('The session outlives logout on the server');
    expect(revocation.find('.eo').text()).toContain('the old session ID is rejected after logout');
    expect(revocation.find('.refs a').first().attr('href')).toBe(referenceLink('ASVS v5.0.0-7.4.1').url);
    expect(revocation.find('.fix').text()).toContain('Destroy the session in the server-side store on logout.');
    expect(revocation.find('.fix dt').map((_, el) => $(el).text()).get()).toEqual(['Django', 'PHP sessions']);
    expect($('.check-id').first().find('wbr').length).toBe(1);
  });

  it('shows the deciding evidence inside the check, with links that stay in the article and the whole exchange a click away', () => {
    const fixation = article('fixation.rotate-on-login');
    expect(fixation.find('.deciding pre').first().text()).toMatch(/^#2 /);
    expect(fixation.find('.deciding pre').first().text()).toContain('> GET ');
    expect(fixation.find('.deciding details.exchange').length).toBe(1);
    const links = fixation.find('a.ev').map((_, a) => $(a).attr('href')!.slice(1)).get();
    expect(links).toEqual(['fixation.rotate-on-login--ex2']);
    for (const id of links) expect(fixation.find(`[id="${id}"]`).length).toBe(1);
    expect(fixation.find('.ev-list').text()).toContain('#99');
  });

  it('shows a pass with the positive control it rests on', () => {
    const pass = article('cookie.httponly');
    expect(pass.find('h4').first().text()).toBe('Evidence');
    expect(pass.text()).toContain('Positive control');
    expect(pass.find('.deciding pre').text()).toMatch(new RegExp(`^#${result.session.oracle.authenticated.exchange} `));
    expect(pass.find('.deciding a').attr('href')).toBe(`#ex-${result.session.oracle.authenticated.exchange}`);
  });

  it('shows what a pass without findings rests on: the exchanges it judged, linked into the log', () => {
    const proved = load(renderHtml({ ...result, checks: result.checks.map((c) => (c.id === 'cookie.httponly' ? { ...c, evidence: [2, 3] } : c)) }));
    const pass = proved('article[id="cookie.httponly"]');
    expect(pass.text()).toContain('The pass rests on 2 exchanges: #2, #3. The first:');
    expect(pass.find('.deciding pre').first().text()).toMatch(/^#2 /);
    expect(pass.text()).toContain('right after login the oracle answered logged in');
  });

  it("shows a pass's own positive control, or why no exchange proves it, in every report that shows passes", async () => {
    const checks = result.checks.map((c) =>
      c.id === 'cookie.httponly' ? { ...c, evidence: [3], controls: [2] } : c.id === 'token.length' ? { ...c, evidence: undefined, noExchange: 'compared with the spec alone' } : c,
    );
    const proved = { ...result, checks };
    const $ = load(renderHtml(proved));
    const pass = $('article[id="cookie.httponly"]');
    expect(pass.text()).toContain('The pass rests on exchange #3:');
    expect(pass.text()).toContain('the target accepted what it should here');
    expect(pass.find('.deciding pre').map((_, e) => $(e).text().split(' ')[0]).get()).toEqual(['#3', '#2']);
    expect($('article[id="token.length"]').text()).toContain('No exchange proves this verdict: compared with the spec alone.');
    expect(renderMarkdown(proved)).toMatch(/`cookie\.httponly` \|[^\n]*\| exchanges \\#3; positive control \\#2 \|/);
    const out = renderJunit(proved);
    expect(await junitSchemaErrors(out)).toEqual([]);
    expect(out).toContain('evidence: exchanges #3; positive control #2');
    expect(out).toContain('evidence: no exchange: compared with the spec alone');
    expect(validateReport(JSON.parse(renderJson(proved)))).toEqual([]);
  });

  it('groups a finding seen many times into one entry with its count', () => {
    const grouped = renderHtml({
      ...result,
      checks: result.checks.map((c) =>
        c.id === 'cookie.secure' ? { ...c, findings: [{ message: 'sid has no Secure attribute', cookie: 'sid', exchanges: [2, 3, 4], occurrences: 5, sample: 'Set-Cookie: sid=[masked fp=1 len=2]' }] } : c,
      ),
    });
    const secure = load(grouped)('article[id="cookie.secure"]');
    expect(secure.find('.findings > li')).toHaveLength(1);
    expect(secure.find('.findings').text()).toContain('cookie sid · seen 5 times in 3 exchanges');
    expect(secure.find('pre.sample').text()).toBe('Set-Cookie: sid=[masked fp=1 len=2]');
  });

  it('describes measured values in words and units', () => {
    const measured = load(renderHtml({ ...result, checks: result.checks.map((c) => (c.id === 'token.length' ? { ...c, measured: { capacityBits: 32, specSeconds: 1800, deadByAtMostSeconds: null } } : c)) }));
    const rows = measured('article[id="token.length"] table.measured tr').map((_, tr) => measured(tr).text()).get();
    expect(rows).toEqual(['ID capacity32 bits', 'spec value30m', 'logged out at the latest afternot measured']);
  });

  it('shows waived as its own verdict, with the waiver, the gate, defaults and severity adjustments', () => {
    expect($('.counts').text()).toContain(`${summary.waived} waived`);
    const waived = article('cookie.path');
    expect(waived.hasClass('v-waived')).toBe(true);
    expect(waived.find('.tags .badge').text()).toBe('Waived');
    expect(waived.find('.waiver-note').text()).toContain('waived (the verdict was fail) by waivers[0] (cookie sid) by team-auth, until 2099-12-31');
    expect(article('cookie.secure').find('.waiver-note').text()).toContain('NOT waived: this waiver expired');
    expect($('.waivers li').length).toBe(3);
    expect($('.waivers .w-unused').text()).toContain('unused');
    expect($('.banner').text()).toContain('1 waived');
    expect($('.banner').text()).toContain('sessionprobe defaults');
    expect(article('cookie.httponly').text()).toContain('severity high → medium: NIST SP 800-63B-4 §5.1.1(3) is a SHOULD');
  });

  it('ends with the exchange log, whose entries link back to the checks that cite them; every in-page link has a target', () => {
    expect($('.appendix details.exchange').length).toBe(result.evidence.length);
    expect($('[id="ex-2"] .cited a').map((_, a) => $(a).attr('href')).get()).toContain('#fixation.rotate-on-login');
    expect($('main > section').last().hasClass('context')).toBe(true);
    const targets = new Set($('[id]').map((_, el) => $(el).attr('id')).get());
    const links = $('a[href^="#"]').map((_, el) => $(el).attr('href')!.slice(1)).get();
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(targets, link).toContain(link);
  });

  it('caps the exchange log and says so', () => {
    const big = load(renderHtml(withManyExchanges(result, APPENDIX_LIMIT + 100)));
    expect(big('.appendix details.exchange').length).toBe(APPENDIX_LIMIT);
    expect(big('.appendix').text()).toContain(`The first ${APPENDIX_LIMIT} of ${APPENDIX_LIMIT + 100} exchanges`);
  });
});

describe('html reporter with browser traces', () => {
  it('links each trace file by its path relative to the report, encoded, never leaving the folder', () => {
    const page = renderHtml({ ...result, traces: ['traces/trace-baseline-browser.zip', 'traces/trace-a"b<c.zip', '../../etc/x.zip', 'https://evil.test/t.zip'] });
    const $ = load(page);
    const links = $('.banner .facts a').map((_, a) => $(a).attr('href')).get();
    expect(links).toEqual(['traces/trace-baseline-browser.zip', 'traces/trace-a%22b%3Cc.zip', 'etc/x.zip', 'https%3A/evil.test/t.zip']);
    expect($('.banner').text()).toContain('npx playwright show-trace');
    expect($('.banner').text()).toContain('never share them');
  });
});

describe('html tag', () => {
  it('escapes interpolations but not nested html results', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p title="${`"'\`&`}">${inner}${['<a>', inner]}${null}${false}${3}</p>`.toString()).toBe(
      '<p title="&quot;&#39;&#96;&amp;"><b>&lt;i&gt;</b>&lt;a&gt;<b>&lt;i&gt;</b>3</p>',
    );
  });

  it('cannot be bypassed by constructing trusted markup', () => {
    expect(() => new SafeHtml(Symbol('SafeHtml'), '<script>')).toThrow();
  });
});

describe('markdown reporter', () => {
  const md = renderMarkdown(result);
  const sectionRows = (title: string) => {
    const from = md.indexOf(`### ${title}`);
    const rest = md.slice(from + 4);
    return rest.slice(0, rest.search(/\n(### |<details>|\*\*Waivers)/)).split('\n').filter((l) => /^\| (❌|💥|❔|🔕) /.test(l));
  };

  it('leads with the verdict, the failures by severity, the gate and the spec', () => {
    expect(md.split('\n')[0]).toBe('## ❌ FAILED · sessionprobe: http://127.0.0.1:43117');
    expect(md).toMatch(/- \*\*Failures:\*\* \d+ critical/);
    expect(md).toContain('- **Gate:** failed (fail-on low): logout.server-revocation');
    expect(md).toContain('- **Spec:** owasp-asvs-l2 (overrides: cookie.sameSite, timeouts.idle)');
    expect(md).toContain(`${summary.fail} fail · ${summary.error} error · ${summary.inconclusive} inconclusive · ${summary.waived} waived`);
  });

  it('lists the failures with how to fix each, then the unverified checks, then the waived, in report order', () => {
    const ids = (rows: string[]) => rows.map((r) => /`([^`]+)`/.exec(r)![1]);
    const attention = EXPECTED_ORDER.filter((id) => !['fixation.reject-unknown-id', 'cookie.httponly', 'token.length', 'cache.no-store', 'token.entropy'].includes(id));
    const all = [...ids(sectionRows('Failures')), ...ids(sectionRows('Not verified')), ...ids(sectionRows('Waived'))];
    expect(all).toEqual(attention);
    expect(md.indexOf('### Failures')).toBeLessThan(md.indexOf('### Not verified'));
    const revocation = sectionRows('Failures').find((l) => l.includes('`logout.server-revocation`'))!;
    expect(revocation).toContain('Destroy the session in the server-side store on logout.');
    expect(md).toContain('| 🔕 waived | low | `cookie.path` |');
    expect(md).toContain('NOT waived: this waiver expired');
    expect(md).toContain('<details><summary>5 passed or skipped</summary>');
  });

  it('carries every run notice (e.g. a configured sessionCookie the session lives without), escaped', () => {
    const notices = md.split('\n').filter((l) => l.startsWith('- **Notice (warning):**'));
    expect(notices).toHaveLength(result.notices.length);
    expect(notices[0]).toContain('the target throttled 2 login attempt(s)');
    expect(notices[0]).not.toMatch(/<script|<img/i);
  });

  it('cannot be broken out of by target text: no raw HTML, no table cells, no links, one line per row', () => {
    expect(md).not.toMatch(/<script|<img/i);
    expect(md).not.toMatch(RAW_CONTROLS);
    const revocation = md.split('\n').find((l) => l.includes('`logout.server-revocation`'))!;
    expect(revocation.split(/(?<!\\)\|/).length).toBe(7);
    expect(markdownText('[x](http://evil) | `code` <b>*bold*</b>\nnext')).toBe('\\[x\\](http://evil) \\| \\`code\\` &lt;b&gt;\\*bold\\*&lt;/b&gt; next');
  });
});

describe('planned against actual', () => {
  const scheduled = { ...result, probeTimings: [{ probe: 'timeout' as const, title: 'timeouts', startedAt: result.startedAt, durationMs: 65_140, plannedMs: 63_000 }] };

  it('states the plan’s estimate of the waits and the time they took, in Markdown, HTML and a valid report.json', () => {
    expect(renderMarkdown(scheduled)).toContain('- **Waits:** timeouts planned 1m3s, took 1m5.14s (+3 %)');
    expect(renderMarkdown(result)).not.toContain('**Waits:**');
    expect(load(renderHtml(scheduled))('.facts').text()).toContain('(timeouts planned 1m3s, took 1m5.14s (+3 %))');
    expect(validateReport(JSON.parse(renderJson(scheduled)))).toEqual([]);
  });

  it('states each revision made on the way (when, to what, why, escaped) and the actual against the last estimate and the plan', () => {
    const reason = 'the target logged out the absolute session 3.654s after its login; its readings were planned over 6.801s <b>|</b>';
    const revised = { ...result, probeTimings: [{ probe: 'timeout' as const, title: 'timeouts', startedAt: result.startedAt, durationMs: 5_373, plannedMs: 6_923, revisions: [{ atMs: 3_697, expectedMs: 5_342, reason }] }] };
    const line = 'timeouts planned 6.923s, revised at 3.697s to 5.342s (the target logged out the absolute session 3.654s after its login; its readings were planned over 6.801s';
    const markdown = renderMarkdown(revised);
    expect(markdown).toContain(`- **Waits:** ${line} &lt;b&gt;\\|&lt;/b&gt;), took 5.373s (+1 % against the last estimate, -22 % against the plan)`);
    const page = renderHtml(revised);
    expect(load(page)('.facts').text()).toContain(`${line} <b>|</b>), took 5.373s (+1 % against the last estimate, -22 % against the plan)`);
    expect(page).toContain('&lt;b&gt;|&lt;/b&gt;');
    expect(validateReport(JSON.parse(renderJson(revised)))).toEqual([]);
    const broken = JSON.parse(renderJson(revised)) as { probeTimings: Array<{ revisions: Array<Record<string, unknown>> }> };
    delete broken.probeTimings[0]!.revisions[0]!.reason;
    expect(validateReport(broken)).not.toEqual([]);
  });
});

describe('writeReports', () => {
  it('appends the Markdown summary to $GITHUB_STEP_SUMMARY whatever the formats', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sp-reports-'));
    const summaryFile = path.join(dir, 'step-summary.md');
    await writeFile(summaryFile, '# earlier step\n');
    const files = await writeReports(result, path.join(dir, 'out'), ['junit', 'markdown'], collector().stream, { GITHUB_STEP_SUMMARY: summaryFile });
    expect(files.map((f) => path.basename(f))).toEqual(['junit.xml', 'summary.md', 'step-summary.md']);
    expect(await readFile(summaryFile, 'utf8')).toBe(`# earlier step\n${renderMarkdown(result)}\n`);
    expect(await readFile(path.join(dir, 'out', 'summary.md'), 'utf8')).toBe(renderMarkdown(result));
  });

  it('writes the file reports into a new directory and prints the list', async () => {
    const dir = path.join(await mkdtemp(path.join(tmpdir(), 'sp-reports-')), 'nested', 'out');
    const out = collector();
    const files = await writeReports(result, dir, ['list', 'junit', 'json', 'html'], out.stream, {});
    expect(files.map((f) => path.basename(f))).toEqual(['junit.xml', 'report.json', 'report.html']);
    expect(await readFile(path.join(dir, 'report.json'), 'utf8')).toBe(renderJson(result));
    expect(out.text()).toBe(renderList(result, { color: false }));
  });

  it('creates no directory for a list-only run', async () => {
    const dir = path.join(await mkdtemp(path.join(tmpdir(), 'sp-reports-')), 'out');
    const out = collector();
    expect(await writeReports(result, dir, ['list'], out.stream, {})).toEqual([]);
    await expect(stat(dir)).rejects.toThrow();
    expect(out.text()).toContain('passed,');
  });
});

function collector(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

// A strict, minimal XML 1.0 parser: enough to prove junit.xml is well-formed and to read it back.
interface XmlNode {
  name: string;
  attributes: Record<string, string>;
  children: Array<XmlNode | string>;
}

function parseXml(source: string): XmlNode {
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`malformed XML (${why}) at ${i}: ${JSON.stringify(source.slice(i, i + 40))}`);
  };
  const illegal = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.exec(source);
  if (illegal) {
    i = illegal.index;
    fail('character illegal in XML 1.0');
  }
  const skipSpace = (): void => {
    while (/\s/.test(source[i] ?? '')) i++;
  };
  const expectChar = (ch: string): void => {
    if (source[i] !== ch) fail(`expected ${ch}`);
    i++;
  };
  const readName = (): string => {
    const m = /^[A-Za-z_:][\w.:-]*/.exec(source.slice(i, i + 200));
    if (!m) return fail('expected a name');
    i += m[0].length;
    return m[0];
  };
  const decode = (raw: string): string =>
    raw.replace(/&([^;&]*);|&/g, (whole, entity: string | undefined) => {
      const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
      if (entity === undefined) return fail('bare &');
      if (entity in named) return named[entity]!;
      const num = /^#(x[0-9a-fA-F]+|[0-9]+)$/.exec(entity);
      if (!num) return fail(`unknown entity ${whole}`);
      return String.fromCodePoint(num[1]!.startsWith('x') ? parseInt(num[1]!.slice(1), 16) : parseInt(num[1]!, 10));
    });

  const element = (): XmlNode => {
    expectChar('<');
    const node: XmlNode = { name: readName(), attributes: {}, children: [] };
    for (;;) {
      skipSpace();
      if (source.startsWith('/>', i)) {
        i += 2;
        return node;
      }
      if (source[i] === '>') {
        i++;
        break;
      }
      const name = readName();
      skipSpace();
      expectChar('=');
      skipSpace();
      const quote = source[i];
      if (quote !== '"' && quote !== "'") fail('unquoted attribute');
      const end = source.indexOf(quote!, i + 1);
      if (end < 0) fail('unterminated attribute');
      const raw = source.slice(i + 1, end);
      if (raw.includes('<')) fail('< in attribute');
      if (name in node.attributes) fail(`duplicate attribute ${name}`);
      node.attributes[name] = decode(raw);
      i = end + 1;
    }
    for (;;) {
      if (source.startsWith('</', i)) {
        i += 2;
        if (readName() !== node.name) fail(`mismatched end tag for ${node.name}`);
        skipSpace();
        expectChar('>');
        return node;
      }
      if (source[i] === '<') {
        if (/^<[!?]/.test(source.slice(i, i + 2))) fail('unexpected markup declaration');
        node.children.push(element());
        continue;
      }
      const next = source.indexOf('<', i);
      if (next < 0) fail(`unclosed ${node.name}`);
      const raw = source.slice(i, next);
      if (raw.includes(']]>')) fail(']]> in text');
      node.children.push(decode(raw));
      i = next;
    }
  };

  const prolog = /^<\?xml version="1\.0" encoding="UTF-8"\?>/.exec(source);
  if (!prolog) fail('missing XML declaration');
  i = prolog![0].length;
  skipSpace();
  const root = element();
  skipSpace();
  if (i !== source.length) fail('content after the root element');
  return root;
}

function isElement(node: XmlNode | string): node is XmlNode {
  return typeof node !== 'string';
}

function* walk(node: XmlNode): Generator<XmlNode> {
  yield node;
  for (const child of node.children) if (isElement(child)) yield* walk(child);
}

function count(node: XmlNode, name: string): number {
  return [...walk(node)].filter((e) => e.name === name).length;
}

function find(node: XmlNode, match: (e: XmlNode) => boolean): XmlNode | undefined {
  return [...walk(node)].find(match);
}

function text(node: XmlNode): string {
  return node.children.map((c) => (isElement(c) ? text(c) : c)).join('');
}

function allText(node: XmlNode): string {
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- the children that are not elements are text
  return [...walk(node)].map((e) => `${Object.values(e.attributes).join(' ')} ${e.children.filter((c) => !isElement(c)).join('')}`).join('\n');
}
