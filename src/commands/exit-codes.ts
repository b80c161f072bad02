import { visibleControls } from '../visible-text.js';

/** The exit codes of CONTRACT.md, plus `interrupted`. */
export const EXIT = {
  ok: 0,
  checksFailed: 1,
  usage: 2,
  untestable: 3,
  /** The account's password is not (known to be) the original one: `sessionprobe recover` is needed. */
  accountAtRisk: 4,
  /** 128 + SIGINT, as shells report it: the run was interrupted; the reports cover what finished. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** What each exit code tells a CI job, for `--help`. */
export const EXIT_MEANING: Record<ExitCode, string> = {
  [EXIT.ok]: 'the gate passed: no failure at or above --fail-on',
  [EXIT.checksFailed]: 'a check failed at or above --fail-on, or broke',
  [EXIT.usage]: 'usage or config error',
  [EXIT.untestable]: 'the target could not be tested (unreachable, login failed)',
  [EXIT.accountAtRisk]: "the account's password may be changed: run `sessionprobe recover`",
  [EXIT.interrupted]: 'interrupted; the reports cover what finished',
};

/** A user-facing error: printed as one line, never with a stack trace. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly code: ExitCode,
  ) {
    super(message);
  }
}

/** A message that must not scroll by unnoticed (a password left changed): framed, on its own lines. */
export function loud(lines: readonly string[]): string {
  const bar = '!'.repeat(78);
  return `\n${bar}\n${lines.map((l) => `!! ${visibleControls(l)}`).join('\n')}\n${bar}\n\n`;
}
