/**
 * What the console shows while a run works: each step as it starts, and during long waits a status
 * line that counts down. Goes to stderr so stdout stays for reports (`--reporter list`) and
 * machine-readable output.
 */
import { visibleControls } from './visible-text.js';

export interface Progress {
  /** A property, not a method: probes hand `progress.step` on as a callback. */
  step: (message: string) => void;
  /** The current state of a long wait; replaces the previous status line. */
  status: (line: string) => void;
}

/**
 * Steps and status lines quote target- and config-controlled text (URLs, flow errors, cookie names):
 * control characters are shown escaped, never sent to the terminal, and a line stays one line.
 */
const oneLine = (text: string): string => visibleControls(text).replace(/\n/g, '\\n');

/** On a log (not a terminal) a countdown line is written at most this often. */
const LOG_STATUS_INTERVAL_MS = 10_000;

export function consoleProgress(stream: NodeJS.WritableStream, prefix = ''): Progress {
  const tty = (stream as { isTTY?: boolean }).isTTY === true;
  let statusShown = false;
  let lastLogged = -Infinity;
  const clearStatus = () => {
    if (statusShown) stream.write('\r\u001b[2K');
    statusShown = false;
  };
  return {
    step: (message) => {
      clearStatus();
      stream.write(`${prefix}→ ${oneLine(message)}\n`);
    },
    status: (line) => {
      if (tty) {
        clearStatus();
        stream.write(`${prefix}  ${oneLine(line)}`);
        statusShown = true;
      } else if (Date.now() - lastLogged >= LOG_STATUS_INTERVAL_MS) {
        lastLogged = Date.now();
        stream.write(`${prefix}  ${oneLine(line)}\n`);
      }
    },
  };
}

/**
 * Progress that masks what the run knows to be secret — passwords, TOTP secrets, every session ID and
 * token the target issued — before it reaches the console: a CI log travels as far as the reports.
 */
export function redactedProgress(progress: Progress, redact: (text: string) => string): Progress {
  return { step: (message) => progress.step(redact(message)), status: (line) => progress.status(redact(line)) };
}

export const silentProgress: Progress = { step: () => undefined, status: () => undefined };
