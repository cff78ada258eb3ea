import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { composeNoticeMail, formatInZone, type NoticeFacts, renderMailText } from './notice-mail-content.ts';

const notice = (over: Partial<NoticeFacts> = {}): NoticeFacts => ({
  id: '4b0e6f3c-2a7d-4d7e-9a51-0c4f5e8e2b11',
  reference: 'CERT/2019/N-0017',
  kind: 'call_for_information',
  tlp: 'AMBER',
  subject: 'Hand over the exploit samples from the missed calls',
  dueAt: new Date('2019-05-20T12:30:00Z'),
  timeZone: 'Asia/Kolkata',
  organizationName: 'Messaging Platform A',
  ...over,
});

describe('notice mail content', () => {
  it('names the reference, kind, organization and the due time in the notice zone, and links the portal page', () => {
    const mail = composeNoticeMail(notice(), { kind: 'notice.issued' });
    assert.equal(
      mail.subject,
      'New notice CERT/2019/N-0017 to Messaging Platform A: respond by 20 May 2019, 18:00 GMT+5:30 (Asia/Kolkata)',
    );
    assert.match(mail.text, /^Kind: Call for information$/m);
    assert.match(mail.text, /^Organization: Messaging Platform A$/m);
    assert.match(mail.text, /^Due: 20 May 2019, 18:00 GMT\+5:30 \(Asia\/Kolkata\)$/m);
    assert.equal(mail.link, '/portal/notices/4b0e6f3c-2a7d-4d7e-9a51-0c4f5e8e2b11');
    assert.equal(mail.audience, 'organization');
  });

  for (const tlp of ['AMBER', 'AMBER+STRICT', 'RED'] as const) {
    it(`never carries the subject of a TLP:${tlp} notice, in any kind of message`, () => {
      for (const occasion of [
        { kind: 'notice.issued' },
        { kind: 'notice.due_soon', dueAt: new Date('2019-05-20T12:30:00Z') },
        { kind: 'notice.overdue', dueAt: new Date('2019-05-20T12:30:00Z') },
        { kind: 'notice.response_submitted', submittedAt: new Date('2019-05-19T08:00:00Z') },
        { kind: 'notice.extension_requested', requestedDueAt: new Date('2019-05-27T12:30:00Z') },
        { kind: 'notice.extension_decided', granted: true, dueAt: new Date('2019-05-27T12:30:00Z') },
      ] as const) {
        const mail = composeNoticeMail(notice({ tlp }), occasion);
        assert.ok(
          !mail.subject.includes('exploit samples') && !mail.text.includes('exploit samples'),
          `${occasion.kind} leaked the subject`,
        );
        assert.match(mail.text, new RegExp(`TLP:${tlp.replace('+', '\\+')}: its content is not sent by e-mail`));
      }
    });
  }

  it('carries the subject of a CLEAR or GREEN notice, marked with its TLP', () => {
    const mail = composeNoticeMail(notice({ tlp: 'GREEN' }), { kind: 'notice.issued' });
    assert.match(mail.text, /^Subject of the notice \(TLP:GREEN\): Hand over the exploit samples from the missed calls$/m);
  });

  it('writes to staff about a response or a request for more time, linking the staff page', () => {
    const response = composeNoticeMail(notice(), { kind: 'notice.response_submitted', submittedAt: new Date('2019-05-19T08:00:00Z') });
    assert.equal(response.audience, 'staff');
    assert.equal(response.link, '/notices/4b0e6f3c-2a7d-4d7e-9a51-0c4f5e8e2b11');
    assert.equal(response.subject, 'Response received: notice CERT/2019/N-0017 (Messaging Platform A)');
    const request = composeNoticeMail(notice(), { kind: 'notice.extension_requested', requestedDueAt: new Date('2019-05-27T12:30:00Z') });
    assert.equal(request.audience, 'staff');
    assert.match(request.text, /^Requested: 27 May 2019, 18:00 GMT\+5:30 \(Asia\/Kolkata\)$/m);
  });

  it('says whether more time was granted and what is due now', () => {
    const granted = composeNoticeMail(notice(), {
      kind: 'notice.extension_decided',
      granted: true,
      dueAt: new Date('2019-05-27T12:30:00Z'),
    });
    assert.equal(granted.subject, 'Extension granted: notice CERT/2019/N-0017 is now due 27 May 2019, 18:00 GMT+5:30 (Asia/Kolkata)');
    const refused = composeNoticeMail(notice(), {
      kind: 'notice.extension_decided',
      granted: false,
      dueAt: new Date('2019-05-20T12:30:00Z'),
    });
    assert.equal(refused.subject, 'Extension refused: notice CERT/2019/N-0017 is still due 20 May 2019, 18:00 GMT+5:30 (Asia/Kolkata)');
    assert.equal(refused.audience, 'organization');
  });

  it('reminds before the due time and says when a notice is overdue', () => {
    const dueAt = new Date('2019-05-20T12:30:00Z');
    assert.equal(
      composeNoticeMail(notice(), { kind: 'notice.due_soon', dueAt }).subject,
      'Reminder: notice CERT/2019/N-0017 is due 20 May 2019, 18:00 GMT+5:30 (Asia/Kolkata)',
    );
    assert.equal(
      composeNoticeMail(notice(), { kind: 'notice.overdue', dueAt }).subject,
      'Overdue: notice CERT/2019/N-0017 was due 20 May 2019, 18:00 GMT+5:30 (Asia/Kolkata)',
    );
  });

  it('shows the instant across a daylight-saving change in the offset of that day, and survives a zone the runtime does not know', () => {
    assert.equal(formatInZone(new Date('2019-03-31T00:30:00Z'), 'Europe/Berlin'), '31 Mar 2019, 01:30 GMT+1 (Europe/Berlin)');
    assert.equal(formatInZone(new Date('2019-03-31T01:30:00Z'), 'Europe/Berlin'), '31 Mar 2019, 03:30 GMT+2 (Europe/Berlin)');
    assert.equal(formatInZone(new Date('2019-03-31T01:30:00Z'), 'Mars/Olympus_Mons'), '31 Mar 2019, 01:30 GMT+0 (UTC)');
  });

  it('keeps a line break in a name from reaching the subject header', () => {
    const mail = composeNoticeMail(notice({ organizationName: 'Evil\r\nBcc: everyone@example.org' }), { kind: 'notice.issued' });
    assert.ok(!/[\r\n]/.test(mail.subject));
  });

  it('ends the sent text with the absolute link and where the message came from', () => {
    const text = renderMailText('Read it:', 'https://casebook.cert.example/portal/notices/x');
    assert.match(text, /^Read it:\nhttps:\/\/casebook\.cert\.example\/portal\/notices\/x\n\n-- \nSent by Casebook/);
  });
});
