import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../config/config.ts';

const temp = mkdtempSync(path.join(tmpdir(), 'casebook-mail-config-'));
const load = (env: Record<string, string>) => loadConfig({ env: { CASEBOOK_DATA_DIR: path.join(temp, 'data'), ...env }, cwd: temp });

describe('mail configuration', () => {
  after(() => rmSync(temp, { recursive: true, force: true }));

  it('keeps mail in the outbox by default, reminding a day before the due time', () => {
    assert.deepEqual(load({}).mail, {
      smtp: null,
      from: 'Casebook <casebook@casebook.local>',
      reminderBeforeHours: 24,
      retries: 8,
      retryDelaySeconds: 30,
      bounceAddress: null,
    });
  });

  it('takes a bounce address from the environment or the config file', () => {
    assert.equal(load({ CASEBOOK_MAIL_BOUNCE_ADDRESS: 'bounces@cert.example.org' }).mail.bounceAddress, 'bounces@cert.example.org');
    const file = path.join(temp, 'bounce.json');
    writeFileSync(file, JSON.stringify({ mailBounceAddress: 'casebook-bounces@mail.cert.example.org' }));
    assert.equal(load({ CASEBOOK_CONFIG: file }).mail.bounceAddress, 'casebook-bounces@mail.cert.example.org');
  });

  it('reads the SMTP server from a URL, credentials decoded, with the usual port for each scheme', () => {
    assert.deepEqual(load({ CASEBOOK_SMTP_URL: 'smtp://cert%40example.org:p%3Ass%2Fword@mail.example.org' }).mail.smtp, {
      host: 'mail.example.org',
      port: 587,
      secure: false,
      user: 'cert@example.org',
      password: 'p:ss/word',
    });
    assert.deepEqual(load({ CASEBOOK_SMTP_URL: 'smtps://relay.example.org' }).mail.smtp, {
      host: 'relay.example.org',
      port: 465,
      secure: true,
      user: null,
      password: null,
    });
    assert.equal(load({ CASEBOOK_SMTP_URL: 'smtp://relay.example.org:2525' }).mail.smtp?.port, 2525);
  });

  it('reads the SMTP server from separate settings, also from the config file', () => {
    assert.deepEqual(
      load({
        CASEBOOK_SMTP_HOST: 'mail.example.org',
        CASEBOOK_SMTP_SECURE: 'true',
        CASEBOOK_SMTP_USER: 'casebook',
        CASEBOOK_SMTP_PASSWORD: 'secret-Value-1',
      }).mail.smtp,
      { host: 'mail.example.org', port: 465, secure: true, user: 'casebook', password: 'secret-Value-1' },
    );
    const file = path.join(temp, 'casebook.json');
    writeFileSync(
      file,
      JSON.stringify({ smtpHost: 'mail.example.org', smtpPort: 25, mailFrom: 'CERT <noreply@cert.example.org>', reminderBeforeHours: 48 }),
    );
    const config = load({ CASEBOOK_CONFIG: file });
    assert.deepEqual(config.mail.smtp, { host: 'mail.example.org', port: 25, secure: false, user: null, password: null });
    assert.equal(config.mail.from, 'CERT <noreply@cert.example.org>');
    assert.equal(config.mail.reminderBeforeHours, 48);
  });

  it('refuses a malformed setting with a message naming it, and never repeats a password', () => {
    for (const [env, pattern] of [
      [{ CASEBOOK_SMTP_URL: 'http://mail.example.org' }, /CASEBOOK_SMTP_URL must start with smtp:\/\/ or smtps:\/\//],
      [{ CASEBOOK_SMTP_URL: 'smtp://user:Hunter2-secret@[broken' }, /CASEBOOK_SMTP_URL must be a URL/],
      [{ CASEBOOK_SMTP_URL: 'smtp://a.example.org', CASEBOOK_SMTP_HOST: 'b.example.org' }, /not both/],
      [{ CASEBOOK_SMTP_HOST: 'mail.example.org', CASEBOOK_SMTP_PORT: '0' }, /CASEBOOK_SMTP_PORT/],
      [{ CASEBOOK_MAIL_FROM: 'not an address' }, /CASEBOOK_MAIL_FROM must be an e-mail address/],
      [{ CASEBOOK_MAIL_FROM: 'casebook@example.org\r\nBcc: all@example.org' }, /CASEBOOK_MAIL_FROM/],
      [{ CASEBOOK_REMINDER_BEFORE_HOURS: '0' }, /CASEBOOK_REMINDER_BEFORE_HOURS/],
      [{ CASEBOOK_MAIL_RETRY_DELAY_SECONDS: 'soon' }, /CASEBOOK_MAIL_RETRY_DELAY_SECONDS/],
      // The token takes 41 of the 64 characters of the local part; a + would confuse the two.
      [
        { CASEBOOK_MAIL_BOUNCE_ADDRESS: 'casebook-delivery-reports@cert.example.org' },
        /CASEBOOK_MAIL_BOUNCE_ADDRESS must be a bare e-mail address/,
      ],
      [{ CASEBOOK_MAIL_BOUNCE_ADDRESS: 'bounces+cert@cert.example.org' }, /CASEBOOK_MAIL_BOUNCE_ADDRESS/],
      [{ CASEBOOK_MAIL_BOUNCE_ADDRESS: 'Casebook <bounces@cert.example.org>' }, /CASEBOOK_MAIL_BOUNCE_ADDRESS/],
    ] as const) {
      assert.throws(
        () => load(env),
        (error: unknown) => error instanceof ConfigError && pattern.test(error.message) && !error.message.includes('Hunter2'),
        JSON.stringify(env),
      );
    }
  });
});
