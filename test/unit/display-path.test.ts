import { describe, expect, it } from 'vitest';
import { displayPath } from '../../src/display-path.js';

describe('displayPath', () => {
  it.each([
    ['/work/app/sessionprobe.yaml', '/work/app', 'sessionprobe.yaml'],
    ['/work/app/ci/staging.yaml', '/work/app', 'ci/staging.yaml'],
    ['ci/staging.yaml', '/work/app', 'ci/staging.yaml'],
    ['/etc/sessionprobe/prod.yaml', '/work/app', 'prod.yaml'],
    ['/work/other/sp.yaml', '/work/app', 'sp.yaml'],
  ])('%s seen from %s is %s', (file, cwd, shown) => {
    expect(displayPath(file, cwd)).toBe(shown);
  });
});
