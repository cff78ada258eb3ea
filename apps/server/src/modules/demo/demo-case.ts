/**
 * What the demo record says: the 2019 case the product is designed around (the dated
 * steps the CERT took, as the Government later set them out), the dated facts of the
 * public reports of the written reply in the Lok Sabha of 20 November 2019 (MediaNama,
 * India Today, Express Computer), Financial Express and CIS India, and the CVE record
 * of the flaw (data/cve-2019-3568.json). Nothing here goes beyond those sources: where
 * the public record is silent (who attended, the wording of the notices and of the
 * answers, the due times), the text is marked as illustrative or says that it is not
 * public. docs/demo.md lists each fact with its source. The parties are named
 * generically (the messaging platform, the spyware vendor, the ministry).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface CveRecord {
  cveId: string;
  datePublished: string;
  cwe: string;
  description: string;
}

export const CVE: CveRecord = JSON.parse(readFileSync(path.join(import.meta.dirname, 'data/cve-2019-3568.json'), 'utf8'));

/** The record's description without the product's name: the demo names the parties generically. */
const FLAW_EFFECT = 'allowed remote code execution via a specially crafted series of RTCP packets sent to a target phone number';
const FLAW = `a buffer overflow in the messaging app's VoIP stack ${FLAW_EFFECT}`;

export const DEMO_TAG = 'demo';
export const DEMO_TITLE = 'Spyware delivered through a messaging app\'s voice-call flaw';

export const DEMO_SUMMARY = [
  `Spyware built by a foreign vendor was delivered through a flaw in a messaging app's voice-call stack: ${CVE.cveId} (${CVE.cwe}), `
    + `a buffer overflow in its VoIP stack that ${FLAW_EFFECT}. `
    + 'About 1,400 users worldwide were targeted, 121 of them in India; their names have not been received.',
  '',
  '**About this record.** This is the demonstration case that Casebook loads into a new embedded database. It replays a public '
    + '2019 case from public sources, with the parties named generically. The dates, the figures and the CVE come from those sources; '
    + 'the people, the wording of the notices and of the answers, and the due times are illustrative (docs/demo.md).',
].join('\n');

/** The operating systems the CVE record names. */
export const DEMO_PLATFORMS = ['Android', 'iOS', 'Windows Phone', 'Tizen'];

export const SOURCES = {
  cveRecord: { kind: 'document', title: `CVE record ${CVE.cveId}, CVE Program`, saidBy: 'CVE Program', date: CVE.datePublished.slice(0, 10) },
  certNote: { kind: 'document', title: 'The CERT\'s vulnerability note of 17 May 2019', date: '2019-05-17' },
  platformReport: { kind: 'correspondence', title: 'The platform\'s incident report to the CERT, 20 May 2019', date: '2019-05-20' },
  platformUpdate: { kind: 'correspondence', title: 'The platform\'s update of its incident report, 5 September 2019', date: '2019-09-05' },
  mediaReports: { kind: 'document', title: 'Media reports of 31 October 2019', date: '2019-10-31' },
  suitReports: { kind: 'document', title: 'Media reports, October 2019' },
  platformReplyToMinistry: { kind: 'correspondence', title: 'The platform\'s reply to the ministry, 2 November 2019', date: '2019-11-02' },
  parliamentReply: { kind: 'document', title: 'Written reply in the Lok Sabha, 20 November 2019', saidBy: 'The Government of India', date: '2019-11-20' },
} as const;

export const ENTRY_TEXT = {
  cve: `${CVE.cveId} is published: ${FLAW}.`,
  certNote: 'The CERT publishes a vulnerability note on the flaw in the messaging app\'s voice-call stack.',
  platformReport: 'The platform reports the incident to the CERT: a vulnerability, "identified and promptly fixed".',
  platformUpdate: 'The platform updates its report: about 121 users in India may have been targeted, of about 1,400 worldwide.',
  suit: 'The platform sues the spyware vendor.',
  mediaReports: 'Media report that users in India were among those targeted. After the reports, the ministry asks the platform to reply by 4 November 2019.',
  platformReplyToMinistry: 'The platform replies to the ministry.',
  parliamentReply: 'The Government answers a question in the Lok Sabha on the case, with a dated chronology of the CERT\'s dealings with the platform.',
};

export const CONFLICT_NOTE = 'The platform says it reported the flaw to the CERT on 20 May 2019 ("identified and promptly fixed"); '
  + 'the CERT\'s records of the meetings of 26 July and 11 September 2019 say the platform did not disclose the vulnerability in them.';

export const VULNERABILITY_TOPIC = `Vulnerability (${CVE.cveId})`;

export const MEETINGS = [
  {
    date: '2019-07-26',
    title: 'First meeting on the spyware delivered through the app',
    minutes: 'The CERT met representatives of the messaging platform. The platform did not disclose the vulnerability '
      + `(${CVE.cveId}) or its exploitation to deliver spyware.\n\n_The names of those who attended are not public; the attendees are illustrative._`,
  },
  {
    date: '2019-09-11',
    title: 'Second meeting on the spyware delivered through the app',
    minutes: 'The CERT met representatives of the messaging platform again. The platform did not disclose the vulnerability '
      + `(${CVE.cveId}) or its exploitation to deliver spyware.\n\n_The names of those who attended are not public; the attendees are illustrative._`,
  },
] as const;

export const DISCLOSURE_DETAIL = 'The vulnerability was not mentioned: the platform did not bring it up, and it was not raised with it.';

const ILLUSTRATIVE = '_The wording of this notice is illustrative: the public record gives its date, addressee and subject, not its text._';

export const CALL_FOR_SUBMISSIONS = {
  subject: 'Submissions on the spyware delivered through your app\'s voice-call flaw, including an audit and inspection of your security system and process',
  body: [
    'Under section 70B(6) of the Information Technology Act, 2000, the CERT calls for the following information about the '
      + 'spyware delivered to users of your messaging app through the flaw in its voice-call stack.',
    '',
    ILLUSTRATIVE,
  ].join('\n'),
  questions: [
    'Describe the vulnerability in the voice-call stack that was exploited, how it was exploited, and when and how it was fixed.',
    'How many users in India were targeted, and who are they?',
    'Submit to an audit and inspection of your security system and process by the CERT: state the arrangements you propose.',
  ],
};

/** Stand-ins for the answers of 18 November 2019: they say only what the public record supports, and mark the rest. */
export const RESPONSE_ANSWERS = [
  'The flaw was identified and promptly fixed in May 2019, as reported to the CERT on 20 May 2019.\n\n'
    + '[This stands in for the platform\'s answer, whose text is not public.]',
  'About 121 users in India may have been targeted, of about 1,400 worldwide. The response does not name them.\n\n'
    + '[This stands in for the platform\'s answer, whose text is not public.]',
  '[This stands in for the platform\'s answer on the audit and inspection, whose text is not public.]',
];

export const ASSESSMENTS = [
  { question: 0, verdict: 'needs_clarification', comment: 'Technical details of the vulnerability and its exploitation are needed.' },
  { question: 1, verdict: 'partial', comment: 'The number is given; the names of the users targeted are not.' },
] as const;

export const CLARIFICATION = {
  body: [
    'Further to the CERT\'s call for submissions of 9 September 2019 and your response of 18 November 2019, the CERT seeks further '
      + 'clarification and technical details on the following.',
    '',
    ILLUSTRATIVE,
  ].join('\n'),
};

export const VENDOR_NOTICE = {
  subject: 'Details of the malware and its impact on users in India',
  body: [
    'Under section 70B(6) of the Information Technology Act, 2000 (which reaches "any other person"; section 1(2) applies the Act '
      + 'to contraventions outside India), the CERT calls for details of the malware delivered to users of a messaging app through '
      + 'the flaw in its voice-call stack, and of its impact on users in India.',
    '',
    ILLUSTRATIVE,
  ].join('\n'),
  questions: [
    'Give the details of the malware delivered through the flaw in the messaging app\'s voice-call stack.',
    'What was its impact on users in India: how many were targeted, and who?',
  ],
};

/**
 * Due times. The public record does not say whether these notices set a deadline, and
 * a notice is not issued without one. The call for submissions is given the day of its
 * response, so the record asserts no lateness the sources do not; the two notices of
 * 26 November are given 14 calendar days, and no answer to them is recorded.
 */
export const DUE = {
  callForSubmissions: '2019-11-18T23:59:59',
  laterNoticesDays: 14,
};
