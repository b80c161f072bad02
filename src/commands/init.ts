/**
 * `sessionprobe init`: the spec builder. Flags set choices; on a terminal (and without --yes) every
 * choice is also asked, with the current value as the default and a one-line why. Writes
 * sessionprobe.yaml (or, with --format md, a design-review document), prints the Set-Cookie line the
 * spec implies, and warns about contradictions. Without a terminal it never reads stdin.
 */
import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { contradictionWarning, specContradictions } from '../config/contradictions.js';
import { DEFAULT_PRESET, PRESETS } from '../config/presets.js';
import { buildSpec } from '../config/spec.js';
import { STORE_TRADE_OFFS } from '../config/spec-fields.js';
import { SESSION_STORES, type Spec } from '../config/types.js';
import { ChoiceError, CHOICES, readChoice, whyOf, type Choice } from '../init/choices.js';
import { configTemplate } from '../init/config-template.js';
import { withChoice } from '../init/draft.js';
import { lineAsker, PromptClosed, type Asker } from '../init/prompt.js';
import { reviewDocument } from '../init/review-doc.js';
import { DEFAULT_COOKIE_NAME, formatSetCookie, setCookieFor } from '../init/set-cookie.js';
import { CliError, EXIT } from './exit-codes.js';
import type { RawSpec } from '../config/raw-spec.js';

export type InitFormat = 'yaml' | 'md';

export interface InitArgs {
  preset?: string;
  format: InitFormat;
  out?: string;
  /** Accept the preset and flags without asking, even on a terminal. */
  yes: boolean;
  force: boolean;
  /** The session cookie's name without prefix; default sid. */
  cookieName?: string;
  /** For the target half; default http://127.0.0.1:3000. */
  baseUrl?: string;
  /** Choice flags as given: text, or a boolean for yes/no flags; absent when not given. */
  choices: Record<string, string | boolean | undefined>;
}

export interface InitIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const DEFAULT_FILES: Record<InitFormat, string> = { yaml: 'sessionprobe.yaml', md: 'sessionprobe-spec.md' };
const DEFAULT_BASE_URL = 'http://127.0.0.1:3000';

export async function initCommand(args: InitArgs, io: InitIo): Promise<void> {
  const file = path.resolve(args.out ?? DEFAULT_FILES[args.format]);
  const interactive = !args.yes && io.stdin.isTTY === true;
  const asker = interactive ? lineAsker(io.stdin, io.stderr) : undefined;
  try {
    if (!interactive && !args.yes) io.stderr.write('sessionprobe init: no terminal, so nothing is asked: the preset and the flags decide (pass --yes to say so)\n');
    const raw = asker ? await converse(asker, args, io.stderr) : fromFlags(args);
    const spec = buildSpec(raw);
    const contradictions = specContradictions(spec);
    if (await exists(file)) {
      const overwrite = args.force || (asker !== undefined && /^y(es)?$/i.test(await asker.ask(`\n${file} exists. Overwrite it? [y/N] `)));
      if (!overwrite) throw new CliError(`${file} exists; pass --force to overwrite it`, EXIT.usage);
    }
    const baseName = args.cookieName ?? DEFAULT_COOKIE_NAME;
    const advice = setCookieFor(spec, baseName);
    const cookieName = `${spec.cookie.prefix ?? ''}${baseName}`;
    const text =
      args.format === 'md'
        ? reviewDocument(spec, advice, contradictions, DEFAULT_FILES.yaml)
        : configTemplate(raw, spec, { baseUrl: args.baseUrl ?? DEFAULT_BASE_URL, cookieName });
    await writeFile(file, text, 'utf8');
    io.stdout.write(summary(file, spec, args.format));
    io.stdout.write(`\nThe Set-Cookie line this spec implies:\n\n${formatSetCookie(advice)}\n`);
    for (const c of contradictions) io.stderr.write(`${contradictionWarning(c)}\n`);
  } catch (error) {
    if (error instanceof PromptClosed) throw new CliError(`init cancelled: ${error.message}; nothing was written`, EXIT.usage);
    throw error;
  } finally {
    asker?.close();
  }
}

/** The preset with every flag applied, in the order the choices are asked. */
function fromFlags(args: InitArgs): RawSpec {
  let raw: RawSpec = { preset: presetOf(args.preset) };
  for (const choice of CHOICES) {
    const given = flagText(args, choice);
    if (given === undefined) continue;
    try {
      raw = withChoice(raw, readChoice(choice, given));
    } catch (error) {
      if (error instanceof ChoiceError) throw new CliError(`--${choice.flag}: ${error.message}`, EXIT.usage);
      throw error;
    }
  }
  return raw;
}

async function converse(asker: Asker, args: InitArgs, out: NodeJS.WritableStream): Promise<RawSpec> {
  out.write('sessionprobe init: the session spec, one choice at a time. Enter keeps the value in [brackets].\n\n');
  out.write(Object.entries(PRESETS).map(([name, p]) => `  ${name.padEnd(16)} ${p.description}`).join('\n') + '\n');
  let preset = presetOf(args.preset);
  for (;;) {
    const answer = (await asker.ask(`Preset — the standard to start from [${preset}]: `)) || preset;
    if (PRESETS[answer]) {
      preset = answer;
      break;
    }
    out.write(`  no preset "${answer}"; choose one of the names above\n`);
  }
  let raw: RawSpec = { preset };
  for (const choice of CHOICES) {
    const spec = buildSpec(raw);
    const suggested = flagText(args, choice) ?? choice.show(spec);
    out.write(`\n${choice.question} — ${whyOf(choice)}\n`);
    if (choice.field === 'store') out.write(SESSION_STORES.map((s) => `  ${STORE_TRADE_OFFS[s]}\n`).join(''));
    out.write(`  (${choice.accepts})\n`);
    for (;;) {
      const answer = (await asker.ask(`  [${suggested}]: `)) || suggested;
      try {
        raw = withChoice(raw, readChoice(choice, answer));
        break;
      } catch (error) {
        if (!(error instanceof ChoiceError)) throw error;
        out.write(`  ${error.message}\n`);
      }
    }
  }
  return raw;
}

function presetOf(name: string | undefined): string {
  const preset = name ?? DEFAULT_PRESET;
  if (!PRESETS[preset]) throw new CliError(`--preset: no preset "${preset}"; choose one of ${Object.keys(PRESETS).join(', ')}`, EXIT.usage);
  return preset;
}

function flagText(args: InitArgs, choice: Choice): string | undefined {
  const value = args.choices[choice.flag];
  if (value === undefined) return undefined;
  return typeof value === 'boolean' ? (value ? 'yes' : 'no') : value;
}

function summary(file: string, spec: Spec, format: InitFormat): string {
  const overrides = spec.overrides.length ? `, your decisions: ${spec.overrides.join(', ')}` : ', no overrides';
  const next =
    format === 'md'
      ? 'Share it for review; `sessionprobe init` with the same flags writes the matching sessionprobe.yaml.'
      : `Next: replace the CHANGE-ME placeholders in its target half, then \`sessionprobe validate --config ${path.basename(file)}\`.`;
  return `wrote ${file} (preset ${spec.preset}${overrides})\n${next}\n`;
}

async function exists(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined)) !== undefined;
}
