/**
 * Keys and envelope encryption for the affected-persons register (docs/adr/0008).
 *
 * Each incident has its own random data key; the register's fields are sealed under it with
 * AES-256-GCM, bound to `<personId>:<fieldName>`. The data key is stored only wrapped
 * (AES-256-GCM, bound to the incident id) under a master key from the key ring, which lives
 * outside the database: `<dataDir>/register-keys.json` (mode 0600) in embedded mode, or the
 * CASEBOOK_REGISTER_KEYS setting for a PostgreSQL server. Identifiers are found by exact
 * match on HMAC-SHA-256 digests under a separate lookup key. Rotating a master key re-wraps
 * data keys; the sealed fields are never touched.
 *
 * No error message here carries key material, a plaintext or an identifier.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { domainToASCII } from 'node:url';
import { ConfigError } from '../config/config.ts';

export interface RegisterKeyRing {
  /** Id of the master key new data keys are wrapped under. */
  current: string;
  /** Every master key still needed to unwrap a stored data key, 32 bytes each, by id. */
  masterKeys: Map<string, Buffer>;
  /** HMAC key for lookup digests; never used to encrypt. */
  lookupKey: Buffer;
}

/** A data key as stored beside its incident. */
export interface WrappedDataKey {
  masterKeyId: string;
  wrapped: string;
}

export type RegisterKeyErrorCode = 'register.key_unavailable' | 'register.key_invalid' | 'register.key_in_use';

/** A key that is missing, wrong or does not authenticate. Not an AppError: it is a server fault, never the caller's. */
export class RegisterKeyError extends Error {
  override name = 'RegisterKeyError';

  constructor(
    readonly code: RegisterKeyErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[a-z0-9-]{1,40}$/;
const KEY_FILE = 'register-keys.json';

// ---------------------------------------------------------------------------------------
// The key ring: parsing, the embedded key file, adding and removing master keys
// ---------------------------------------------------------------------------------------

/** Reads the key ring's JSON (`{ current, masterKeys: { id: base64 }, lookupKey: base64 }`). */
export function parseRegisterKeyRing(text: string, source = 'CASEBOOK_REGISTER_KEYS'): RegisterKeyRing {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // JSON.parse quotes the text around the error, which may be key material.
    throw new ConfigError(`${source} is not valid JSON.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`${source} must be one JSON object with current, masterKeys and lookupKey.`);
  }
  const { current, masterKeys, lookupKey, ...rest } = parsed as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw new ConfigError(`${source} has an unknown key "${unknown[0]}".`);
  if (typeof current !== 'string' || current === '') throw new ConfigError(`${source} must name its current master key in "current".`);
  if (!KEY_ID.test(current)) throw new ConfigError(`${source}: "current" must be a key id of 1 to 40 characters a-z, 0-9 and "-".`);
  if (typeof masterKeys !== 'object' || masterKeys === null || Array.isArray(masterKeys)) {
    throw new ConfigError(`${source} must hold its master keys as an object { "<id>": "<base64>" } in "masterKeys".`);
  }
  const ring: RegisterKeyRing = { current, masterKeys: new Map(), lookupKey: key32(lookupKey, `${source}: lookupKey`) };
  for (const [id, value] of Object.entries(masterKeys)) {
    if (!KEY_ID.test(id)) throw new ConfigError(`${source}: master key ids must be 1 to 40 characters a-z, 0-9 and "-".`);
    ring.masterKeys.set(id, key32(value, `${source}: master key "${id}"`));
  }
  if (!ring.masterKeys.has(current)) throw new ConfigError(`${source}: the current master key "${current}" is not among masterKeys.`);
  for (const [id, key] of ring.masterKeys) {
    if (key.equals(ring.lookupKey)) throw new ConfigError(`${source}: lookupKey must be a separate key, not a copy of master key "${id}".`);
  }
  return ring;
}

function key32(value: unknown, name: string): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'base64') : Buffer.alloc(0);
  // Buffer.from skips characters that are not base64, so also check it reads back the same.
  if (bytes.length !== KEY_BYTES || bytes.toString('base64') !== value) {
    throw new ConfigError(`${name} must be exactly ${KEY_BYTES} random bytes, base64-encoded; generate one with: openssl rand -base64 32`);
  }
  return bytes;
}

function serialize(ring: RegisterKeyRing): string {
  const masterKeys = Object.fromEntries([...ring.masterKeys].map(([id, key]) => [id, key.toString('base64')]));
  return `${JSON.stringify({ current: ring.current, masterKeys, lookupKey: ring.lookupKey.toString('base64') }, null, 2)}\n`;
}

/** `k-<yyyymmdd>-<6 random hex>`: sortable by creation day, unique by the random part. */
function newKeyId(now = new Date()): string {
  return `k-${now.toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(3).toString('hex')}`;
}

/** Embedded mode: the key ring in `<dataDir>/register-keys.json`, created 0600 on first call. */
export function loadOrCreateEmbeddedRegisterKeys(dataDir: string): RegisterKeyRing {
  const file = path.join(dataDir, KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const id = newKeyId();
    const ring: RegisterKeyRing = { current: id, masterKeys: new Map([[id, randomBytes(KEY_BYTES)]]), lookupKey: randomBytes(KEY_BYTES) };
    let fd = -1;
    try {
      fd = openSync(file, 'wx', 0o600);
    } catch (error) {
      // Another process created it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (fd !== -1) {
      // On disk before any data key is wrapped under it: losing it loses the register.
      try {
        writeFileSync(fd, serialize(ring));
        fsyncSync(fd);
      } catch (error) {
        closeSync(fd);
        rmSync(file, { force: true });
        throw error;
      }
      closeSync(fd);
      syncDirectory(dataDir);
    }
  }
  tightenMode(file);
  return parseRegisterKeyRing(readFileSync(file, 'utf8'), file);
}

/** Tightens permissions left loose by a copy or an unpack. */
function tightenMode(file: string): void {
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
}

/**
 * Embedded mode: adds a new master key and makes it current; returns its id. The old keys
 * stay until every data key has been re-wrapped (see `rewrapDataKey`), then go with
 * `removeMasterKey`. A running server keeps the ring it loaded at start: restart it.
 */
export function addMasterKey(dataDir: string): string {
  let id = '';
  updateKeyFile(dataDir, (ring) => {
    do {
      id = newKeyId();
    } while (ring.masterKeys.has(id));
    ring.masterKeys.set(id, randomBytes(KEY_BYTES));
    ring.current = id;
  });
  return id;
}

/**
 * Embedded mode: drops a master key that is no longer current. The caller checks first
 * that no stored data key is still wrapped under it: those would be lost for good.
 */
export function removeMasterKey(dataDir: string, id: string): void {
  updateKeyFile(dataDir, (ring) => {
    if (!ring.masterKeys.has(id))
      throw new RegisterKeyError(
        'register.key_unavailable',
        `There is no master key "${KEY_ID.test(id) ? id : '?'}" in the register key file.`,
      );
    if (ring.current === id)
      throw new RegisterKeyError('register.key_in_use', `Master key "${id}" is the current key; add a new one before removing it.`);
    ring.masterKeys.delete(id);
  });
}

/**
 * Rewrites the key file atomically: a crash leaves either the old file or the new one.
 * The temporary file is created exclusively before the ring is read, so it doubles as a
 * lock: two rotations at once cannot each drop the other's new key.
 */
function updateKeyFile(dataDir: string, change: (ring: RegisterKeyRing) => void): void {
  const file = path.join(dataDir, KEY_FILE);
  const temp = `${file}.tmp`;
  // A mistyped data directory must not get a fresh key file that only looks rotated.
  if (!existsSync(file)) throw new ConfigError(`There is no register key file at ${file}.`);
  tightenMode(file);
  let fd: number;
  try {
    fd = openSync(temp, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    throw new ConfigError(`${temp} exists: another key change is running, or one was interrupted (then delete that file and try again).`);
  }
  try {
    try {
      const ring = parseRegisterKeyRing(readFileSync(file, 'utf8'), file);
      change(ring);
      writeFileSync(fd, serialize(ring));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  syncDirectory(dataDir);
}

/** Makes a new or renamed file's directory entry durable; some platforms cannot open a directory, and then the OS decides. */
function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Best effort only.
  }
}

// ---------------------------------------------------------------------------------------
// Data keys and sealed fields
// ---------------------------------------------------------------------------------------

export function generateDataKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

/** The AAD labels keep a wrapped key and a sealed field from ever standing in for each other. */
const dataKeyAad = (incidentId: string) => `casebook.register.data-key.v1:${incidentId}`;
const fieldAadLabel = (aad: string) => `casebook.register.field.v1:${aad}`;

/** The AAD of one field of one person, as `sealField` and `openField` expect it. */
export function fieldAad(personId: string, fieldName: string): string {
  return `${personId}:${fieldName}`;
}

/** Wraps an incident's data key under the current master key, bound to the incident id. */
export function wrapDataKey(ring: RegisterKeyRing, incidentId: string, dataKey: Buffer): WrappedDataKey {
  const masterKey = ring.masterKeys.get(ring.current);
  if (!masterKey)
    throw new RegisterKeyError('register.key_unavailable', `The current master key "${ring.current}" is not in the key ring.`);
  requireKey(dataKey, 'The data key');
  return { masterKeyId: ring.current, wrapped: seal(masterKey, dataKeyAad(requireAad(incidentId)), dataKey) };
}

export function unwrapDataKey(ring: RegisterKeyRing, incidentId: string, stored: WrappedDataKey): Buffer {
  const masterKey = ring.masterKeys.get(stored.masterKeyId);
  if (!masterKey) {
    throw new RegisterKeyError(
      'register.key_unavailable',
      `The master key "${KEY_ID.test(stored.masterKeyId) ? stored.masterKeyId : '?'}" this data key is wrapped under is not in the key ring.`,
    );
  }
  const dataKey = open(masterKey, dataKeyAad(requireAad(incidentId)), stored.wrapped, 'The data key');
  if (dataKey.length !== KEY_BYTES) throw new RegisterKeyError('register.key_invalid', 'The data key does not have the expected length.');
  return dataKey;
}

/** Key rotation: the same data key, wrapped again under the ring's current master key. */
export function rewrapDataKey(ring: RegisterKeyRing, incidentId: string, stored: WrappedDataKey): WrappedDataKey {
  const dataKey = unwrapDataKey(ring, incidentId, stored);
  try {
    return wrapDataKey(ring, incidentId, dataKey);
  } finally {
    dataKey.fill(0);
  }
}

/** Encrypts one field value; `aad` is `fieldAad(personId, fieldName)`. */
export function sealField(dataKey: Buffer, aad: string, plaintext: string): string {
  return seal(requireKey(dataKey, 'The data key'), fieldAadLabel(requireAad(aad)), Buffer.from(plaintext, 'utf8'));
}

export function openField(dataKey: Buffer, aad: string, sealed: string): string {
  return open(requireKey(dataKey, 'The data key'), fieldAadLabel(requireAad(aad)), sealed, 'The field').toString('utf8');
}

function requireKey(key: Buffer, what: string): Buffer {
  if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES)
    throw new RegisterKeyError('register.key_invalid', `${what} must be ${KEY_BYTES} bytes.`);
  return key;
}

function requireAad(aad: string): string {
  // An empty binding would bind nothing: a caller passing '' has lost track of its ids.
  if (typeof aad !== 'string' || aad === '') throw new TypeError('The additional authenticated data must be a non-empty string.');
  return aad;
}

/**
 * Random nonces, drawn from the system's CSPRNG a few thousand at a time: one call for each
 * 96-bit nonce cost more than the encryption itself when an import seals 300,000 fields.
 * Each nonce is used once; random 96-bit nonces under one key are safe far beyond 2^32 uses.
 */
const NONCE_POOL = 4096;
let noncePool = Buffer.alloc(0);
let nonceAt = 0;
function nextNonce(): Buffer {
  if (nonceAt + NONCE_BYTES > noncePool.length) {
    noncePool = randomBytes(NONCE_BYTES * NONCE_POOL);
    nonceAt = 0;
  }
  const nonce = noncePool.subarray(nonceAt, nonceAt + NONCE_BYTES);
  nonceAt += NONCE_BYTES;
  return nonce;
}

/** AES-256-GCM with a random nonce: `v1.<nonce>.<tag>.<ciphertext>`, base64url, as `encryptString` in tokens.ts. */
function seal(key: Buffer, aad: string, plaintext: Buffer): string {
  const iv = nextNonce();
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

function open(key: Buffer, aad: string, sealed: string, what: string): Buffer {
  const parts = typeof sealed === 'string' ? sealed.split('.') : [];
  if (parts.length !== 4 || parts[0] !== 'v1') throw new RegisterKeyError('register.key_invalid', `${what} is not in the expected format.`);
  const iv = Buffer.from(parts[1], 'base64url');
  const tag = Buffer.from(parts[2], 'base64url');
  // The tag length is fixed: GCM would otherwise accept a truncated tag.
  if (iv.length !== NONCE_BYTES || tag.length !== TAG_BYTES)
    throw new RegisterKeyError('register.key_invalid', `${what} is not in the expected format.`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(parts[3], 'base64url')), decipher.final()]);
  } catch {
    throw new RegisterKeyError('register.key_invalid', `${what} does not authenticate: wrong key, or it was altered or moved.`);
  }
}

// ---------------------------------------------------------------------------------------
// Identifiers: one normal form each, and their lookup digests
// ---------------------------------------------------------------------------------------

export type IdentifierKind = 'phone' | 'email' | 'account';

/**
 * E.164 (`+` then 8 to 15 digits, the first 1 to 9), allowing spaces, dashes, dots and
 * parentheses as separators. Without a leading `+` the country is unknown and the number
 * is refused rather than guessed; so is a `(0)` trunk prefix, which would otherwise be
 * kept as a digit and make a different number.
 */
export function normalizePhone(value: string): string | null {
  if (typeof value !== 'string' || value.length > 64) return null;
  const trimmed = value.trim();
  if (!/^\+[\d\s().-]+$/.test(trimmed) || /\(\s*0\s*\)/.test(trimmed)) return null;
  const phone = `+${trimmed.slice(1).replace(/[\s().-]/g, '')}`;
  return /^\+[1-9]\d{7,14}$/.test(phone) ? phone : null;
}

/**
 * Trimmed, NFC, lower-cased, with an internationalised domain in its ASCII (punycode)
 * form, so the same address always gives the same digest. Provider-specific aliases
 * (dots, `+tags`) are not folded: that would be a guess.
 */
export function normalizeEmail(value: string): string | null {
  if (typeof value !== 'string' || value.length > 1024) return null;
  const address = value.trim().normalize('NFC').toLowerCase();
  const at = address.indexOf('@');
  if (at < 1 || at !== address.lastIndexOf('@')) return null;
  const local = address.slice(0, at);
  const domain = domainToASCII(address.slice(at + 1));
  if (local.length > 64 || /[\s\p{Cc}"\\]/u.test(local) || local.startsWith('.') || local.endsWith('.') || local.includes('..'))
    return null;
  if (!/^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/.test(domain)) return null;
  const email = `${local}@${domain}`;
  return email.length <= 254 ? email : null;
}

/** An account name or id on some service: trimmed and NFC, case kept (many services are case-sensitive). */
export function normalizeAccountId(value: string): string | null {
  if (typeof value !== 'string') return null;
  const account = value.trim().normalize('NFC');
  const length = [...account].length;
  if (length < 1 || length > 200 || /[\p{Cc}\u2028\u2029]/u.test(account)) return null;
  return account;
}

const NORMALIZERS: Record<IdentifierKind, (value: string) => string | null> = {
  phone: normalizePhone,
  email: normalizeEmail,
  account: normalizeAccountId,
};

/** HMAC-SHA-256(lookupKey, `<kind>:<normalized>`), 32 bytes: exact-match lookups without storing the identifier. */
export function lookupDigest(ring: RegisterKeyRing, kind: IdentifierKind, normalized: string): Buffer {
  const normalize = NORMALIZERS[kind];
  if (!normalize) throw new TypeError('Unknown identifier kind.');
  // A value that is not in normal form would give a digest that never matches.
  if (normalize(normalized) !== normalized) throw new TypeError(`The ${kind} identifier must be normalized before its digest is taken.`);
  return createHmac('sha256', ring.lookupKey).update(`${kind}:${normalized}`, 'utf8').digest();
}
