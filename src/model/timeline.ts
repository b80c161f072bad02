import type { OracleAnswer } from './observation.js';
/**
 * What the timeout checks show besides a verdict: the measured bracket ("expired between 2.9 s and
 * 4.1 s after the last request") and a timeline of the sessions they drove (one row per session,
 * one mark per request, coloured by what the oracle said). Part of the result model, so report.json
 * carries it and every reporter can draw it.
 */

export interface Bracket {
  /** What was measured, e.g. "idle timeout" or "absolute timeout". */
  quantity: string;
  /** What it was measured from, e.g. "after the last request". */
  from: string;
  /** The spec's value; null when the spec states none. */
  specMs: number | null;
  /** The longest time the session was seen alive (a lower bound of the real value); null when never. */
  aliveMs: number | null;
  /** The shortest time by which it was seen logged out (an upper bound); null when it never was. */
  deadMs: number | null;
}

export type MarkKind = 'login' | 'control' | 'activity' | 'probe' | 'replay';

export interface TimelineMark {
  kind: MarkKind;
  /** Offsets from the timeline's origin, in milliseconds. */
  startMs: number;
  endMs: number;
  /** The oracle's answer; absent for a login. */
  answer?: OracleAnswer;
  /** The evidence exchange, when the mark is one request. */
  exchange?: number;
  label: string;
}

export interface TimelineRow {
  label: string;
  marks: TimelineMark[];
  /** Where the spec says this session must be logged out by, as an offset from the origin. */
  deadlineMs?: number;
  /** Why the row stops early: interrupted, or the session could not be driven. */
  note?: string;
}

export interface Timeline {
  /** Epoch milliseconds every offset counts from. */
  origin: number;
  rows: TimelineRow[];
  bracket?: Bracket;
}
