import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { findTokenShapes, mailToken, signedMessageId, verifyMailToken, verpAddress } from './bounce-token.ts';

const key = randomBytes(32);

describe('bounce tokens', () => {
  it('names the message it was made for, whatever the case the mail servers gave it back in', () => {
    for (let i = 0; i < 50; i++) {
      const id = randomUUID();
      const token = mailToken(key, id);
      assert.match(token, /^[a-z2-7]{26}-[a-z2-7]{13}$/);
      assert.equal(verifyMailToken(key, token), id);
      assert.equal(verifyMailToken(key, token.toUpperCase()), id);
    }
  });

  it('is refused when made with another key, altered in any character, or for another message', () => {
    const id = randomUUID();
    const token = mailToken(key, id);
    assert.equal(verifyMailToken(randomBytes(32), token), null);
    for (let i = 0; i < token.length; i++) {
      if (token[i] === '-') continue;
      const altered = token.slice(0, i) + (token[i] === 'a' ? 'b' : 'a') + token.slice(i + 1);
      assert.equal(verifyMailToken(key, altered), null, `changed at ${i}`);
    }
    const [, signature] = mailToken(key, randomUUID()).split('-');
    assert.equal(verifyMailToken(key, `${token.split('-')[0]}-${signature}`), null);
  });

  it('fits a VERP address within the 64 characters of a local part, and a Message-ID', () => {
    const token = mailToken(key, randomUUID());
    const address = verpAddress('casebook-bounces-cert1@cert.example.org', token);
    assert.equal(address, `casebook-bounces-cert1+${token}@cert.example.org`);
    assert.ok(address.split('@')[0].length <= 64);
    assert.equal(signedMessageId(token, 'cert.example.org'), `<${token}@cert.example.org>`);
  });

  it('is found where a bounce quotes it, once each', () => {
    const a = mailToken(key, randomUUID());
    const b = mailToken(key, randomUUID());
    const text = `To: <bounces+${a.toUpperCase()}@cert.example.org>\nMessage-ID: <${b}@cert.example.org>\nReferences: <${a}@cert.example.org>`;
    assert.deepEqual(findTokenShapes(text), [a, b]);
    assert.deepEqual(findTokenShapes(`x${a}y`), [], 'only a whole token counts');
  });
});
