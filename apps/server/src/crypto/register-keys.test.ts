/** The affected-persons register's keys: envelope encryption, rotation, the key file, identifiers and their digests. */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigError } from '../config/config.ts';
import {
  addMasterKey,
  fieldAad,
  generateDataKey,
  loadOrCreateEmbeddedRegisterKeys,
  lookupDigest,
  normalizeAccountId,
  normalizeEmail,
  normalizePhone,
  openField,
  parseRegisterKeyRing,
  RegisterKeyError,
  type RegisterKeyRing,
  removeMasterKey,
  rewrapDataKey,
  sealField,
  unwrapDataKey,
  wrapDataKey,
} from './register-keys.ts';

const temp = mkdtempSync(path.join(tmpdir(), 'casebook-register-keys-'));
const key = () => randomBytes(32).toString('base64');
const ringText = (fields: Record<string, unknown> = {}) =>
  JSON.stringify({ current: 'k1', masterKeys: { k1: key() }, lookupKey: key(), ...fields });
const ring = (
  current = 'k1',
  keys: Record<string, Buffer> = { [current]: randomBytes(32) },
  lookupKey = randomBytes(32),
): RegisterKeyRing => ({
  current,
  masterKeys: new Map(Object.entries(keys)),
  lookupKey,
});
const failsWith = (code: string) => (error: unknown) => error instanceof RegisterKeyError && error.code === code;

/** Flips one bit in one base64url part of a `v1.<iv>.<tag>.<ciphertext>` value. */
function tamper(sealed: string, part: 1 | 2 | 3): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[part], 'base64url');
  bytes[0] ^= 1;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}

describe('register keys', () => {
  after(() => rmSync(temp, { recursive: true, force: true }));

  it('seals and opens a field, and wraps and unwraps a data key', () => {
    const keys = ring();
    const incident = randomUUID();
    const dataKey = generateDataKey();
    assert.equal(dataKey.length, 32);
    const stored = wrapDataKey(keys, incident, dataKey);
    assert.equal(stored.masterKeyId, 'k1');
    // The shape the register's columns check: 12-byte nonce, 16-byte tag, ciphertext.
    const format = /^v1\.[\w-]{16}\.[\w-]{22}\.[\w-]*$/;
    assert.match(stored.wrapped, format);
    assert.ok(unwrapDataKey(keys, incident, stored).equals(dataKey));

    const person = randomUUID();
    for (const value of ['Ayesha Rahman', '', 'Zoë Ñúñez-Ørsted 李小龍 🙂', 'x'.repeat(5000)]) {
      const sealed = sealField(dataKey, fieldAad(person, 'name'), value);
      assert.match(sealed, format);
      assert.equal(openField(dataKey, fieldAad(person, 'name'), sealed), value);
    }
    // A fresh nonce each time: the same value does not seal to the same text.
    assert.notEqual(sealField(dataKey, 'p:name', 'same'), sealField(dataKey, 'p:name', 'same'));
  });

  it('refuses a data key under the wrong master key, for another incident, or altered', () => {
    const keys = ring();
    const incidentA = randomUUID();
    const stored = wrapDataKey(keys, incidentA, generateDataKey());
    // Same id, different key material: the tag does not authenticate.
    assert.throws(() => unwrapDataKey(ring('k1'), incidentA, stored), failsWith('register.key_invalid'));
    assert.throws(() => unwrapDataKey(ring('k2'), incidentA, stored), failsWith('register.key_unavailable'));
    assert.throws(() => unwrapDataKey(keys, randomUUID(), stored), failsWith('register.key_invalid'));
    for (const part of [1, 2, 3] as const) {
      assert.throws(
        () => unwrapDataKey(keys, incidentA, { ...stored, wrapped: tamper(stored.wrapped, part) }),
        failsWith('register.key_invalid'),
      );
    }
    assert.throws(() => unwrapDataKey(keys, incidentA, { ...stored, wrapped: 'v1.abc' }), failsWith('register.key_invalid'));
  });

  it('binds a sealed field to its person and field, and refuses a tampered or truncated one', () => {
    const dataKey = generateDataKey();
    const [x, y] = [randomUUID(), randomUUID()];
    const sealed = sealField(dataKey, fieldAad(x, 'name'), 'Ayesha Rahman');
    assert.throws(() => openField(dataKey, fieldAad(y, 'name'), sealed), failsWith('register.key_invalid'));
    assert.throws(() => openField(dataKey, fieldAad(x, 'email'), sealed), failsWith('register.key_invalid'));
    assert.throws(() => openField(generateDataKey(), fieldAad(x, 'name'), sealed), failsWith('register.key_invalid'));
    for (const part of [1, 2, 3] as const) {
      assert.throws(() => openField(dataKey, fieldAad(x, 'name'), tamper(sealed, part)), failsWith('register.key_invalid'));
    }
    // A tag cut short must not be accepted as a shorter GCM tag.
    const [v, iv, tag, body] = sealed.split('.');
    const shortTag = Buffer.from(tag, 'base64url').subarray(0, 4).toString('base64url');
    assert.throws(() => openField(dataKey, fieldAad(x, 'name'), [v, iv, shortTag, body].join('.')), failsWith('register.key_invalid'));
    assert.throws(() => openField(dataKey, fieldAad(x, 'name'), `v2.${iv}.${tag}.${body}`), failsWith('register.key_invalid'));
    assert.throws(() => sealField(dataKey, '', 'value'), TypeError);
    assert.throws(() => sealField(randomBytes(16), 'p:name', 'value'), failsWith('register.key_invalid'));
  });

  it('leaves no plaintext in the sealed text or its decoding, and no key material in errors', () => {
    const dataKey = generateDataKey();
    const plaintext = 'Ayesha Rahman, +919812345678';
    const sealed = sealField(dataKey, 'p:name', plaintext);
    const decodings = [
      sealed,
      ...sealed.split('.').map((part) => Buffer.from(part, 'base64url').toString('latin1')),
      Buffer.from(sealed, 'base64').toString('latin1'),
    ];
    for (const text of decodings) {
      assert.ok(!text.includes(plaintext) && !text.includes('Ayesha') && !text.includes('9812345678'));
    }
    const keys = ring();
    const secrets = [dataKey, keys.masterKeys.get('k1')!, keys.lookupKey].flatMap((k) => [
      k.toString('base64'),
      k.toString('base64url'),
      k.toString('hex'),
    ]);
    const stored = wrapDataKey(keys, 'incident-a', dataKey);
    for (const attempt of [() => openField(dataKey, 'p:email', sealed), () => unwrapDataKey(keys, 'incident-b', stored)]) {
      assert.throws(
        attempt,
        (error: unknown) =>
          error instanceof RegisterKeyError &&
          !secrets.some((s) => (error as Error).message.includes(s)) &&
          !(error as Error).message.includes('Ayesha'),
      );
    }
  });

  it('rotates: add a key, re-wrap under it, remove the old one', () => {
    const dir = path.join(temp, 'rotation');
    const ring1 = loadOrCreateEmbeddedRegisterKeys(dir);
    const k1 = ring1.current;
    const incident = randomUUID();
    const dataKey = generateDataKey();
    const sealed = sealField(dataKey, 'p:name', 'Ayesha Rahman');
    const old = wrapDataKey(ring1, incident, dataKey);
    assert.equal(old.masterKeyId, k1);

    const k2 = addMasterKey(dir);
    assert.notEqual(k2, k1);
    assert.match(k2, /^k-\d{8}-[0-9a-f]{6}$/);
    assert.equal(statSync(path.join(dir, 'register-keys.json')).mode & 0o777, 0o600);
    assert.ok(!existsSync(path.join(dir, 'register-keys.json.tmp')));
    const ring2 = loadOrCreateEmbeddedRegisterKeys(dir);
    assert.equal(ring2.current, k2);
    assert.deepEqual([...ring2.masterKeys.keys()].sort(), [k1, k2].sort());
    assert.ok(ring2.lookupKey.equals(ring1.lookupKey), 'rotation keeps the lookup key, so digests stay valid');
    assert.ok(unwrapDataKey(ring2, incident, old).equals(dataKey));

    const rewrapped = rewrapDataKey(ring2, incident, old);
    assert.equal(rewrapped.masterKeyId, k2);
    assert.throws(() => removeMasterKey(dir, k2), failsWith('register.key_in_use'));
    assert.throws(() => removeMasterKey(dir, 'k-missing'), failsWith('register.key_unavailable'));
    removeMasterKey(dir, k1);

    const ring3 = loadOrCreateEmbeddedRegisterKeys(dir);
    assert.deepEqual([...ring3.masterKeys.keys()], [k2]);
    const opened = unwrapDataKey(ring3, incident, rewrapped);
    assert.ok(opened.equals(dataKey));
    // The fields were never touched: the same data key still opens them.
    assert.equal(openField(opened, 'p:name', sealed), 'Ayesha Rahman');
    assert.throws(() => unwrapDataKey(ring3, incident, old), failsWith('register.key_unavailable'));
  });

  it('refuses to rotate in a directory without a key file, or while another change holds the lock', () => {
    const empty = path.join(temp, 'no-keys');
    assert.throws(() => addMasterKey(empty), ConfigError);
    assert.ok(!existsSync(path.join(empty, 'register-keys.json')));

    const dir = path.join(temp, 'locked');
    const before = loadOrCreateEmbeddedRegisterKeys(dir);
    writeFileSync(path.join(dir, 'register-keys.json.tmp'), '');
    assert.throws(
      () => addMasterKey(dir),
      (e: unknown) => e instanceof ConfigError && /another key change/.test(e.message),
    );
    assert.deepEqual([...loadOrCreateEmbeddedRegisterKeys(dir).masterKeys.keys()], [before.current]);
  });

  it('creates the embedded key file once with mode 0600, reuses it and tightens a loose mode', () => {
    const dir = path.join(temp, 'embedded');
    const file = path.join(dir, 'register-keys.json');
    const first = loadOrCreateEmbeddedRegisterKeys(dir);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.match(first.current, /^k-\d{8}-[0-9a-f]{6}$/);
    assert.equal(first.current.slice(2, 10), new Date().toISOString().slice(0, 10).replaceAll('-', ''));
    assert.equal(first.masterKeys.get(first.current)?.length, 32);
    assert.equal(first.lookupKey.length, 32);
    assert.ok(!first.lookupKey.equals(first.masterKeys.get(first.current)!));
    const stored = JSON.parse(readFileSync(file, 'utf8'));
    assert.deepEqual(Object.keys(stored).sort(), ['current', 'lookupKey', 'masterKeys']);

    const second = loadOrCreateEmbeddedRegisterKeys(dir);
    assert.equal(second.current, first.current);
    assert.ok(second.masterKeys.get(second.current)!.equals(first.masterKeys.get(first.current)!));
    assert.ok(second.lookupKey.equals(first.lookupKey));

    const text = readFileSync(file, 'utf8');
    rmSync(file);
    writeFileSync(file, text, { mode: 0o644 });
    loadOrCreateEmbeddedRegisterKeys(dir);
    assert.equal(statSync(file).mode & 0o777, 0o600);
  });

  it('parses a configured key ring and explains what is wrong with a bad one', () => {
    const parsed = parseRegisterKeyRing(ringText({ current: 'k-2', masterKeys: { k1: key(), 'k-2': key() } }));
    assert.equal(parsed.current, 'k-2');
    assert.equal(parsed.masterKeys.size, 2);
    const material = key();
    for (const [text, pattern] of [
      ['{"current": "k1", ', /not valid JSON/],
      [`{"current": "k1", "masterKeys": {"k1": "${material}"`, /not valid JSON/],
      ['[]', /one JSON object/],
      [ringText({ current: undefined }), /current master key/],
      [ringText({ current: 'k2' }), /"k2" is not among masterKeys/],
      [ringText({ current: 'K1', masterKeys: { K1: key() } }), /key id/],
      [ringText({ masterKeys: { k1: key(), 'Bad Id': key() } }), /master key ids/],
      [ringText({ masterKeys: { k1: key(), ['k'.repeat(41)]: key() } }), /master key ids/],
      [ringText({ masterKeys: { k1: randomBytes(16).toString('base64') } }), /master key "k1" must be exactly 32/],
      [ringText({ masterKeys: { k1: `${key()}!` } }), /master key "k1" must be exactly 32/],
      [ringText({ masterKeys: [key()] }), /masterKeys/],
      [ringText({ lookupKey: randomBytes(31).toString('base64') }), /lookupKey must be exactly 32/],
      [ringText({ lookupKey: undefined }), /lookupKey/],
      [ringText({ masterKeys: { k1: material }, lookupKey: material }), /lookupKey must be a separate key/],
      [ringText({ extra: 1 }), /unknown key "extra"/],
    ] as const) {
      assert.throws(
        () => parseRegisterKeyRing(text),
        (e: unknown) =>
          e instanceof ConfigError &&
          pattern.test(e.message) &&
          e.message.startsWith('CASEBOOK_REGISTER_KEYS') &&
          !e.message.includes(material),
        text,
      );
    }
  });

  it('normalises phone numbers to E.164 and refuses anything it would have to guess', () => {
    for (const [input, expected] of [
      ['+91 98123 45678', '+919812345678'],
      ['+919812345678', '+919812345678'],
      ['  +1 (555) 010-0199 ', '+15550100199'],
      ['+33.1.23.45.67.89', '+33123456789'],
      ['+49-30-1234567', '+49301234567'],
      ['+12345678', '+12345678'],
      ['+123456789012345', '+123456789012345'],
      ['0098 912 345 6789', null],
      ['00919812345678', null],
      ['9812345678', null],
      ['+0123456789', null],
      ['+1234567', null],
      ['+1234567890123456', null],
      ['not-a-phone', null],
      ['+91 98123 45678 ext. 12', null],
      ['+44 (0) 20 7946 0000', null],
      ['++919812345678', null],
      ['+91+9812345678', null],
      ['', null],
      ['+', null],
    ] as const) {
      assert.equal(normalizePhone(input), expected, input);
    }
  });

  it('normalises e-mail addresses and account ids', () => {
    const longDomain = `${['b', 'c', 'd', 'e'].map((c) => c.repeat(60)).join('.')}.org`; // 247 characters
    for (const [input, expected] of [
      ['  Ayesha.Rahman@Example.ORG ', 'ayesha.rahman@example.org'],
      ['a+tag@mail.example.co.uk', 'a+tag@mail.example.co.uk'],
      ['user@bücher.example', 'user@xn--bcher-kva.example'],
      ['user@example', null],
      ['userexample.org', null],
      ['a@b@example.org', null],
      ['@example.org', null],
      ['user@', null],
      ['us er@example.org', null],
      ['.user@example.org', null],
      ['us..er@example.org', null],
      ['user@-example.org', null],
      ['user@example..org', null],
      [`${'a'.repeat(65)}@example.org`, null],
      [`${'a'.repeat(6)}@${longDomain}`, `${'a'.repeat(6)}@${longDomain}`],
      [`${'a'.repeat(7)}@${longDomain}`, null],
      ['', null],
    ] as const) {
      assert.equal(normalizeEmail(input), expected, input);
    }
    for (const [input, expected] of [
      ['  @AyeshaR ', '@AyeshaR'],
      ['Cafe\u0301', 'Café'],
      ['x'.repeat(200), 'x'.repeat(200)],
      ['x'.repeat(201), null],
      ['   ', null],
      ['bad\u0000id', null],
      ['two\nlines', null],
    ] as const) {
      assert.equal(normalizeAccountId(input), expected, JSON.stringify(input));
    }
  });

  it('gives a deterministic lookup digest per ring, kind and value', () => {
    const keys = ring();
    const digest = lookupDigest(keys, 'phone', '+919812345678');
    assert.equal(digest.length, 32);
    assert.ok(digest.equals(lookupDigest({ ...keys, masterKeys: new Map() }, 'phone', '+919812345678')), 'only the lookup key matters');
    assert.ok(!digest.equals(lookupDigest(ring('k1', undefined, randomBytes(32)), 'phone', '+919812345678')));
    assert.ok(!digest.equals(lookupDigest(keys, 'phone', '+919812345679')));
    assert.ok(!digest.equals(lookupDigest(keys, 'account', '+919812345678')), 'the kind is part of the digest');
    assert.throws(() => lookupDigest(keys, 'phone', '+91 98123 45678'), TypeError);
    assert.throws(() => lookupDigest(keys, 'email', 'A@example.org'), TypeError);
  });
});
