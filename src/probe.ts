/**
 * What a probe is: something that drives the target to gather one suite's evidence. It records and
 * returns artifacts; it never decides a verdict.
 */
import type { Spec } from './config/types.js';
import type { Artifacts, ProbeId, SessionArtifact } from './model/artifacts.js';
import type { Progress } from './progress.js';
import type { TargetSession } from './target/session.js';
import type { Clock } from './scheduler.js';

export interface ProbeContext {
  session: TargetSession;
  established: SessionArtifact;
  spec: Spec;
  progress: Progress;
  /** Every wait and timing goes through it, so tests can run probes in virtual time. */
  clock: Clock;
  /** Aborts when the user interrupts the run (Ctrl-C): stop waiting, return what was observed. */
  signal: AbortSignal;
  /** The longest wait the run may make (--max-wait); a check that needs more is inconclusive. */
  maxWaitMs: number;
}

export interface Probe<K extends ProbeId = ProbeId> {
  id: K;
  title: string;
  /** What the probe will do and how long it will take, printed before the run starts. */
  plan?(ctx: ProbeContext): Promise<string[]>;
  run(ctx: ProbeContext): Promise<NonNullable<Artifacts[K]>>;
}
