import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';
import { loadOrCreateEmbeddedKeys } from './embedded-keys.ts';

const temp = mkdtempSync(path.join(tmpdir(), 'casebook-config-'));
const secret = () => randomBytes(32).toString('base64');
const server = { DATABASE_URL: 'postgres://casebook@db.internal:5432/casebook' };

describe('configuration', () => {
  after(() => rmSync(temp, { recursive: true, force: true }));

  it('has working defaults for the embedded demo', () => {
    const config = loadConfig({ env: { CASEBOOK_DATA_DIR: path.join(temp, 'defaults') }, cwd: temp });
    assert.equal(config.port, 3000);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.databaseUrl, null);
    assert.equal(config.publicUrl, 'http://127.0.0.1:3000');
    assert.equal(config.sessionIdleMinutes, 30);
    assert.equal(config.sessionAbsoluteHours, 12);
    assert.deepEqual(config.login, { maxFailuresPerAccount: 5, maxFailuresPerAddress: 20, windowMinutes: 15 });
    assert.equal(config.jobs.enabled, true);
    assert.equal(config.sessionSecret.length, 32);
    assert.equal(config.dataKey.length, 32);
    assert.equal(loadConfig({ env: {}, cwd: temp }).dataDir, path.join(temp, 'data'));
  });

  it('rejects invalid values with a message naming the setting', () => {
    const base = { CASEBOOK_DATA_DIR: path.join(temp, 'invalid') };
    for (const [env, pattern] of [
      [{ PORT: 'eighty' }, /PORT must be a whole number/],
      [{ PORT: '70000' }, /PORT/],
      [{ PORT: '8.5' }, /PORT/],
      [{ DATABASE_URL: 'mysql://root@localhost/casebook' }, /DATABASE_URL must be a postgres/],
      [{ CASEBOOK_LOG_LEVEL: 'loud' }, /CASEBOOK_LOG_LEVEL/],
      [{ CASEBOOK_TRUST_PROXY: 'maybe' }, /CASEBOOK_TRUST_PROXY must be true or false/],
      [{ CASEBOOK_PUBLIC_URL: 'ftp://casebook' }, /CASEBOOK_PUBLIC_URL/],
      [{ CASEBOOK_FIRST_ADMIN_EMAIL: 'not-an-address' }, /CASEBOOK_FIRST_ADMIN_EMAIL/],
    ] as const) {
      assert.throws(() => loadConfig({ env: { ...base, ...env } }), (e: unknown) => e instanceof ConfigError && pattern.test(e.message), JSON.stringify(env));
    }
  });

  it('reads a JSON config file, lets the environment win, and rejects unknown keys', () => {
    const file = path.join(temp, 'casebook.json');
    writeFileSync(file, JSON.stringify({ port: 8080, sessionIdleMinutes: 10, dataDir: path.join(temp, 'file') }));
    const config = loadConfig({ env: { CASEBOOK_CONFIG: file, PORT: '9090' } });
    assert.equal(config.port, 9090);
    assert.equal(config.sessionIdleMinutes, 10);
    writeFileSync(file, JSON.stringify({ port: 8080, sesionIdleMinutes: 10 }));
    assert.throws(() => loadConfig({ env: { CASEBOOK_CONFIG: file } }), /unknown key "sesionIdleMinutes"/);
    writeFileSync(file, '[1, 2]');
    assert.throws(() => loadConfig({ env: { CASEBOOK_CONFIG: file } }), /one JSON object/);
    assert.throws(() => loadConfig({ env: { CASEBOOK_CONFIG: path.join(temp, 'missing.json') } }), ConfigError);
  });

  it('refuses a PostgreSQL server without both secrets, or with default or short ones', () => {
    assert.throws(() => loadConfig({ env: { ...server } }), /CASEBOOK_SESSION_SECRET and CASEBOOK_DATA_KEY/);
    assert.throws(() => loadConfig({ env: { ...server, CASEBOOK_SESSION_SECRET: secret() } }), /needs CASEBOOK_DATA_KEY/);
    for (const weak of ['changeme', 'CHANGEME', 'secret', Buffer.alloc(16, 7).toString('base64')]) {
      assert.throws(() => loadConfig({ env: { ...server, CASEBOOK_SESSION_SECRET: weak, CASEBOOK_DATA_KEY: secret() } }), ConfigError, weak);
    }
    const ok = loadConfig({ env: { ...server, CASEBOOK_SESSION_SECRET: secret(), CASEBOOK_DATA_KEY: secret(), CASEBOOK_DATA_DIR: path.join(temp, 'server') } });
    assert.equal(ok.databaseUrl, server.DATABASE_URL);
  });

  it('creates the embedded keys once with mode 0600 and reuses them', () => {
    const dir = path.join(temp, 'keys');
    const first = loadConfig({ env: { CASEBOOK_DATA_DIR: dir } });
    const file = path.join(dir, 'keys.json');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const second = loadConfig({ env: { CASEBOOK_DATA_DIR: dir } });
    assert.ok(first.sessionSecret.equals(second.sessionSecret));
    assert.ok(first.dataKey.equals(second.dataKey));
    assert.ok(!first.sessionSecret.equals(first.dataKey));
    // Loosened permissions are tightened again on the next start.
    const before = readFileSync(file, 'utf8');
    rmSync(file);
    writeFileSync(file, before, { mode: 0o644 });
    const keys = loadOrCreateEmbeddedKeys(dir);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.ok(keys.sessionSecret.equals(first.sessionSecret));
    // A secret given in the environment wins over the stored one.
    const given = randomBytes(32);
    assert.ok(loadConfig({ env: { CASEBOOK_DATA_DIR: dir, CASEBOOK_SESSION_SECRET: given.toString('base64') } }).sessionSecret.equals(given));
  });
});
