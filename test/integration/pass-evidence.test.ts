/**
 * Every pass of a real run cites what proved it: exchanges recorded in that run's report.json (and its
 * positive controls), or why no exchange does; report.html shows them inline in the passed check. The
 * shared example runs (test/fixtures/example-runs.ts) feed it, so it adds no run of its own.
 */
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { load } from 'cheerio';
import { exampleRun } from '../fixtures/example-runs.js';
import { EXAMPLES } from '../../examples/index.js';
import { declaredVerdicts } from '../../examples/expected.js';

interface ReportedPass {
  id: string;
  verdict: string;
  evidence?: number[];
  controls?: number[];
  noExchange?: string;
}

async function reportOf(example: string): Promise<{ out: string; checks: ReportedPass[]; exchanges: Set<number> }> {
  const { out } = await exampleRun(example);
  const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as { checks: ReportedPass[]; evidence: Array<{ id: number }> };
  return { out, checks: report.checks, exchanges: new Set(report.evidence.map((e) => e.id)) };
}

describe('pass evidence in real runs', () => {
  it.each(EXAMPLES.map((e) => [e.name, e.dir]))('%s: every pass cites exchanges its report.json records, or says why none', async (example, dir) => {
    const { checks, exchanges } = await reportOf(example);
    const passes = checks.filter((c) => c.verdict === 'pass');
    // Not vacuous: every pass the example declares is among them (an example may exist to show failures only).
    const declared = Object.entries((await declaredVerdicts(dir)).checks).filter(([, verdict]) => verdict === 'pass');
    expect(passes.map((p) => p.id)).toEqual(expect.arrayContaining(declared.map(([id]) => id)));
    const problems = passes.flatMap((pass) => {
      const unrecorded = [...(pass.evidence ?? []), ...(pass.controls ?? [])].filter((id) => !exchanges.has(id));
      return [
        ...(pass.evidence?.length || pass.noExchange ? [] : [`${pass.id} cites nothing`]),
        ...(unrecorded.length > 0 ? [`${pass.id} cites exchanges the run did not record: ${unrecorded.join(', ')}`] : []),
      ];
    });
    expect(problems).toEqual([]);
  }, 600_000);

  it("conformant's report.html shows logout.server-revocation's refused replay and the control that stayed logged in", async () => {
    const { out } = await reportOf('conformant');
    const $ = load(await readFile(path.join(out, 'report.html'), 'utf8'));
    const article = $('article[id="logout.server-revocation"]');
    expect(article.hasClass('v-pass')).toBe(true);
    expect(article.find('h4').map((_, h) => $(h).text()).get()).toContain('Evidence');
    const [replay, control] = article.find('.deciding pre').map((_, pre) => $(pre).text()).get();
    // The first proof is a replay from a fresh client, refused; the control is a session that was never logged out.
    expect(replay).toMatch(/^#\d+ replay/);
    expect(replay).toContain('oracle: logged out');
    expect(control).toContain('oracle: logged in');
    expect(article.text()).toMatch(/The pass rests on \d+ exchanges: #\d+/);
    expect(article.text()).toContain('the target accepted what it should here');
    // Each cited exchange is one click away in the exchange log.
    for (const href of article.find('.ev-list a').map((_, a) => $(a).attr('href')).get()) expect($(`[id="${href.slice(1)}"]`).length, href).toBe(1);
  }, 600_000);
});
