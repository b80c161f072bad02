/**
 * The console quotes target- and config-controlled text; none of its control characters reach the terminal.
 */
import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { consoleProgress } from '../../src/progress.js';
import { loud } from '../../src/commands/exit-codes.js';

function capture(tty: boolean): { stream: NodeJS.WritableStream; text(): string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  Object.assign(stream, { isTTY: tty });
  return { stream, text: () => text };
}

const HOSTILE = 'logging in at http://127.0.0.1:3101/\u0000\r\nX-Evil: 1 \u001b[2J\u001b]0;owned\u0007 \u202eevil';

describe('console output', () => {
  it.each([true, false])('escapes control characters in steps and status lines (terminal: %s)', (tty) => {
    const out = capture(tty);
    const progress = consoleProgress(out.stream);
    progress.step(HOSTILE);
    progress.status(HOSTILE);
    // Only the tool's own line ends and, on a terminal, its own status-line reset remain.
    const own = out.text().replace(/\r\u001b\[2K/g, '').replace(/\n/g, '');
    expect(own).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(out.text()).toContain('3101/\\x00\\nX-Evil: 1 \\x1b[2J\\x1b]0;owned\\x07 \\u202eevil');
  });

  it('escapes them in the loud account-at-risk box', () => {
    expect(loud([HOSTILE])).not.toMatch(/[\u0000\u001b\u0007\u202e]/);
  });
});
