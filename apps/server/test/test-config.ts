/** A configuration for tests: fixed random keys, quiet logs, no web build needed. */
import { randomBytes } from 'node:crypto';
import type { Config } from '../src/config/config.ts';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir: '/nonexistent',
    databaseUrl: null,
    publicUrl: 'http://casebook.test',
    logLevel: 'silent',
    sessionSecret: randomBytes(32),
    dataKey: randomBytes(32),
    registerKeys: { current: 'k-test', masterKeys: new Map([['k-test', randomBytes(32)]]), lookupKey: randomBytes(32) },
    sessionIdleMinutes: 30,
    sessionAbsoluteHours: 12,
    bodyLimitBytes: 64 * 1024,
    trustProxy: false,
    dbPoolSize: 10,
    login: { maxFailuresPerAccount: 5, maxFailuresPerAddress: 20, windowMinutes: 15 },
    jobs: { enabled: false },
    mail: { smtp: null, from: 'Casebook <casebook@casebook.test>', reminderBeforeHours: 24, retries: 8, retryDelaySeconds: 30 },
    homeOrganizationName: 'Test CERT',
    firstAdminEmail: 'admin@casebook.test',
    webDir: '/nonexistent',
    notices: { referencePattern: 'CERT/{year}/N-{seq:4}', attachmentMaxBytes: 10 * 1024 * 1024 },
    ...overrides,
  };
}
