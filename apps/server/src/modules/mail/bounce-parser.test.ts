import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseBounce } from './bounce-parser.ts';
import { exchangeNdr, eximPlainBounce, outOfOffice, postfixDelay, postfixDsn } from './bounce-samples.ts';
import { NotMailError } from './mime-parser.ts';

const ours = {
  to: 'bounces+abcdefghijklmnopqrstuvwxyz-abcdefghijklm@cert.example.org',
  recipient: 'org-member@platform-a.example',
  messageId: '<abcdefghijklmnopqrstuvwxyz-abcdefghijklm@cert.example.org>',
};

describe('reading bounces', () => {
  it('reads a Postfix DSN: the failed recipient, status, unfolded diagnostic, the address it came to and the returned Message-ID', () => {
    const report = parseBounce(postfixDsn(ours));
    assert.equal(report.kind, 'dsn');
    assert.deepEqual(report.reports, [
      {
        action: 'failed',
        recipient: 'org-member@platform-a.example',
        status: '5.1.1',
        diagnostic: '550 5.1.1 <org-member@platform-a.example>: Recipient address rejected: User unknown in virtual mailbox table',
      },
    ]);
    assert.ok(report.addressedTo.includes(ours.to), report.addressedTo.join());
    assert.deepEqual(report.messageIds, [ours.messageId]);
  });

  it('reads an Exchange NDR with CRLF line ends, the DSN after a multipart/alternative part and the whole message returned', () => {
    const report = parseBounce(exchangeNdr({ ...ours, recipient: 'org-admin@platform-a.example' }));
    assert.equal(report.kind, 'dsn');
    assert.equal(report.reports.length, 1);
    const [r] = report.reports;
    assert.equal(r.action, 'failed');
    assert.equal(r.recipient, 'org-admin@platform-a.example');
    assert.equal(r.status, '5.2.2');
    assert.match(
      r.diagnostic ?? '',
      /^554 5\.2\.2 mailbox full; STOREDRV\.Deliver\.Exception:QuotaExceededException\.\S+; Failed to process message/,
    );
    // Returned message and In-Reply-To/References name the same message once.
    assert.deepEqual(report.messageIds, [ours.messageId]);
    assert.deepEqual(report.addressedTo, [ours.to]);
    // The quoted-printable notice is read with its soft line breaks undone.
    assert.match(report.text, /Please try resending your message later/);
  });

  it('reads a delay warning as delayed, with its status', () => {
    const report = parseBounce(postfixDelay(ours));
    assert.equal(report.kind, 'dsn');
    assert.deepEqual(
      report.reports.map((r) => [r.action, r.recipient, r.status]),
      [['delayed', ours.recipient, '4.4.1']],
    );
    assert.match(report.reports[0].diagnostic ?? '', /Connection timed out/);
  });

  it('reads several recipients of one report, each with its own action, and infers a missing action from the status', () => {
    const raw = `From: MAILER-DAEMON@relay.example.net
To: ${ours.to}
Subject: Delivery Status Notification (Failure)
Content-Type: multipart/report; report-type="delivery-status"; boundary="==b;oundary=="

--==b;oundary==
Content-Type: text/plain

Some recipients could not be reached.
--==b;oundary==
Content-Type: message/delivery-status
Content-Transfer-Encoding: base64

${Buffer.from(
  [
    'Reporting-MTA: dns; relay.example.net',
    '',
    'Final-Recipient: rfc822; <a@platform-a.example>',
    'Action: Failed (permanent)',
    'Status: 5.7.1 (delivery not authorized)',
    '',
    'Final-Recipient: rfc822; b@platform-a.example',
    'Action: delivered',
    'Status: 2.0.0',
    '',
    'Final-Recipient: rfc822; c@platform-a.example',
    'Status: 5.4.4',
    'Diagnostic-Code: smtp;',
    '',
  ].join('\r\n'),
).toString('base64')}
--==b;oundary==--
`;
    const report = parseBounce(raw);
    assert.equal(report.kind, 'dsn');
    assert.deepEqual(report.reports, [
      { action: 'failed', recipient: 'a@platform-a.example', status: '5.7.1', diagnostic: null },
      { action: 'delivered', recipient: 'b@platform-a.example', status: '2.0.0', diagnostic: null },
      { action: 'failed', recipient: 'c@platform-a.example', status: '5.4.4', diagnostic: null },
    ]);
  });

  it('reads a bounce without a DSN part from its text, and finds the Message-ID in the message it quotes', () => {
    const report = parseBounce(eximPlainBounce({ ...ours, to: 'casebook@cert.example.org' }));
    assert.equal(report.kind, 'plain');
    assert.deepEqual(report.reports, [
      {
        action: 'failed',
        recipient: null,
        status: '5.1.1',
        diagnostic: '550 5.1.1 <org-member@platform-a.example>: Recipient address rejected: mailbox unavailable',
      },
    ]);
    assert.deepEqual(report.mentioned, ['org-member@platform-a.example']);
    assert.deepEqual(report.messageIds, [ours.messageId]);
    assert.deepEqual(report.addressedTo, ['casebook@cert.example.org']);
  });

  it('tells an automatic reply from a bounce', () => {
    const report = parseBounce(outOfOffice(ours));
    assert.equal(report.kind, 'other');
    assert.deepEqual(report.reports, []);
  });

  it('refuses input that is not an e-mail', () => {
    for (const input of ['', '\n\n', '{"to":"bounces@cert.example.org"}', '\u0000\u0001\u0002binary', 'Hello,\nthis is a letter.\n']) {
      assert.throws(() => parseBounce(input), NotMailError, JSON.stringify(input));
    }
  });

  it('reads a report with thousands of parts and deep nesting in bounded time', () => {
    const parts = Array.from({ length: 5000 }, () => '--x\nContent-Type: text/plain\n\nfiller\n').join('');
    let nested = 'Content-Type: text/plain\n\ninnermost\n';
    for (let depth = 0; depth < 50; depth++) nested = `Content-Type: message/rfc822\n\n${nested}`;
    const raw = `From: postmaster@relay.example.net\nSubject: Undeliverable\nContent-Type: multipart/mixed; boundary=x\n\n${parts}--x\n${nested}--x--\n`;
    const started = performance.now();
    const report = parseBounce(raw);
    assert.equal(report.kind, 'plain');
    assert.ok(performance.now() - started < 2000);
  });
});
