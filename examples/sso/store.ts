/**
 * The provider's storage: one in-memory map per run of the example, expiring entries as oidc-provider
 * asks. (Its built-in development store works too, but warns on every start that it is one.)
 */
import type { Adapter, AdapterPayload } from 'oidc-provider';

interface Entry {
  payload: AdapterPayload;
  expiresAt: number;
}

export function memoryAdapter(): (name: string) => Adapter {
  const entries = new Map<string, Entry>();
  const live = (key: string): AdapterPayload | undefined => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= Date.now()) entries.delete(key);
    return entries.get(key)?.payload;
  };
  return (name) => {
    const key = (id: string) => `${name}:${id}`;
    const findBy = (field: 'userCode' | 'uid', value: string) =>
      [...entries.keys()].filter((k) => k.startsWith(`${name}:`)).map(live).find((p) => p?.[field] === value);
    return {
      async upsert(id, payload, expiresIn) {
        entries.set(key(id), { payload, expiresAt: Date.now() + expiresIn * 1000 });
      },
      async find(id) {
        return live(key(id));
      },
      async findByUserCode(userCode) {
        return findBy('userCode', userCode);
      },
      async findByUid(uid) {
        return findBy('uid', uid);
      },
      async consume(id) {
        const payload = live(key(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      },
      async destroy(id) {
        entries.delete(key(id));
      },
      async revokeByGrantId(grantId) {
        for (const [k, entry] of entries) if (entry.payload.grantId === grantId) entries.delete(k);
      },
    };
  };
}
