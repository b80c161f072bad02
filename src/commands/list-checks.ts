/**
 * `sessionprobe list-checks`: the catalogue, generated from check metadata.
 */
import { CHECKS } from '../../suites/index.js';

export function listChecksCommand(args: { json?: boolean }, out: NodeJS.WritableStream): void {
  const rows = CHECKS.map(({ meta }) => ({
    id: meta.id,
    suite: meta.suite,
    severity: meta.severity,
    title: meta.title,
    procedure: meta.procedure,
    refs: meta.refs,
  }));
  if (args.json) {
    out.write(JSON.stringify(rows, null, 2) + '\n');
    return;
  }
  const idWidth = Math.max(...rows.map((r) => r.id.length));
  for (const r of rows) out.write(`${r.id.padEnd(idWidth)}  ${r.severity.padEnd(8)}  ${r.title}\n`);
  out.write(`${rows.length} checks\n`);
}
