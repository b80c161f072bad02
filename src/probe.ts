/**
 * What a probe is: something that drives the target to gather one suite's evidence. It records and
 * returns artifacts; it never decides a verdict.
 */
import type { Spec } from './config/types.js';
import type { Artifacts, ProbeId, SessionArtifact } from './artifacts.js';
import type { Progress } from './progress.js';
import type { TargetSession } from './target/session.js';

export interface ProbeContext {
  session: TargetSession;
  established: SessionArtifact;
  spec: Spec;
  progress: Progress;
}

export interface Probe<K extends ProbeId = ProbeId> {
  id: K;
  title: string;
  run(ctx: ProbeContext): Promise<NonNullable<Artifacts[K]>>;
}
