/**
 * The token that ties a bounce to the message it is about: the mail_messages id and an
 * HMAC of it under the session secret, both in lower-case base32 (`<26>-<13>`, 40
 * characters), so that mail servers that change the case of an address do not break it.
 * It goes into the envelope sender (`bounces+<token>@cert.example.org`, VERP) and the
 * Message-ID (`<token@cert.example.org>`). Only Casebook can make one, so a bounce written
 * by anyone else cannot mark an arbitrary message bounced; a recipient, who sees the
 * token in the message, can at most report their own copy undeliverable.
 */
import { createHmac } from 'node:crypto';
import { safeEqual } from '../../crypto/tokens.ts';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const ID_CHARS = 26;
const SIGNATURE_BYTES = 8;
const SIGNATURE_CHARS = 13;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Anything in a text that has the shape of a token; whether it is one is for `verifyMailToken`. */
const TOKEN_SHAPE = /(?<![a-z2-7])[a-z2-7]{26}-[a-z2-7]{13}(?![a-z2-7])/gi;

function base32(bytes: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

function unbase32(text: string, bytes: number): Buffer | null {
  const out = Buffer.alloc(bytes);
  let bits = 0;
  let value = 0;
  let index = 0;
  for (const char of text) {
    const digit = ALPHABET.indexOf(char);
    if (digit < 0) return null;
    value = ((value << 5) | digit) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      if (index >= bytes) return null;
      out[index++] = (value >>> (bits - 8)) & 0xff;
      bits -= 8;
    }
  }
  return index === bytes ? out : null;
}

function signature(key: Buffer, mailId: string): string {
  return base32(createHmac('sha256', key).update(`mail-bounce:${mailId}`).digest().subarray(0, SIGNATURE_BYTES));
}

export function mailToken(key: Buffer, mailId: string): string {
  if (!UUID.test(mailId)) throw new Error(`Not a message id: ${mailId}`);
  return `${base32(Buffer.from(mailId.replaceAll('-', ''), 'hex'))}-${signature(key, mailId)}`;
}

/** The message id a token names, or null when it was not made with this key. */
export function verifyMailToken(key: Buffer, token: string): string | null {
  const lower = token.toLowerCase();
  const [encodedId, signed] = lower.split('-');
  if (encodedId?.length !== ID_CHARS || signed?.length !== SIGNATURE_CHARS) return null;
  const bytes = unbase32(encodedId, 16);
  if (!bytes) return null;
  const hex = bytes.toString('hex');
  const mailId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  // Only the one spelling Casebook writes counts (the last character carries spare bits).
  if (base32(bytes) !== encodedId) return null;
  return safeEqual(signed, signature(key, mailId)) ? mailId : null;
}

/** Every token-shaped string in a text, lower-cased, first seen first, each once. */
export function findTokenShapes(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(TOKEN_SHAPE), (m) => m[0].toLowerCase()))];
}

/** `bounces@cert.example.org` and a token: `bounces+<token>@cert.example.org`. */
export function verpAddress(bounceAddress: string, token: string): string {
  const at = bounceAddress.lastIndexOf('@');
  return `${bounceAddress.slice(0, at)}+${token}@${bounceAddress.slice(at + 1)}`;
}

/** The Message-ID a message is sent with, in the domain of the bounce address or the sender. */
export function signedMessageId(token: string, domain: string): string {
  return `<${token}@${domain}>`;
}
