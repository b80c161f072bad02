// `npm run bench [-- name ...]`: sessionprobe's benchmarks, one entry point, each benchmark named
// (all of them without a name). Run after `npm run build` (`npm run bench` builds first). Figures go to
// stdout; timing limits belong here, never in unit tests: a benchmark over its limit makes the exit code 1.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const dist = (p) => path.join(repo, 'dist', p);

const s = (ms) => `${(ms / 1000).toFixed(2)} s`;

const BENCHMARKS = {
  /**
   * The timeout suite's wall time against the renewing timeouts example (idle 3s, absolute 8s, a new ID every 2s): a
   * run must last about as long as its longest mandated wait (A+g), not the sum of its waits. Limit:
   * 1.25 × (A+g) + 2s.
   */
  async 'timeout-suite'() {
    const IDLE_MS = 3_000;
    const ABSOLUTE_MS = 8_000;
    const { startServer } = await import(dist('examples/timeouts/server.js'));
    const dir = await mkdtemp(path.join(tmpdir(), 'sp-bench-'));
    const server = await startServer({ mode: 'renewing', idleMs: IDLE_MS, absoluteMs: ABSOLUTE_MS });
    try {
      const example = await readFile(path.join(repo, 'examples/timeouts/renewing/sessionprobe.yaml'), 'utf8');
      const config = path.join(dir, 'sessionprobe.yaml');
      await writeFile(config, example.replace(/absolute: \S+/, `absolute: ${ABSOLUTE_MS / 1000}s`).replace(/idle: \S+/, `idle: ${IDLE_MS / 1000}s`));
      const t0 = performance.now();
      const code = await cli(['run', '--config', config, '--base-url', server.url, '--suite', 'timeout', '--out', dir, '--reporter', 'json']);
      const wallMs = performance.now() - t0;
      const report = JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8'));
      const absolute = report.checks.find((c) => c.id === 'timeout.absolute');
      const graceMs = absolute.measured.graceSeconds * 1000;
      const longestMs = ABSOLUTE_MS + graceMs;
      const limitMs = 1.25 * longestMs + 2_000;
      const allPass = report.checks.every((c) => c.verdict === 'pass');
      if (wallMs > limitMs || code !== 0 || !allPass) process.exitCode = 1;
      return [
        `against an example target with idle ${s(IDLE_MS)} and absolute ${s(ABSOLUTE_MS)}`,
        ...report.checks.map((c) => `  ${c.id.padEnd(24)} ${c.verdict}`),
        `total wall time        ${s(wallMs)}  (CLI start to exit: process start, login, every probe, reports)`,
        `longest mandated wait  ${s(longestMs)}  (absolute ${s(ABSOLUTE_MS)} + grace ${s(graceMs)})`,
        `ratio                  ${(wallMs / longestMs).toFixed(3)}`,
        `limit                  ${s(limitMs)}  (1.25 × (absolute + grace) + 2 s): ${wallMs <= limitMs ? 'within' : 'EXCEEDED'}`,
        ...(code !== 0 || !allPass ? [`the run did not pass every timeout check (exit ${code})`] : []),
      ];
    } finally {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  },

  /**
   * One account and a session limit enforced by the app (examples/limited: express-session, the oldest
   * session evicted, or the next login refused), idle 8s / absolute 30s / grace 1s. Rows: the timeout
   * suite and the whole run with maxSessions 3 (limits 1.10 × (A+g) + 3 s and 1.15 × (A+g) + 10 s), the
   * timeout suite with maxSessions 1, evict-oldest and reject ((A+g) + 3T + 5 s), each with the plan's
   * estimate against the actual time; every verdict as in the same run against the app without a limit.
   */
  async 'limited-account'() {
    const IDLE_MS = 8_000;
    const ABSOLUTE_MS = 30_000;
    const { startServer } = await import(dist('examples/limited/server.js'));
    const dir = await mkdtemp(path.join(tmpdir(), 'sp-bench-'));
    const example = await readFile(path.join(repo, 'examples/limited/sessionprobe.yaml'), 'utf8');
    /** One run against the app with `appLimit` sessions; the spec states `specLimit`. */
    const run = async (name, { appLimit, specLimit, onExceed = 'evict-oldest', suite }) => {
      const server = await startServer({ maxSessions: appLimit, onExceed, idleMs: IDLE_MS, absoluteMs: ABSOLUTE_MS });
      try {
        const config = path.join(dir, `${name}.yaml`);
        const out = path.join(dir, name);
        await writeFile(
          config,
          example
            .replace(/idle: \S+/, `idle: ${IDLE_MS / 1000}s`)
            .replace(/absolute: \S+/, `absolute: ${ABSOLUTE_MS / 1000}s`)
            .replace(/grace: \S+/, 'grace: 1s')
            .replace(/maxSessions: 2 .*\n/, `maxSessions: ${specLimit ?? 'null'}\n`)
            .replace(/onExceed: \S+/, specLimit === null ? '' : `onExceed: ${onExceed}`),
        );
        const t0 = performance.now();
        await cli(['run', '--config', config, '--base-url', server.url, '--out', out, '--reporter', 'json', ...(suite ? ['--suite', suite] : [])]);
        const wallMs = performance.now() - t0;
        const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8'));
        return { wallMs, report };
      } finally {
        await server.close();
      }
    };
    const verdicts = (report, ids) => Object.fromEntries(report.checks.filter((c) => ids(c.id)).map((c) => [c.id, c.verdict]));
    try {
      const unlimited = await run('unlimited', { appLimit: 1000, specLimit: null });
      const g = unlimited.report.checks.find((c) => c.id === 'timeout.absolute').measured.graceSeconds * 1000;
      const longestMs = ABSOLUTE_MS + g;
      const timeoutIds = (id) => id.startsWith('timeout.');
      // Its verdict depends on the limit the spec states, by definition.
      const runIds = (id) => id !== 'concurrency.limit';
      const rows = [
        { name: 'maxSessions 3, timeout suite', options: { appLimit: 3, specLimit: 3, suite: 'timeout' }, limitMs: 1.1 * longestMs + 3_000, limit: '1.10 × (A+g) + 3 s', ids: timeoutIds },
        { name: 'maxSessions 3, whole run', options: { appLimit: 3, specLimit: 3 }, limitMs: 1.15 * longestMs + 10_000, limit: '1.15 × (A+g) + 10 s', ids: runIds },
        { name: 'maxSessions 1 evict, timeout suite', options: { appLimit: 1, specLimit: 1, suite: 'timeout' }, limitMs: longestMs + 3 * IDLE_MS + 5_000, limit: '(A+g) + 3T + 5 s', ids: timeoutIds },
        { name: 'maxSessions 1 reject, timeout suite', options: { appLimit: 1, specLimit: 1, onExceed: 'reject', suite: 'timeout' }, limitMs: longestMs + 3 * IDLE_MS + 5_000, limit: '(A+g) + 3T + 5 s', ids: timeoutIds },
      ];
      const lines = [`one account, idle ${s(IDLE_MS)}, absolute ${s(ABSOLUTE_MS)}, A+g ${s(longestMs)}; the app without a limit: whole run ${s(unlimited.wallMs)}`];
      for (const row of rows) {
        const { wallMs, report } = await run(row.name.replace(/\W+/g, '-'), row.options);
        const want = verdicts(unlimited.report, row.ids);
        const got = verdicts(report, row.ids);
        const differ = Object.keys(want).filter((id) => want[id] !== got[id]);
        const planned = plannedProbe(report);
        const accuracy = planned ? planAccuracy(planned) : null;
        const ok = wallMs <= row.limitMs && differ.length === 0 && accuracy?.within === true;
        if (!ok) process.exitCode = 1;
        lines.push(
          `${row.name.padEnd(36)} ${s(wallMs)} = ${(wallMs / longestMs).toFixed(3)} × (A+g); limit ${row.limit} = ${s(row.limitMs)}: ${wallMs <= row.limitMs ? 'within' : 'EXCEEDED'}`,
          `${''.padEnd(36)} ${accuracy ? accuracy.text : 'no plan'}; verdicts ${differ.length ? `DIFFER: ${differ.map((id) => `${id} ${got[id]} (unlimited: ${want[id]})`).join(', ')}` : `identical to the unlimited run (${Object.keys(want).length} checks)`}`,
        );
      }
      return lines;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },

  /**
   * The plan's estimate of the timeout waits against the time they took, on every bundled example (ONLY=name,...
   * for some), each a whole `sessionprobe demo` run, so the waits share the target with everything that runs
   * alongside them, and the demo also confirms the example's declared verdicts. Limit: the estimate in force
   * at the end (the plan, or its last revision) within 10 %.
   */
  async 'plan-accuracy'() {
    const { EXAMPLES } = await import(dist('examples/index.js'));
    const only = process.env.ONLY?.split(',');
    const lines = [];
    for (const example of EXAMPLES.filter((e) => !only || only.includes(e.name))) {
      const out = await mkdtemp(path.join(tmpdir(), 'sp-bench-'));
      try {
        const { code, stdout, stderr } = await cli(['demo', '--example', example.name, '--out', out], { quiet: true });
        const report = JSON.parse(await readFile(path.join(out, example.name, 'report.json'), 'utf8').catch(() => 'null'));
        // The demo lists the verdicts that differ from the declared ones (a run that broke says why on stderr).
        const why = report ? stdout.split('\n').filter((l) => l.startsWith(`  ${example.name}: `)).map((l) => l.trim()) : stderr.trim().split('\n').slice(-3);
        const verdicts = code === 0 ? 'verdicts as declared' : `DEMO EXIT ${code}: ${why.join(' / ')}`;
        if (code !== 0) process.exitCode = 1;
        const planned = report && plannedProbe(report);
        if (!planned) {
          lines.push(`${example.name.padEnd(24)} no timed waits planned; whole run ${report ? s(report.durationMs) : '?'}; ${verdicts}`);
          continue;
        }
        const accuracy = planAccuracy(planned);
        if (!accuracy.within) process.exitCode = 1;
        lines.push(`${example.name.padEnd(24)} ${accuracy.text}; whole run ${s(report.durationMs)}; ${verdicts}`);
      } finally {
        await rm(out, { recursive: true, force: true });
      }
    }
    return lines;
  },

  /** Session IDs sampled per second from loopback example targets (pre-auth IDs, keep-alive pool), end to end through the CLI. */
  async 'token-sampling'() {
    const { EXAMPLES } = await import(dist('examples/index.js'));
    const lines = [];
    for (const name of ['conformant', 'hardened']) {
      const example = EXAMPLES.find((e) => e.name === name);
      const server = await example.start();
      const tmp = await mkdtemp(path.join(tmpdir(), 'sp-bench-'));
      try {
        const config = (await readFile(path.join(example.dir, 'sessionprobe.yaml'), 'utf8'))
          .replace('ca: ../tls/ca.pem', `ca: ${path.join(example.dir, '..', 'tls', 'ca.pem')}`)
          .replace(/spec:\n/, 'spec:\n  token: { samples: 20000 }\n');
        const file = path.join(tmp, 'sessionprobe.yaml');
        await writeFile(file, config);
        await cli(['run', '--config', file, '--base-url', server.url, '--out', tmp, '--check', 'token.entropy', '--reporter', 'json']);
        const report = JSON.parse(await readFile(path.join(tmp, 'report.json'), 'utf8'));
        const m = report.checks.find((c) => c.id === 'token.entropy').measured;
        lines.push(`${name.padEnd(11)} ${server.url.split(':')[0].padEnd(5)} ${m.samples} IDs in ${(m.samplingMs / 1000).toFixed(1)} s = ${m.idsPerSecond} IDs/s; analysis ${m.analysisMs} ms; estimate ${m.effectiveBits} bits`);
      } finally {
        await server.close();
        await rm(tmp, { recursive: true, force: true });
      }
    }
    return lines;
  },

  /**
   * The CPU time of a CLI start, which every CI gate pays and the test suite some 300 times: the median of 5
   * starts each of `--version`, `list-checks` and `validate` (the last two load the check catalogue and, for
   * validate, the config schema). Limits: 0.3, 0.8 and 1.0 CPU-seconds.
   */
  async 'cli-start'() {
    const commands = [
      ['--version', ['--version'], 0.3],
      ['list-checks', ['list-checks'], 0.8],
      ['validate', ['validate', '--config', path.join(repo, 'examples/conformant/sessionprobe.yaml')], 1.0],
    ];
    const lines = [];
    for (const [name, args, limit] of commands) {
      const seconds = [];
      for (let i = 0; i < 5; i++) seconds.push(await cliCpuSeconds(args));
      const median = seconds.sort((a, b) => a - b)[2];
      if (median > limit) process.exitCode = 1;
      lines.push(`${name.padEnd(12)} ${median.toFixed(2)} CPU-s (median of 5; limit ${limit}: ${median <= limit ? 'within' : 'EXCEEDED'})`);
    }
    return lines;
  },

  /**
   * Config loading and glob matching on hostile sizes (test/unit/config-hardening.test.ts checks the answers):
   * a duplicate among 40,000 keys found in under 5 s, and globs that make a backtracking matcher explode
   * answered in under 10 ms.
   */
  async 'config-scale'() {
    const { loadConfig } = await import(dist('src/config/load.js'));
    const { globMatcher } = await import(dist('src/glob.js'));
    const dir = await mkdtemp(path.join(tmpdir(), 'sp-bench-'));
    try {
      const file = path.join(dir, 'sessionprobe.yaml');
      const keys = Array.from({ length: 40_000 }, (_, i) => `    k${i}: ${i}`);
      const target = ['target:', '  baseUrl: http://127.0.0.1:3000', '  account: { username: alice, password: x }', '  login: { form: { url: /login } }', '  authenticated: { url: /account }'];
      await writeFile(file, [...target, '  tls:', '    x: 1', ...keys, '    k7: again'].join('\n'));
      const t0 = performance.now();
      const found = await loadConfig(file).then(
        () => false,
        (e) => (e.problems ?? []).some((p) => p.message.startsWith('duplicate key "k7"')),
      );
      const loadMs = performance.now() - t0;
      const t1 = performance.now();
      const globsRight = !globMatcher(`${'*'.repeat(30)}!`)('cookie.'.repeat(1_000)) && !globMatcher(`${'*a'.repeat(29)}*b`)('a'.repeat(5_000));
      const globMs = performance.now() - t1;
      if (!found || loadMs >= 5_000 || !globsRight || globMs >= 10) process.exitCode = 1;
      return [
        `duplicate among 40,000 keys ${found ? 'found' : 'NOT FOUND'} in ${loadMs.toFixed(0)} ms (${loadMs < 5_000 ? 'under' : 'OVER'} 5 s)`,
        `30-star and 30-wildcard globs ${globsRight ? 'answered' : 'answered WRONGLY'} in ${globMs.toFixed(2)} ms (${globMs < 10 ? 'under' : 'OVER'} 10 ms)`,
      ];
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },

  /**
   * The README's "first run against your staging app" on the conformant example, each command a fresh
   * process as a user types them: `discover --write`, `run --dry-run`, `run`. Issue 19 promises a first
   * report in minutes; the limit is one (60 s), and the run must end with its report (exit 0 or 1).
   */
  async 'first-run'() {
    const { startServer } = await import(dist('examples/conformant/server.js'));
    const dir = await mkdtemp(path.join(tmpdir(), 'sp-bench-'));
    const server = await startServer();
    process.env.SP_BENCH_PASSWORD = 'correct-horse-battery-staple';
    try {
      const config = path.join(dir, 'sessionprobe.yaml');
      const steps = [
        ['discover', ['discover', server.url, '--username', 'alice', '--password-env', 'SP_BENCH_PASSWORD', '--write', config]],
        ['run --dry-run', ['run', '--dry-run', '--config', config]],
        ['run', ['run', '--config', config, '--out', path.join(dir, 'report'), '--reporter', 'json']],
      ];
      const lines = [];
      let totalMs = 0;
      for (const [name, args] of steps) {
        const t0 = performance.now();
        const { code } = await cli(args, { quiet: true });
        const ms = performance.now() - t0;
        totalMs += ms;
        lines.push(`${name.padEnd(14)} ${s(ms)}  (exit ${code})`);
        if (code !== 0 && !(name === 'run' && code === 1)) process.exitCode = 1;
      }
      const reported = await readFile(path.join(dir, 'report', 'report.json'), 'utf8').then(() => true, () => false);
      if (totalMs > 60_000 || !reported) process.exitCode = 1;
      return [...lines, `discover to first report ${s(totalMs)}  (limit 60 s: ${totalMs <= 60_000 ? 'within' : 'EXCEEDED'}; report ${reported ? 'written' : 'NOT written'})`];
    } finally {
      delete process.env.SP_BENCH_PASSWORD;
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  },

  /** The statistical analysis alone on 20,000 IDs of common shapes (acceptance: under 2 s each). */
  async 'token-analysis'() {
    const { analyseTokens } = await import(dist('src/token/analysis/index.js'));
    const shapes = {
      '128-bit hex': () => randomBytes(16).toString('hex'),
      '256-bit base64url': () => randomBytes(32).toString('base64url'),
      'express-session s:<192-bit>.<mac>': () => encodeURIComponent(`s:${randomBytes(24).toString('base64url')}.${randomBytes(32).toString('base64').replace(/=+$/, '')}`),
    };
    const lines = [];
    for (const [shape, make] of Object.entries(shapes)) {
      const t = Date.now();
      const samples = Array.from({ length: 20_000 }, (_, i) => ({ value: make(), issuedAt: t + i }));
      const t0 = performance.now();
      const a = analyseTokens(samples);
      const ms = performance.now() - t0;
      if (ms >= 2000) process.exitCode = 1;
      lines.push(`${shape.padEnd(34)} 20,000 IDs analysed in ${ms.toFixed(0)} ms (${ms < 2000 ? 'under' : 'OVER'} 2 s); estimate ${a.effectiveBits} bits, ${a.defects.length} defects`);
    }
    return lines;
  },
};

/**
 * The estimate in force at the end against the time taken: the first plan's, or the last revision the run
 * printed when a session went off the plan (it comes while sessions still wait, never after the last one
 * ended). Limit: within 10 %; the first plan's ratio is printed too.
 */
function planAccuracy(t) {
  const last = t.revisions?.at(-1);
  const estimateMs = last?.expectedMs ?? t.plannedMs;
  const ratio = t.durationMs / estimateMs;
  const within = Math.abs(ratio - 1) <= 0.1;
  const revised = (t.revisions ?? []).map((r) => `, revised at ${s(r.atMs)} to ${s(r.expectedMs)}`).join('');
  const first = last ? `; actual/first plan ${(t.durationMs / t.plannedMs).toFixed(3)} (${last.reason})` : '';
  return {
    within,
    text: `${t.title} planned ${s(t.plannedMs)}${revised}, took ${s(t.durationMs)}: actual/${last ? 'last estimate' : 'planned'} ${ratio.toFixed(3)} (${within ? 'within' : 'OUTSIDE'} 10 %)${first}`,
  };
}

/** The probe whose plan estimated its duration (the timeouts), as report.json records it: planned and actual. */
function plannedProbe(report) {
  return report.probeTimings?.find((t) => t.plannedMs !== undefined);
}

/** Reports the CPU time of the process when it exits, on a line of its own at the end of stderr. */
const REPORT_CPU = 'data:text/javascript,' + encodeURIComponent("process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write('\\ncpu-us ' + (u.user + u.system) + '\\n'); });");

/** The CPU-seconds one CLI start takes (its own process: user + system). */
async function cliCpuSeconds(args) {
  const child = spawn(process.execPath, ['--import', REPORT_CPU, dist('src/cli.js'), ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const code = await new Promise((resolve, reject) => child.on('error', reject).on('close', resolve));
  const us = /cpu-us (\d+)\s*$/.exec(stderr)?.[1];
  if (code !== 0 || us === undefined) throw new Error(`sessionprobe ${args.join(' ')} exited ${code}: ${stderr.trim().split('\n').at(-1)}`);
  return Number(us) / 1e6;
}

/** Runs the CLI; resolves with its exit code. `quiet`: its progress (stderr) is kept for the caller, not shown. */
function cli(args, { quiet = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [dist('src/cli.js'), ...args], { stdio: ['ignore', quiet ? 'pipe' : 'ignore', quiet ? 'pipe' : 'inherit'], env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk) => (stdout += chunk));
    child.stderr?.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve(quiet ? { code, stdout, stderr } : code));
  });
}

const wanted = process.argv.slice(2);
const unknown = wanted.filter((n) => !(n in BENCHMARKS));
if (unknown.length) {
  console.error(`unknown benchmark ${unknown.join(', ')}; choose from ${Object.keys(BENCHMARKS).join(', ')}`);
  process.exit(2);
}
for (const name of wanted.length ? wanted : Object.keys(BENCHMARKS)) {
  console.log(`\n== ${name}`);
  for (const line of await BENCHMARKS[name]()) console.log(`   ${line}`);
}
