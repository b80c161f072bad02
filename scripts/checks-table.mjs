// Rewrites the README's check table from check metadata. Run after `npm run build`.
import { readFileSync, writeFileSync } from 'node:fs';
import { CHECKS } from '../dist/suites/index.js';
import { withChecksTable } from '../dist/src/judge/catalogue.js';

const file = new URL('../README.md', import.meta.url);
writeFileSync(file, withChecksTable(readFileSync(file, 'utf8'), CHECKS));
