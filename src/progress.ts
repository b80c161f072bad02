/**
 * What the console shows while a run works: each step as it starts. Goes to stderr so stdout stays
 * for reports (`--reporter list`) and machine-readable output.
 */
export interface Progress {
  step(message: string): void;
}

export function consoleProgress(stream: NodeJS.WritableStream, prefix = ''): Progress {
  return { step: (message) => stream.write(`${prefix}→ ${message}\n`) };
}

export const silentProgress: Progress = { step: () => undefined };
