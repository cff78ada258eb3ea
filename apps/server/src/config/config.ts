/**
 * One validated configuration object, built once at start from the environment and an
 * optional JSON file (CASEBOOK_CONFIG). Nothing else reads process.env.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadOrCreateEmbeddedRegisterKeys, parseRegisterKeyRing, type RegisterKeyRing } from '../crypto/register-keys.ts';
import { DEFAULT_REFERENCE_PATTERN, referencePatternProblem } from '../modules/notices/reference-pattern.ts';
import { loadOrCreateEmbeddedKeys } from './embedded-keys.ts';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  publicUrl: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  sessionSecret: Buffer;
  dataKey: Buffer;
  /**
   * The affected-persons register's keys (ADR 0008): master keys and the lookup key. Embedded
   * mode generates them into ./data/register-keys.json (0600); a server reads
   * CASEBOOK_REGISTER_KEYS, and without it the register answers 503.
   */
  registerKeys: RegisterKeyRing | null;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  bodyLimitBytes: number;
  trustProxy: boolean;
  dbPoolSize: number;
  login: { maxFailuresPerAccount: number; maxFailuresPerAddress: number; windowMinutes: number };
  jobs: { enabled: boolean };
  /** Mail (docs/modules/mail.md): where it is sent, from whom, when reminders go out, how failures retry. */
  mail: MailConfig;
  homeOrganizationName: string;
  firstAdminEmail: string;
  webDir: string;
  /** Notices (docs/modules/notices.md): the reference pattern taken at issue, the largest attachment. */
  notices: { referencePattern: string; attachmentMaxBytes: number };
}

/** An SMTP server to send through; without one, mail stays in the outbox for admins. */
export interface SmtpSettings {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user: string | null;
  password: string | null;
}

export interface MailConfig {
  smtp: SmtpSettings | null;
  from: string;
  /** How long before a notice's due time its recipients get a reminder. */
  reminderBeforeHours: number;
  /** Retries of a failed delivery, with exponential back-off from retryDelaySeconds. */
  retries: number;
  retryDelaySeconds: number;
  /**
   * Where bounces go (the envelope sender): each message is sent from
   * `<local>+<signed message token>@<domain>`, so a bounce names the message it is about.
   * Unset (null or absent): the envelope sender is the From address.
   */
  bounceAddress?: string | null;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Source = Record<string, string | undefined>;

/** Keys of the config file, each mapped to its environment variable. */
const FILE_KEYS: Record<string, string> = {
  port: 'PORT',
  host: 'HOST',
  dataDir: 'CASEBOOK_DATA_DIR',
  databaseUrl: 'DATABASE_URL',
  publicUrl: 'CASEBOOK_PUBLIC_URL',
  logLevel: 'CASEBOOK_LOG_LEVEL',
  sessionSecret: 'CASEBOOK_SESSION_SECRET',
  dataKey: 'CASEBOOK_DATA_KEY',
  sessionIdleMinutes: 'CASEBOOK_SESSION_IDLE_MINUTES',
  sessionAbsoluteHours: 'CASEBOOK_SESSION_ABSOLUTE_HOURS',
  bodyLimitBytes: 'CASEBOOK_BODY_LIMIT_BYTES',
  trustProxy: 'CASEBOOK_TRUST_PROXY',
  dbPoolSize: 'CASEBOOK_DB_POOL_SIZE',
  loginMaxFailuresPerAccount: 'CASEBOOK_LOGIN_MAX_FAILURES_PER_ACCOUNT',
  loginMaxFailuresPerAddress: 'CASEBOOK_LOGIN_MAX_FAILURES_PER_ADDRESS',
  loginWindowMinutes: 'CASEBOOK_LOGIN_WINDOW_MINUTES',
  jobs: 'CASEBOOK_JOBS',
  smtpUrl: 'CASEBOOK_SMTP_URL',
  smtpHost: 'CASEBOOK_SMTP_HOST',
  smtpPort: 'CASEBOOK_SMTP_PORT',
  smtpSecure: 'CASEBOOK_SMTP_SECURE',
  smtpUser: 'CASEBOOK_SMTP_USER',
  smtpPassword: 'CASEBOOK_SMTP_PASSWORD',
  mailFrom: 'CASEBOOK_MAIL_FROM',
  reminderBeforeHours: 'CASEBOOK_REMINDER_BEFORE_HOURS',
  mailRetries: 'CASEBOOK_MAIL_RETRIES',
  mailRetryDelaySeconds: 'CASEBOOK_MAIL_RETRY_DELAY_SECONDS',
  mailBounceAddress: 'CASEBOOK_MAIL_BOUNCE_ADDRESS',
  homeOrganizationName: 'CASEBOOK_HOME_ORGANIZATION',
  firstAdminEmail: 'CASEBOOK_FIRST_ADMIN_EMAIL',
  noticesReferencePattern: 'CASEBOOK_NOTICES_REFERENCE_PATTERN',
  noticesAttachmentMaxBytes: 'CASEBOOK_NOTICES_ATTACHMENT_MAX_BYTES',
};

/** Secrets that ship in examples and must never run a server deployment. */
const KNOWN_DEFAULT_SECRETS = new Set(['changeme', 'change-me', 'secret', 'casebook', 'default', 'password']);

function readFileSource(file: string | undefined): Source {
  if (!file) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`Cannot read the config file ${file}: ${(error as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`The config file ${file} must hold one JSON object.`);
  }
  const out: Source = {};
  for (const [key, value] of Object.entries(parsed)) {
    const envName = FILE_KEYS[key];
    if (!envName) throw new ConfigError(`The config file ${file} has an unknown key "${key}".`);
    out[envName] = value === null || value === undefined ? undefined : String(value);
  }
  return out;
}

function int(src: Source, name: string, fallback: number, min: number, max: number): number {
  const raw = src[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}; got "${raw}".`);
  }
  return value;
}

function bool(src: Source, name: string, fallback: boolean): boolean {
  const raw = src[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false; got "${raw}".`);
}

function secret(src: Source, name: string): Buffer | null {
  const raw = src[name];
  if (raw === undefined || raw === '') return null;
  if (KNOWN_DEFAULT_SECRETS.has(raw.toLowerCase())) {
    throw new ConfigError(`${name} is set to a well-known default value; generate one with: openssl rand -base64 32`);
  }
  const bytes = Buffer.from(raw, 'base64');
  if (bytes.length < 32) {
    throw new ConfigError(`${name} must be at least 32 random bytes, base64-encoded; generate one with: openssl rand -base64 32`);
  }
  return bytes;
}

function email(src: Source, name: string, fallback: string): string {
  const value = src[name] || fallback;
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value) || value.length > 254) throw new ConfigError(`${name} must be an e-mail address.`);
  return value;
}

/** CASEBOOK_SMTP_URL (smtp:// or smtps://, credentials in it) or the separate CASEBOOK_SMTP_* settings. */
function smtpSettings(src: Source): SmtpSettings | null {
  const raw = src.CASEBOOK_SMTP_URL;
  if (raw) {
    if (src.CASEBOOK_SMTP_HOST) throw new ConfigError('Set either CASEBOOK_SMTP_URL or CASEBOOK_SMTP_HOST, not both.');
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      // The value may hold a password: never repeat it.
      throw new ConfigError('CASEBOOK_SMTP_URL must be a URL such as smtp://user:password@mail.example.org:587.');
    }
    if ((url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || !url.hostname) {
      throw new ConfigError('CASEBOOK_SMTP_URL must start with smtp:// or smtps:// and name a host.');
    }
    const secure = url.protocol === 'smtps:';
    return {
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port ? Number(url.port) : secure ? 465 : 587,
      secure,
      user: url.username ? decodeURIComponent(url.username) : null,
      password: url.password ? decodeURIComponent(url.password) : null,
    };
  }
  const host = src.CASEBOOK_SMTP_HOST;
  if (!host) return null;
  const secure = bool(src, 'CASEBOOK_SMTP_SECURE', false);
  return {
    host,
    port: int(src, 'CASEBOOK_SMTP_PORT', secure ? 465 : 587, 1, 65535),
    secure,
    user: src.CASEBOOK_SMTP_USER || null,
    password: src.CASEBOOK_SMTP_PASSWORD || null,
  };
}

function mailFrom(src: Source): string {
  const value = src.CASEBOOK_MAIL_FROM || 'Casebook <casebook@casebook.local>';
  // "Name <address>" or a bare address; no line breaks (they would start a new header).
  const address = /<([^<>]+)>\s*$/.exec(value)?.[1] ?? value;
  if (/[\r\n]/.test(value) || value.length > 320 || !/^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/.test(address)) {
    throw new ConfigError('CASEBOOK_MAIL_FROM must be an e-mail address, optionally with a name: Casebook <casebook@cert.example.org>.');
  }
  return value;
}

/**
 * A bare address whose local part leaves room for `+` and the 40-character token within
 * the 64 characters SMTP allows a local part (RFC 5321).
 */
function bounceAddress(src: Source): string | null {
  const value = src.CASEBOOK_MAIL_BOUNCE_ADDRESS;
  if (!value) return null;
  const match = /^([A-Za-z0-9._-]{1,23})@([A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+)$/.exec(value);
  if (!match || match[1].startsWith('.') || match[1].endsWith('.') || match[1].includes('..')) {
    throw new ConfigError(
      'CASEBOOK_MAIL_BOUNCE_ADDRESS must be a bare e-mail address whose part before the @ has at most 23 letters, digits, dots, hyphens or underscores (no +): bounces@cert.example.org.',
    );
  }
  return value;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export interface LoadConfigOptions {
  env?: Source;
  /** Directory relative paths are resolved against (the working directory by default). */
  cwd?: string;
}

export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const src: Source = { ...readFileSource(env.CASEBOOK_CONFIG), ...stripEmpty(env) };

  const port = int(src, 'PORT', 3000, 0, 65535);
  const host = src.HOST || '127.0.0.1';
  const dataDir = path.resolve(cwd, src.CASEBOOK_DATA_DIR || './data');
  const databaseUrl = src.DATABASE_URL || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// or postgresql:// URL.');
  }
  const logLevel = (src.CASEBOOK_LOG_LEVEL || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`CASEBOOK_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}.`);
  }
  const displayHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const publicUrl = (src.CASEBOOK_PUBLIC_URL || `http://${displayHost}:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(publicUrl)) throw new ConfigError('CASEBOOK_PUBLIC_URL must be an http(s) URL.');

  let sessionSecret = secret(src, 'CASEBOOK_SESSION_SECRET');
  let dataKey = secret(src, 'CASEBOOK_DATA_KEY');
  if (databaseUrl) {
    const missing = [!sessionSecret && 'CASEBOOK_SESSION_SECRET', !dataKey && 'CASEBOOK_DATA_KEY'].filter(Boolean);
    if (missing.length > 0) {
      throw new ConfigError(
        `Running against a PostgreSQL server needs ${missing.join(' and ')} (32 random bytes, base64: openssl rand -base64 32).`,
      );
    }
  } else if (!sessionSecret || !dataKey) {
    const keys = loadOrCreateEmbeddedKeys(dataDir);
    sessionSecret ??= keys.sessionSecret;
    dataKey ??= keys.dataKey;
  }

  const registerKeysText = src.CASEBOOK_REGISTER_KEYS?.trim();
  const registerKeys = registerKeysText
    ? parseRegisterKeyRing(registerKeysText)
    : databaseUrl
      ? null
      : loadOrCreateEmbeddedRegisterKeys(dataDir);

  return {
    port,
    host,
    dataDir,
    databaseUrl,
    publicUrl,
    logLevel,
    sessionSecret: sessionSecret as Buffer,
    dataKey: dataKey as Buffer,
    registerKeys,
    sessionIdleMinutes: int(src, 'CASEBOOK_SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    sessionAbsoluteHours: int(src, 'CASEBOOK_SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 30),
    bodyLimitBytes: int(src, 'CASEBOOK_BODY_LIMIT_BYTES', 1024 * 1024, 1024, 100 * 1024 * 1024),
    trustProxy: bool(src, 'CASEBOOK_TRUST_PROXY', false),
    dbPoolSize: int(src, 'CASEBOOK_DB_POOL_SIZE', 10, 1, 500),
    login: {
      maxFailuresPerAccount: int(src, 'CASEBOOK_LOGIN_MAX_FAILURES_PER_ACCOUNT', 5, 1, 1000),
      maxFailuresPerAddress: int(src, 'CASEBOOK_LOGIN_MAX_FAILURES_PER_ADDRESS', 20, 1, 100000),
      windowMinutes: int(src, 'CASEBOOK_LOGIN_WINDOW_MINUTES', 15, 1, 24 * 60),
    },
    jobs: { enabled: bool(src, 'CASEBOOK_JOBS', true) },
    mail: {
      smtp: smtpSettings(src),
      from: mailFrom(src),
      reminderBeforeHours: int(src, 'CASEBOOK_REMINDER_BEFORE_HOURS', 24, 1, 24 * 30),
      retries: int(src, 'CASEBOOK_MAIL_RETRIES', 8, 0, 20),
      retryDelaySeconds: int(src, 'CASEBOOK_MAIL_RETRY_DELAY_SECONDS', 30, 1, 3600),
      bounceAddress: bounceAddress(src),
    },
    homeOrganizationName: (src.CASEBOOK_HOME_ORGANIZATION || 'National CERT').slice(0, 200),
    firstAdminEmail: email(src, 'CASEBOOK_FIRST_ADMIN_EMAIL', 'admin@casebook.local'),
    webDir: path.resolve(import.meta.dirname, '../../../web/dist'),
    notices: {
      referencePattern: referencePattern(src, 'CASEBOOK_NOTICES_REFERENCE_PATTERN'),
      attachmentMaxBytes: int(src, 'CASEBOOK_NOTICES_ATTACHMENT_MAX_BYTES', 10 * 1024 * 1024, 1024, 100 * 1024 * 1024),
    },
  };
}

function referencePattern(src: Source, name: string): string {
  const value = src[name] || DEFAULT_REFERENCE_PATTERN;
  const problem = referencePatternProblem(value);
  if (problem) throw new ConfigError(`${name} ${problem}; got "${value}".`);
  return value;
}

function stripEmpty(env: Source): Source {
  const out: Source = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}
