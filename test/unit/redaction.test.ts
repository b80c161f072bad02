import { describe, expect, it } from 'vitest';
import { Redactor, maskedFingerprints, mask } from '../../src/evidence.js';
import { recordResponse, recordSetCookie } from '../../src/drivers/record.js';

describe('Redactor', () => {
  it('masks a password in every spelling a request may carry, without a fingerprint', () => {
    const r = new Redactor();
    r.addPassword('p@ss word&"1');
    const text = `password=p%40ss%20word%26%221&x=p%40ss+word%26%221 {"password":"p@ss word&\\"1"} p@ss word&"1`;
    const out = r.redact(text);
    expect(out).not.toContain('p@ss');
    expect(out).not.toContain('p%40ss');
    expect(out.match(/\[masked password\]/g)).toHaveLength(4);
  });

  it('masks tokens with a fingerprint and length, and leaves short values alone', () => {
    const r = new Redactor();
    r.addToken('s:abcdefghijklmnop.signature');
    r.addToken('en');
    const out = r.redact('Cookie: sid=s%3Aabcdefghijklmnop.signature; lang=en');
    const m = mask('s:abcdefghijklmnop.signature');
    expect(out).toBe(`Cookie: sid=[masked fp=${m.fp} len=${m.length}]; lang=en`);
    expect(maskedFingerprints(out)).toEqual([mask('s:abcdefghijklmnop.signature').fp]);
  });

  it('masks the longer of two overlapping secrets whole', () => {
    const r = new Redactor();
    r.addToken('abcdefgh');
    r.addToken('abcdefgh12345678');
    expect(r.redact('abcdefgh12345678')).toBe(`[masked fp=${mask('abcdefgh12345678').fp} len=16]`);
  });
});

describe('recordSetCookie', () => {
  it('keeps the attributes as sent and masks the value, registering it for later masking', () => {
    const r = new Redactor();
    const rec = recordSetCookie('sid=0123456789abcdef; Path=/; path=/app; HttpOnly', r);
    expect(rec.name).toBe('sid');
    expect(rec.header).toBe(`sid=[masked fp=${mask('0123456789abcdef').fp} len=16]; Path=/; path=/app; HttpOnly`);
    expect(rec.attributes).toEqual([['Path', '/'], ['path', '/app'], ['HttpOnly', null]]);
    expect(rec.value.shape).toMatchObject({ alphabet: 'hex', capacityBits: 64 });
    expect(r.redact('/x?sid=0123456789abcdef')).not.toContain('0123456789abcdef');
  });

  it('records nameless cookies and control characters', () => {
    const rec = recordSetCookie('justavalue\u0001; Path=/', new Redactor());
    expect(rec.name).toBe('');
    expect(rec.value.hasCtl).toBe(true);
  });
});

describe('recordResponse', () => {
  it('masks a JWT anywhere in a response body, like a session ID', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbGljZSIsImV4cCI6MX0.abcDEF_123-xyz';
    const redactor = new Redactor();
    const body = JSON.stringify({ user: 'alice', accessToken: jwt });
    recordResponse({ status: 200, headers: { 'content-type': ['application/json'] }, body, bytes: body.length }, redactor);
    expect(redactor.redact(body)).toBe(JSON.stringify({ user: 'alice', accessToken: `[masked fp=${mask(jwt).fp} len=${jwt.length}]` }));
  });
});
