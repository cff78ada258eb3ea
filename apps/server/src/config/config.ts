/**
 * One validated configuration object, built once at start from the environment and an
 * optional JSON file (CASEBOOK_CONFIG). Nothing else reads process.env.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
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
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  bodyLimitBytes: number;
  trustProxy: boolean;
  dbPoolSize: number;
  login: { maxFailuresPerAccount: number; maxFailuresPerAddress: number; windowMinutes: number };
  jobs: { enabled: boolean };
  homeOrganizationName: string;
  firstAdminEmail: string;
  webDir: string;
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
  homeOrganizationName: 'CASEBOOK_HOME_ORGANIZATION',
  firstAdminEmail: 'CASEBOOK_FIRST_ADMIN_EMAIL',
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

  return {
    port,
    host,
    dataDir,
    databaseUrl,
    publicUrl,
    logLevel,
    sessionSecret: sessionSecret as Buffer,
    dataKey: dataKey as Buffer,
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
    homeOrganizationName: (src.CASEBOOK_HOME_ORGANIZATION || 'National CERT').slice(0, 200),
    firstAdminEmail: email(src, 'CASEBOOK_FIRST_ADMIN_EMAIL', 'admin@casebook.local'),
    webDir: path.resolve(import.meta.dirname, '../../../web/dist'),
  };
}

function stripEmpty(env: Source): Source {
  const out: Source = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}
