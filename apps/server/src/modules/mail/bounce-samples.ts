/**
 * For the bounce tests: bounces as mail servers write them, modelled on real ones — a
 * Postfix DSN (returned headers only), an Exchange Online NDR (DSN with the whole message
 * returned, CRLF line ends, quoted-printable text), a Postfix delay warning, an Exim
 * bounce without a DSN part that quotes the message, and an automatic reply. Each takes
 * the addresses and Message-ID it is about.
 */

export interface SampleBounce {
  /** The address the bounce is sent to: the envelope sender of the message that bounced. */
  to: string;
  /** The recipient that failed. */
  recipient: string;
  /** The Message-ID of the message that bounced, angle brackets included. */
  messageId: string;
  subject?: string;
  status?: string;
  diagnostic?: string;
}

export function postfixDsn(b: SampleBounce): string {
  const status = b.status ?? '5.1.1';
  const diagnostic = b.diagnostic ?? `550 ${status} <${b.recipient}>: Recipient address rejected: User unknown in virtual mailbox table`;
  const boundary = '4F1A2C0D12.1558335662/mail.cert.example.org';
  // Postfix folds a long Diagnostic-Code before a space.
  const fold = diagnostic.lastIndexOf(' ', 40) > 0 ? diagnostic.lastIndexOf(' ', 40) : diagnostic.length;
  return `Return-Path: <>
Delivered-To: ${b.to}
Received: by mail.cert.example.org (Postfix)
	id 4F1A2C0D12; Mon, 20 May 2019 12:31:02 +0530 (IST)
Date: Mon, 20 May 2019 12:31:02 +0530 (IST)
From: MAILER-DAEMON@mail.cert.example.org (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: ${b.to}
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
	boundary="${boundary}"
Content-Transfer-Encoding: 8bit
Message-Id: <20190520070102.4F1A2C0D12@mail.cert.example.org>

This is a MIME-encapsulated message.

--${boundary}
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mail.cert.example.org.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

For further assistance, please send mail to postmaster.

                   The mail system

<${b.recipient}>: host mx.platform-a.example[203.0.113.25] said:
    ${diagnostic} (in reply to RCPT TO command)

--${boundary}
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mail.cert.example.org
X-Postfix-Queue-ID: 4F1A2C0D12
X-Postfix-Sender: rfc822; ${b.to}
Arrival-Date: Mon, 20 May 2019 12:30:58 +0530 (IST)

Final-Recipient: rfc822; ${b.recipient}
Original-Recipient: rfc822;${b.recipient}
Action: failed
Status: ${status}
Remote-MTA: dns; mx.platform-a.example
Diagnostic-Code: smtp; ${diagnostic.slice(0, fold)}
   ${diagnostic.slice(fold)}

--${boundary}
Content-Description: Undelivered Message Headers
Content-Type: text/rfc822-headers
Content-Transfer-Encoding: 8bit

Return-Path: <${b.to}>
Received: from casebook.cert.example.org (casebook.cert.example.org [192.0.2.10])
	by mail.cert.example.org (Postfix) with ESMTPS id 4F1A2C0D12
	for <${b.recipient}>; Mon, 20 May 2019 12:30:58 +0530 (IST)
Content-Type: text/plain; charset=utf-8
From: CERT Casebook <casebook@cert.example.org>
To: ${b.recipient}
Subject: ${b.subject ?? 'New notice CERT/2019/N-0017 to Messaging Platform A'}
Message-ID: ${b.messageId}
Auto-Submitted: auto-generated
Date: Mon, 20 May 2019 07:00:58 +0000
MIME-Version: 1.0

--${boundary}--
`;
}

/** Exchange Online: the DSN comes second, after a multipart/alternative notice, and the whole message is returned. */
export function exchangeNdr(b: SampleBounce): string {
  const status = b.status ?? '5.2.2';
  const outer = 'b1_0f3c2a9e8d7b6a5c4f3e2d1c0b9a8f7e';
  const inner = 'b2_0f3c2a9e8d7b6a5c4f3e2d1c0b9a8f7e';
  const text = `From: Microsoft Outlook <postmaster@platforma.onmicrosoft.com>
To: <${b.to}>
Date: Mon, 20 May 2019 07:01:05 +0000
Content-Type: multipart/report; report-type=delivery-status;
	boundary="${outer}"
X-MS-Exchange-Message-Is-Ndr:
Content-Language: en-US
Message-ID: <8a1d0c6b-4f2e-4b1a-9c3d-2e5f7a9b0c1d@DM6PR11MB4236.namprd11.prod.outlook.com>
In-Reply-To: ${b.messageId}
References: ${b.messageId}
Subject: Undeliverable: ${b.subject ?? 'New notice CERT/2019/N-0017 to Messaging Platform A'}
Auto-Submitted: auto-replied
MIME-Version: 1.0

--${outer}
Content-Type: multipart/alternative; differences=Content-Type;
	boundary="${inner}"

--${inner}
Content-Type: text/plain; charset="us-ascii"
Content-Transfer-Encoding: quoted-printable

Your message to ${b.recipient} couldn't be delivered.
The recipient's mailbox is full and can't accept messages now. Please try r=
esending your message later, or contact the recipient directly.

Diagnostic information for administrators:

Generating server: DM6PR11MB4236.namprd11.prod.outlook.com

${b.recipient}
Remote Server returned '554 ${status} mailbox full; STOREDRV.Deliver.Exception:Q=
uotaExceededException.MapiExceptionShutoffQuotaExceeded'

--${inner}
Content-Type: text/html; charset="us-ascii"
Content-Transfer-Encoding: quoted-printable

<html><body><p>Your message to ${b.recipient} couldn&#39;t be delivered.</p></body></html>

--${inner}--

--${outer}
Content-Type: message/delivery-status

Reporting-MTA: dns;DM6PR11MB4236.namprd11.prod.outlook.com
Received-From-MTA: dns;mail.cert.example.org
Arrival-Date: Mon, 20 May 2019 07:01:00 +0000

Final-Recipient: rfc822;${b.recipient}
Action: failed
Status: ${status}
Diagnostic-Code: smtp;554 ${status} mailbox full;
 STOREDRV.Deliver.Exception:QuotaExceededException.MapiExceptionShutoffQuotaExceeded;
 Failed to process message due to a permanent exception
X-Display-Name: Org Admin

--${outer}
Content-Type: message/rfc822

Received: from mail.cert.example.org (192.0.2.10) by
 DM6PR11MB4236.namprd11.prod.outlook.com with Microsoft SMTP Server;
 Mon, 20 May 2019 07:01:00 +0000
From: CERT Casebook <casebook@cert.example.org>
To: ${b.recipient}
Subject: ${b.subject ?? 'New notice CERT/2019/N-0017 to Messaging Platform A'}
Message-ID: ${b.messageId}
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable
MIME-Version: 1.0

A new notice was issued to Messaging Platform A.

--${outer}--
`;
  return text.replace(/\n/g, '\r\n');
}

/** Postfix's warning that a message is still queued (delay_warning_time). */
export function postfixDelay(b: SampleBounce): string {
  const boundary = '7C3E1D0A21.1558349462/mail.cert.example.org';
  return `Return-Path: <>
Delivered-To: ${b.to}
From: MAILER-DAEMON@mail.cert.example.org (Mail Delivery System)
Subject: Delayed Mail (still being retried)
To: ${b.to}
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
	boundary="${boundary}"

--${boundary}
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mail.cert.example.org.

####################################################################
# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #
####################################################################

--${boundary}
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mail.cert.example.org
Arrival-Date: Mon, 20 May 2019 12:30:58 +0530 (IST)

Final-Recipient: rfc822; ${b.recipient}
Action: delayed
Status: ${b.status ?? '4.4.1'}
Diagnostic-Code: X-Postfix; ${b.diagnostic ?? 'connect to mx.platform-a.example[203.0.113.25]:25: Connection timed out'}
Will-Retry-Until: Sat, 25 May 2019 12:30:58 +0530 (IST)

--${boundary}
Content-Description: Undelivered Message Headers
Content-Type: text/rfc822-headers

From: CERT Casebook <casebook@cert.example.org>
To: ${b.recipient}
Message-ID: ${b.messageId}

--${boundary}--
`;
}

/** Exim's classic bounce: no DSN, the message quoted after a dashed line. */
export function eximPlainBounce(b: SampleBounce): string {
  return `From MAILER-DAEMON Mon May 20 07:01:10 2019
Return-path: <>
Envelope-to: ${b.to}
From: Mail Delivery System <Mailer-Daemon@mx.platform-b.example>
To: ${b.to}
Subject: Mail delivery failed: returning message to sender
Message-Id: <E1hSc3a-0004Xy-9F@mx.platform-b.example>
Date: Mon, 20 May 2019 07:01:10 +0000

This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  ${b.recipient}
    host mailstore.platform-b.example [198.51.100.7]
    SMTP error from remote mail server after RCPT TO:<${b.recipient}>:
    ${b.diagnostic ?? `550 ${b.status ?? '5.1.1'} <${b.recipient}>: Recipient address rejected: mailbox unavailable`}

------ This is a copy of the message, including all the headers. ------

Return-path: <${b.to}>
Received: from [192.0.2.10] (helo=casebook.cert.example.org)
	by mx.platform-b.example with esmtps (TLS1.2) (Exim 4.92)
	id 1hSc3Z-0004Xw-7N; Mon, 20 May 2019 07:01:09 +0000
From: CERT Casebook <casebook@cert.example.org>
To: ${b.recipient}
Subject: ${b.subject ?? 'New notice CERT/2019/N-0017 to Messaging Platform A'}
Message-ID: ${b.messageId}
Date: Mon, 20 May 2019 07:00:58 +0000

A new notice was issued to Messaging Platform A.
`;
}

/** An out-of-office answer sent to the envelope sender, as RFC 3834 asks. */
export function outOfOffice(b: Pick<SampleBounce, 'to' | 'recipient' | 'messageId'>): string {
  return `From: Org Admin <${b.recipient}>
To: ${b.to}
Subject: Automatic reply: New notice CERT/2019/N-0017 to Messaging Platform A
Auto-Submitted: auto-replied
In-Reply-To: ${b.messageId}
Content-Type: text/plain; charset=utf-8

I am out of the office until 27 May 2019.
`;
}
