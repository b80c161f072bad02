import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { load } from 'cheerio';
import { validateReport } from '../fixtures/report-schema.js';
import { orderChecks, renderHtml, renderJson, renderJunit, renderList, renderMarkdown, writeReports } from '../../reports/index.js';
import { html, markdownText, SafeHtml } from '../../reports/escape.js';
import { APPENDIX_LIMIT } from '../../reports/html.js';
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

  it('is well-formed XML with a testcase per check and the matching outcome elements', () => {
    expect(root.name).toBe('testsuites');
    expect(count(root, 'testcase')).toBe(result.checks.length);
    expect(count(root, 'failure')).toBe(summary.fail);
    expect(count(root, 'error')).toBe(summary.error + summary.inconclusive);
    expect(count(root, 'skipped')).toBe(summary.skipped + summary.waived);
    expect(root.attributes).toMatchObject({
      tests: String(result.checks.length),
      failures: String(summary.fail),
      errors: String(summary.error + summary.inconclusive),
      skipped: String(summary.skipped + summary.waived),
      time: '74.250',
    });
  });

  it('has one testsuite per suite with its own totals, and testcases named and classed by check', () => {
    const suites = root.children.filter(isElement);
    expect(suites.map((s) => s.attributes.name)).toEqual(['logout', 'cookie', 'fixation', 'token', 'cache']);
    for (const suite of suites) {
      const cases = suite.children.filter(isElement).filter((c) => c.name === 'testcase');
      expect(suite.attributes.tests).toBe(String(cases.length));
      expect(suite.attributes.failures).toBe(String(count(suite, 'failure')));
      for (const c of cases) {
        const check = result.checks.find((r) => c.attributes.name === `${r.id}: ${r.title}`);
        expect(check, c.attributes.name).toBeDefined();
        expect(c.attributes.classname).toBe(`sessionprobe.${suite.attributes.name}`);
      }
    }
  });

  it('says what was expected and observed, typed by severity or by verdict', () => {
    const revocation = find(root, (e) => e.name === 'testcase' && e.attributes.name!.startsWith('logout.server-revocation'))!;
    const failure = revocation.children.filter(isElement)[0]!;
    expect(failure.name).toBe('failure');
    expect(failure.attributes.type).toBe('critical');
    expect(failure.attributes.message).toContain('expected the old session ID is rejected after logout; observed');
    expect(text(failure)).toContain(`replaying sid after logout: oracle answered yes (${HOSTILE.script}) (evidence: #7, #9)`);
    const inconclusive = find(root, (e) => e.name === 'testcase' && e.attributes.name!.startsWith('cookie.samesite'))!;
    expect(inconclusive.children.filter(isElement)[0]!.attributes.type).toBe('inconclusive');
    const noStore = find(root, (e) => e.name === 'testcase' && e.attributes.name!.startsWith('cache.no-store'))!;
    const skipped = noStore.children.filter(isElement)[0]!;
    expect(skipped.name).toBe('skipped');
    expect(skipped.attributes.message).toBe('the spec does not ask for Cache-Control: no-store');
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

  it('declares a strict CSP and loads nothing: no script, no external resource, in-page links only', () => {
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
    expect($('script, link, iframe, object, embed, base, img, form').length).toBe(0);
    $('*').each((_, el) => {
      for (const [name, value] of Object.entries('attribs' in el ? el.attribs : {})) {
        expect(name, `attribute ${name} on <${'name' in el ? el.name : '?'}>`).not.toMatch(/^(on|src$|srcset$|action$|formaction$|style$)/);
        if (name === 'href') expect(value).toMatch(/^#/);
      }
    });
    expect($('style').text()).not.toMatch(/url\(|@import/);
  });

  it('escapes every target-controlled payload instead of emitting it', () => {
    expect(page).not.toMatch(/<script|<img/i);
    expect(page).not.toMatch(/onerror=alert\(1\)>/);
    expect(page).not.toMatch(RAW_CONTROLS);
    expect(page).not.toMatch(/(src|href)\s*=\s*["']?https?:/i);
    const body = $('body').text();
    expect(body).toContain(HOSTILE.script);
    expect(body).toContain(HOSTILE.attribute);
    expect(body).toContain('\\x00');
    expect(body).toContain('\\x1b[31m');
  });

  it('draws each timeline as inline SVG: a row per session, a mark per request, the bracket and the deadline', () => {
    const $t = load(renderHtml(withTimeline(result)));
    expect($t('.masthead .warn').text()).toBe('Partial run: the run was interrupted (Ctrl-C).');
    const figure = $t('#check-timeout\\.idle figure.timeline');
    expect(figure.find('p.bracket').text()).toBe('Measured idle timeout: still logged in 3.8s after the last request, never seen logged out (spec: 3s)');
    expect(figure.find('svg g.row')).toHaveLength(2);
    expect(figure.find('svg rect.mark')).toHaveLength(4);
    expect(figure.find('svg rect.m-in')).toHaveLength(2);
    expect(figure.find('svg rect.span-in')).toHaveLength(2);
    expect(figure.find('svg line.deadline')).toHaveLength(1);
    expect(figure.find('svg .row-label').first().text()).toContain(HOSTILE.script);
    expect(figure.find('svg .row-label').last().text()).toContain('(stopped)');
  });

  it('opens with the target, the spec, verdict counts and how the session was identified', () => {
    expect($('h1').text()).toBe(result.target.baseUrl);
    expect($('.masthead').text()).toContain('owasp-asvs-l2');
    expect($('.masthead').text()).toContain('cookie.sameSite');
    expect($('.badges .v-fail strong').text()).toBe(String(summary.fail));
    const session = $('.session').text();
    expect(session).toContain('sid');
    expect(session).toContain('discovered by ablation');
    expect(session).toContain('Signed in as');
  });

  it('shows checks in report order, with expectation, observation, references and the evidence of their findings', () => {
    expect($('article.check').map((_, el) => $(el).attr('id')).get()).toEqual(EXPECTED_ORDER.map((id) => `check-${id}`));
    const revocation = $('#check-logout\\.server-revocation');
    expect(revocation.find('h3').text()).toBe('The session outlives logout on the server');
    expect(revocation.find('.eo').text()).toContain('the old session ID is rejected after logout');
    expect(revocation.find('.refs').text()).toContain('WSTG-SESS-06');
    expect(revocation.find('details.evidence').attr('open')).toBeDefined();
    const shown = revocation.find('details.exchange .ex-id').map((_, el) => $(el).text()).get();
    expect(shown).toEqual(['#7', '#9']);
    expect(revocation.find('details.exchange').first().text()).toContain('device A · step logout: request');
    expect($('#check-fixation\\.rotate-on-login').text()).toContain('Exchange #99 is not in the evidence log.');
  });

  it('shows waived as its own verdict, with the waiver, the gate, defaults and severity adjustments', () => {
    expect($('.badges .v-waived strong').text()).toBe(String(summary.waived));
    const waived = $('#check-cookie\\.path');
    expect(waived.hasClass('v-waived')).toBe(true);
    expect(waived.find('.tags .badge').text()).toBe('Waived');
    expect(waived.find('.waiver-note').text()).toContain('waived (the verdict was fail) by waivers[0] (cookie sid) by team-auth, until 2099-12-31');
    expect($('#check-cookie\\.secure .waiver-note').text()).toContain('NOT waived: this waiver expired');
    expect($('.waivers li').length).toBe(3);
    expect($('.waivers .w-unused').text()).toContain('unused');
    expect($('.gate').text()).toContain('failed (fail-on low)');
    expect($('.masthead').text()).toContain('sessionprobe defaults');
    expect($('#check-cookie\\.httponly').text()).toContain('severity high → medium: NIST SP 800-63B-4 §5.1.1(3) is a SHOULD');
  });

  it('has an appendix with every exchange, each an anchor the findings link to', () => {
    expect($('.appendix details.exchange').length).toBe(result.evidence.length);
    const targets = new Set($('[id]').map((_, el) => $(el).attr('id')).get());
    const links = $('a[href^="#"]').map((_, el) => $(el).attr('href')!.slice(1)).get();
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(targets, link).toContain(link);
  });

  it('caps the appendix and says so', () => {
    const big = load(renderHtml(withManyExchanges(result, APPENDIX_LIMIT + 100)));
    expect(big('.appendix details.exchange').length).toBe(APPENDIX_LIMIT);
    expect(big('.appendix').text()).toContain(`The first ${APPENDIX_LIMIT} of ${APPENDIX_LIMIT + 100} exchanges`);
  });
});

describe('html reporter with browser traces', () => {
  it('links each trace file by its path relative to the report, encoded, never leaving the folder', () => {
    const page = renderHtml({ ...result, traces: ['traces/trace-baseline-browser.zip', 'traces/trace-a"b<c.zip', '../../etc/x.zip', 'https://evil.test/t.zip'] });
    const $ = load(page);
    const links = $('.masthead a').map((_, a) => $(a).attr('href')).get();
    expect(links).toEqual(['traces/trace-baseline-browser.zip', 'traces/trace-a%22b%3Cc.zip', 'etc/x.zip', 'https%3A/evil.test/t.zip']);
    expect($('.masthead').text()).toContain('npx playwright show-trace');
    expect($('.masthead').text()).toContain('never share them');
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

  it('leads with the gate, the spec and the counts, then a row per check that needs attention', () => {
    expect(md.split('\n')[0]).toBe('## ❌ sessionprobe: http://127.0.0.1:43117');
    expect(md).toContain('- **Gate:** failed (fail-on low): logout.server-revocation');
    expect(md).toContain('- **Spec:** owasp-asvs-l2 (overrides: cookie.sameSite, timeouts.idle)');
    expect(md).toContain(`${summary.fail} fail · ${summary.error} error · ${summary.inconclusive} inconclusive · ${summary.waived} waived`);
    const rows = md.split('\n').filter((l) => /^\| (❌|💥|❔|🔕) /.test(l));
    expect(rows.map((r) => /`([^`]+)`/.exec(r)![1])).toEqual(EXPECTED_ORDER.filter((id) => !['fixation.reject-unknown-id', 'cookie.httponly', 'token.length', 'cache.no-store', 'token.entropy'].includes(id)));
    expect(md).toContain('| 🔕 waived | low | `cookie.path` |');
    expect(md).toContain('NOT waived: this waiver expired');
    expect(md).toContain('<details><summary>5 passed or skipped</summary>');
  });

  it('cannot be broken out of by target text: no raw HTML, no table cells, no links, one line per row', () => {
    expect(md).not.toMatch(/<script|<img/i);
    expect(md).not.toMatch(RAW_CONTROLS);
    const revocation = md.split('\n').find((l) => l.includes('`logout.server-revocation`'))!;
    expect(revocation.split(/(?<!\\)\|/).length).toBe(6);
    expect(markdownText('[x](http://evil) | `code` <b>*bold*</b>\nnext')).toBe('\\[x\\](http://evil) \\| \\`code\\` &lt;b&gt;\\*bold\\*&lt;/b&gt; next');
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
