/**
 * The per-device sequence of a run, derived from the evidence: consecutive exchanges of one device in
 * one step fold into one row (who logged in, who changed what, who was asked and what the oracle said).
 */
import type { Exchange } from '../src/evidence.js';

export interface SequenceRow {
  device: string;
  step: string;
  startedAt: number;
  exchanges: number[];
  /** The oracle's answer when the step asked it, else the final status (null: no response). */
  outcome: { oracle: NonNullable<Exchange['oracle']> } | { status: number | null; error?: string };
}

export function deviceSequence(evidence: readonly Exchange[]): SequenceRow[] {
  const rows: SequenceRow[] = [];
  for (const e of evidence) {
    const last = rows.at(-1);
    const outcome = e.oracle ? { oracle: e.oracle } : { status: e.response?.status ?? null, ...(e.error ? { error: e.error } : {}) };
    if (last && last.device === e.device && last.step === e.step) {
      last.exchanges.push(e.id);
      last.outcome = outcome;
    } else {
      rows.push({ device: e.device, step: e.step, startedAt: e.startedAt, exchanges: [e.id], outcome });
    }
  }
  return rows;
}
