/**
 * Questions on a terminal, one line per answer. Lines are read through an async iterator, so answers
 * typed (or piped) ahead of their question are kept, not lost; the end of input or Ctrl-C ends the
 * conversation with PromptClosed instead of hanging.
 */
import { createInterface } from 'node:readline/promises';

export class PromptClosed extends Error {
  override readonly name = 'PromptClosed';
  constructor() {
    super('input ended before every question was answered');
  }
}

export interface Asker {
  /** Writes the question and resolves with the next line, trimmed. */
  ask(question: string): Promise<string>;
  close(): void;
}

export function lineAsker(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Asker {
  const rl = createInterface({ input, output, terminal: (input as { isTTY?: boolean }).isTTY === true });
  const lines = rl[Symbol.asyncIterator]();
  let closed = false;
  rl.on('SIGINT', () => rl.close());
  rl.on('close', () => {
    closed = true;
  });
  return {
    async ask(question) {
      if (closed) throw new PromptClosed();
      output.write(question);
      const next = await lines.next();
      if (next.done) throw new PromptClosed();
      return next.value.trim();
    },
    close: () => rl.close(),
  };
}
