/**
 * The per-device sequence (HTML report) and run notices (HTML and console), derived from the evidence.
 */
import { describe, expect, it } from 'vitest';
import { load } from 'cheerio';
import { deviceSequence } from '../../reports/sequence.js';
import { renderHtml, renderList } from '../../reports/index.js';
import { HOSTILE, runResultFixture } from '../fixtures/run-result.js';
import { exchange } from '../fixtures/evidence.js';
import type { RunResult } from '../../src/model/result.js';

const EVIDENCE = [
  exchange({ id: 1, device: 'B', step: 'login: get form' }),
  exchange({ id: 2, device: 'B', step: 'login: submit form', method: 'POST', status: 303 }),
  exchange({ id: 3, device: 'B', step: 'login: submit form' }),
  { ...exchange({ id: 4, device: 'A', step: 'password change: submit form', method: 'POST', status: 303 }) },
  { ...exchange({ id: 5, device: 'B', step: `after A changed the password ${HOSTILE.script}` }), oracle: { answer: 'yes' as const, reason: `answered 200 ${HOSTILE.attribute}` } },
];

describe('device sequence', () => {
  it('folds consecutive exchanges of one device and step into one row, in order, with the oracle answer', () => {
    expect(deviceSequence(EVIDENCE).map((r) => [r.device, r.step, r.exchanges, r.outcome])).toEqual([
      ['B', 'login: get form', [1], { status: 200 }],
      ['B', 'login: submit form', [2, 3], { status: 200 }],
      ['A', 'password change: submit form', [4], { status: 303 }],
      ['B', `after A changed the password ${HOSTILE.script}`, [5], { oracle: { answer: 'yes', reason: `answered 200 ${HOSTILE.attribute}` } }],
    ]);
  });

  it('shows who did what in the HTML report, escaped', () => {
    const result: RunResult = { ...runResultFixture(), evidence: EVIDENCE };
    const page = renderHtml(result);
    const $ = load(page);
    const rows = $('section.sequence tbody tr').toArray().map((tr) => $(tr).find('td').toArray().map((td) => $(td).text()));
    expect(rows.map((r) => r.slice(1, 4))).toEqual([
      ['B', 'login: get form', 'HTTP 200'],
      ['B', 'login: submit form', 'HTTP 200'],
      ['A', 'password change: submit form', 'HTTP 303'],
      ['B', `after A changed the password ${HOSTILE.script}`, `logged in answered 200 ${HOSTILE.attribute}`],
    ]);
    expect(page).not.toContain(HOSTILE.script);
    expect($('script').length).toBe(0);
  });

  it('puts run notices at the top of the HTML report and under the console list', () => {
    const result = runResultFixture();
    const $ = load(renderHtml(result));
    expect($('.masthead .notices li.n-warning').text()).toMatch(/throttled 2 login attempt/);
    const list = renderList(result, { color: false });
    expect(list).toMatch(/\* the target throttled 2 login attempt\(s\)/);
    expect(list).not.toContain('\u001b[31m');
  });
});
