/**
 * What a timed replay schedule (rule 25) measured, per place: the last replay still accepted and the
 * first refused — the bracket the revocation delay lies in. Pure; checks and reports read it.
 */
import type { RevocationTiming } from '../model/artifacts.js';
import { formatDuration } from '../config/durations.js';

/** How long past the allowed delay a replay may still be accepted: the first replays are already in flight. */
export const REVOCATION_GRACE_MS = 500;

export interface Bracket {
  /** 'baseUrl' or an instance origin. */
  target: string;
  /** Positive control before the event on this place: 'yes' means the artifacts were alive there. */
  control: 'yes' | 'no' | 'unknown' | 'not-asked';
  /** The last replay (ms after the event) still logged in; null when none was. */
  acceptedAtMs: number | null;
  /** The first replay refused; null when none was within the schedule. */
  refusedAtMs: number | null;
  /** A replay the oracle could not judge came before the first refusal. */
  unclear: boolean;
}

export function brackets(t: RevocationTiming): Bracket[] {
  return t.places.map((p) => {
    const refusedIndex = p.replays.findIndex((r) => r.observation.answer === 'no');
    const upTo = refusedIndex === -1 ? p.replays : p.replays.slice(0, refusedIndex);
    const accepted = upTo.filter((r) => r.observation.answer === 'yes').at(-1);
    return {
      target: p.target,
      control: t.before.find((b) => b.target === p.target)?.observation.answer ?? 'not-asked',
      acceptedAtMs: accepted?.atMs ?? null,
      refusedAtMs: refusedIndex === -1 ? null : p.replays[refusedIndex]!.atMs,
      unclear: upTo.some((r) => r.observation.answer === 'unknown'),
    };
  });
}

/** "still accepted at 2.532s, refused at 3.532s" — how every report states a bracket. */
export function describeBracket(b: Bracket, boundMs: number): string {
  const at = (ms: number) => formatDuration(ms);
  if (b.refusedAtMs === null) return b.acceptedAtMs === null ? 'no replay could be judged' : `still accepted at ${at(b.acceptedAtMs)}, the end of the schedule (${at(boundMs)})`;
  if (b.acceptedAtMs === null) return `refused from the first replay (at ${at(b.refusedAtMs)})`;
  return `still accepted at ${at(b.acceptedAtMs)}, refused at ${at(b.refusedAtMs)}`;
}
