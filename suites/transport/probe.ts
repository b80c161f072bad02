/**
 * Plain http on an https target: log in over https, then send the session cookie deliberately to the
 * oracle URL over http:// (same host; port 80 when the https port is the default, else the same port)
 * and see whether authenticated content comes back. Redirects are not followed: a redirect to https
 * is the right answer, and following it would fetch the page over https again.
 */
import type { TransportArtifact } from '../../src/model/artifacts.js';
import type { Probe } from '../../src/probe.js';
import { TransportError } from '../../src/drivers/http.js';

export function plainHttpUrl(httpsUrl: string): string {
  const url = new URL(httpsUrl);
  url.protocol = 'http:';
  // new URL drops an explicit :443, so an empty port here means the default: http's is 80.
  return url.toString();
}

export const transportProbe: Probe<'transport'> = {
  id: 'transport',
  title: 'transport',
  async run({ session, progress }): Promise<TransportArtifact> {
    if (new URL(session.target.baseUrl).protocol !== 'https:') return { notApplicable: 'the target is plain http; transport checks apply to https targets' };
    progress.step('transport: sending the session cookie over plain http');
    const client = session.newClient('transport');
    await session.login(client);
    try {
      const creds = await session.sessionCredentials(client);
      const control = await session.replay(creds, 'positive control: the session over https');
      const httpUrl = plainHttpUrl(session.oracle.url);
      try {
        const res = await session.replayer.request({ url: httpUrl, step: 'transport: the session over plain http', credentials: creds, followRedirects: false, plainHttpTwin: true });
        const location = res.first.location;
        if (res.status >= 300 && res.status < 400 && location && new URL(location, httpUrl).protocol === 'https:') {
          return { httpUrl, control, http: { outcome: 'redirect-to-https', detail: `answered ${res.status} → ${new URL(location, httpUrl).origin}`, observation: null, exchanges: res.exchanges } };
        }
        const observation = { exchange: res.exchanges[res.exchanges.length - 1]!, ...session.oracle.classify(res) };
        return { httpUrl, control, http: { outcome: 'answered', detail: `answered ${res.status}`, observation, exchanges: res.exchanges } };
      } catch (error) {
        if (!(error instanceof TransportError)) throw error;
        return { httpUrl, control, http: { outcome: 'refused', detail: error.message, observation: null, exchanges: [] } };
      }
    } finally {
      await session.release(client);
    }
  },
};
