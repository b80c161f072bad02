import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { CHECKS } from '../../suites/index.js';
import { withChecksTable } from '../../src/judge/catalogue.js';

describe('README', () => {
  it('has the check table generated from check metadata (run scripts/checks-table.mjs)', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toBe(withChecksTable(readme, CHECKS));
  });

  it('opens with the demo and the test command', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain('npm ci && npm run build && npx sessionprobe demo --out demo-out');
    expect(readme).toContain('bash scripts/test.sh');
  });
});
