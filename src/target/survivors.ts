/**
 * The probe side of SurvivorControl: before an event that ends sessions, a session of another account
 * (when target.accounts has one) is logged in and asked; after the event's effects were observed, it
 * and the acting device are asked again.
 */
import type { SurvivorControl } from '../model/artifacts.js';
import type { OracleObservation } from '../model/observation.js';
import type { HttpClient } from '../drivers/http.js';
import type { TargetSession } from './session.js';

export interface SurvivorWitness {
  /** `self`: the acting device, when the event should spare its session. */
  read(self: HttpClient | null): Promise<SurvivorControl>;
}

export async function openSurvivorWitness(session: TargetSession, event: string): Promise<SurvivorWitness> {
  const account = session.target.accounts[0];
  let other: { client: HttpClient; before: OracleObservation } | undefined;
  if (account) {
    const client = session.newClient(`${event}: control (other account)`);
    await session.login(client, { account });
    other = { client, before: await session.ask(client, `control: another account's session, before the ${event}`) };
  }
  return {
    read: async (self) => ({
      self: self && (await session.ask(self, `control: the acting device, still alive after the ${event}`)),
      otherAccount: other ? { before: other.before, after: await session.ask(other.client, `control: another account's session, after the ${event}`) } : null,
    }),
  };
}
