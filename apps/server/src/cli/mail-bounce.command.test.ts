import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type CliTarget, createCliTarget } from '../../test/cli-target.ts';
import type { Database } from '../db/database.ts';
import { eximPlainBounce, postfixDsn } from '../modules/mail/bounce-samples.ts';
import { mailToken, verpAddress } from '../modules/mail/bounce-token.ts';

async function withOpen<T>(target: CliTarget, work: (database: Database) => Promise<T>): Promise<T> {
  const database = await target.open();
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

const MEMBER = 'org-member@platform-a.example';

describe('casebook mail bounce', () => {
  let target: CliTarget;
  let key: Buffer;
  let mailId: string;
  let bounceTo: string;

  before(async () => {
    target = await createCliTarget({ prepared: true });
    const migrated = await target.run(['migrate']);
    assert.equal(migrated.code, 0, migrated.stderr);
    // The key the running server signs with: from the environment, or the embedded keys file.
    key = Buffer.from(
      target.env.CASEBOOK_SESSION_SECRET ?? JSON.parse(readFileSync(path.join(target.dataDir, 'keys.json'), 'utf8')).sessionSecret,
      'base64',
    );
    mailId = await withOpen(target, async (database) => {
      const row = await database.db
        .insertInto('mail_messages')
        .values({
          dedupe_key: 'cli-bounce-test',
          kind: 'notice.issued',
          recipients: ['org-admin@platform-a.example', MEMBER],
          subject: 'New notice CERT/2019/N-0017 to Messaging Platform A',
          text_body: 'A new notice was issued to Messaging Platform A.',
          link: '/portal/notices/x',
          state: 'sent',
          sent_at: new Date(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    });
    bounceTo = verpAddress('bounces@cert.example.org', mailToken(key, mailId));
  });
  after(() => target?.drop());

  it('records a DSN piped in by the mail server: exit 0, the message bounced, an audit row by the command line', async () => {
    const dsn = postfixDsn({ to: bounceTo, recipient: MEMBER, messageId: '<unrelated@cert.example.org>' });
    const result = await target.run(['mail', 'bounce'], dsn);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      result.stdout,
      `casebook mail bounce: Recorded for message ${mailId}: 1 failed, 0 delayed recipient(s); the message is bounced.\n`,
    );
    await withOpen(target, async (database) => {
      const message = await database.db.selectFrom('mail_messages').select('state').where('id', '=', mailId).executeTakeFirstOrThrow();
      assert.equal(message.state, 'bounced');
      const bounces = await database.db
        .selectFrom('mail_bounces')
        .select(['recipient', 'status'])
        .where('mail_message_id', '=', mailId)
        .execute();
      assert.deepEqual(bounces, [{ recipient: MEMBER, status: '5.1.1' }]);
      const audit = await database.db
        .selectFrom('audit_events')
        .select(['actor_via', 'target_ids'])
        .where('action', '=', 'mail.bounced')
        .execute();
      assert.deepEqual(audit, [{ actor_via: 'cli', target_ids: [mailId] }]);
    });
  });

  it('takes the address the mail server delivered to from --recipient when the bounce does not say it', async () => {
    const bounce = eximPlainBounce({
      to: 'bounces@cert.example.org',
      recipient: 'org-admin@platform-a.example',
      messageId: '<lost@elsewhere.example>',
    });
    const without = await target.run(['mail', 'bounce'], bounce);
    assert.equal(without.code, 0);
    assert.match(without.stderr, /A bounce of no message Casebook has; nothing recorded/);
    const given = await target.run(['mail', 'bounce', '--recipient', bounceTo], bounce);
    assert.equal(given.code, 0, given.stderr);
    assert.match(given.stdout, /Recorded for message .*: 1 failed/);
  });

  it('takes a forged bounce and records nothing; refuses input that is not an e-mail or is too large with 65', async () => {
    const forged = verpAddress('bounces@cert.example.org', mailToken(Buffer.alloc(32, 7), mailId));
    const refused = await target.run(
      ['mail', 'bounce'],
      postfixDsn({ to: forged, recipient: 'org-admin@platform-a.example', messageId: '<x@y.example>' }),
    );
    assert.equal(refused.code, 0);
    assert.match(refused.stderr, /Refused: the bounce names a message with a token Casebook did not sign/);

    const notMail = await target.run(['mail', 'bounce'], '{"bounce": true}\n');
    assert.equal(notMail.code, 65);
    assert.match(notMail.stderr, /does not begin with an e-mail header/);
    const huge = await target.run(['mail', 'bounce'], `Subject: x\n\n${'x'.repeat(10 * 1024 * 1024)}`);
    assert.equal(huge.code, 65);
    assert.match(huge.stderr, /larger than 10 MB/);

    await withOpen(target, async (database) => {
      const rows = await database.db
        .selectFrom('mail_bounces')
        .select('recipient')
        .where('mail_message_id', '=', mailId)
        .orderBy('recipient')
        .execute();
      assert.deepEqual(
        rows.map((r) => r.recipient),
        ['org-admin@platform-a.example', MEMBER],
      );
    });
  });

  it('asks the mail server to try again later (75) when the database cannot be reached', async () => {
    const dsn = postfixDsn({ to: bounceTo, recipient: MEMBER, messageId: '<x@y.example>' });
    if (target.env.DATABASE_URL) {
      const url = target.env.DATABASE_URL;
      target.env.DATABASE_URL = 'postgres://postgres@127.0.0.1:9/none';
      try {
        const result = await target.run(['mail', 'bounce'], dsn);
        assert.equal(result.code, 75, result.stderr);
        assert.match(result.stderr, /not recorded, try again later/);
      } finally {
        target.env.DATABASE_URL = url;
      }
    } else {
      // The embedded database is open in another process (here, this one).
      await withOpen(target, async () => {
        const result = await target.run(['mail', 'bounce'], dsn);
        assert.equal(result.code, 75, result.stderr);
        assert.match(result.stderr, /not recorded, try again later: .*in use by another Casebook process/);
      });
    }
  });
});
