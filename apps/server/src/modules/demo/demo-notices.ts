/**
 * The notices of the demo case, each step by the person who would take it, on its date:
 *
 * - the call for submissions of 9 September 2019 to the platform under IT Act s.70B(6),
 *   written by the analyst, approved and issued by the coordinator (four eyes);
 *   opened by the platform, answered on 18 November 2019; two answers assessed;
 * - the clarification of 26 November 2019, drafted from those assessments, approved and
 *   issued by the second coordinator;
 * - the notice of 26 November 2019 to the spyware vendor about the malware and its
 *   impact on users in India.
 */
import { AssessAnswerBody, CreateNoticeBody, type Notice, SaveResponseBody, UpdateNoticeBody } from '#shared/contracts/notices';
import { CASE_ZONE, indiaTime } from './case-clock.ts';
import { ASSESSMENTS, CALL_FOR_SUBMISSIONS, CLARIFICATION, DUE, RESPONSE_ANSWERS, VENDOR_NOTICE } from './demo-case.ts';
import type { DemoContext } from './demo-context.ts';
import { contract } from './demo-input.ts';
import type { DemoUserKey } from './demo-people.ts';

async function legalBasis(ctx: DemoContext): Promise<string> {
  const basis = await ctx.deps.db.selectFrom('legal_bases').select('id').where('code', '=', 'in-itact-70b6').executeTakeFirst();
  if (!basis) throw new Error('The legal basis IT Act 2000 s.70B(6) (code in-itact-70b6) is missing from the catalogue.');
  return basis.id;
}

async function indiaCalendar(ctx: DemoContext): Promise<string | null> {
  return (await ctx.deps.db.selectFrom('holiday_calendars').select('id').where('code', '=', 'IN').executeTakeFirst())?.id ?? null;
}

/** Approve (by someone who neither wrote nor last edited it) and issue, each at its time. */
async function approveAndIssue(ctx: DemoContext, notice: Notice, by: DemoUserKey, times: { approve: string; issue: string }): Promise<Notice> {
  const { people, services, clock } = ctx;
  clock.at(times.approve);
  const approved = await services.lifecycle.approve(people.principal(by), people.actor(by), notice.id, notice.version);
  clock.at(times.issue);
  return services.lifecycle.issue(people.principal(by), people.actor(by), notice.id, approved.version);
}

export async function issueCallForSubmissions(ctx: DemoContext, incidentId: string): Promise<Notice> {
  const { people, services, clock } = ctx;
  clock.at('2019-09-09T10:00');
  const body = contract(CreateNoticeBody, {
    organizationId: people.organizations.platform.id,
    kind: 'call_for_information',
    legalBasisId: await legalBasis(ctx),
    subject: CALL_FOR_SUBMISSIONS.subject,
    body: CALL_FOR_SUBMISSIONS.body,
    dueMode: 'fixed',
    dueAt: indiaTime(DUE.callForSubmissions),
    timeZone: CASE_ZONE,
    questions: CALL_FOR_SUBMISSIONS.questions.map((text) => ({ text })),
    recipientIds: [people.users.platformContact.id, people.users.platformMember.id],
  }, 'call for submissions');
  const draft = await services.notices.create(people.principal('analyst'), people.actor('analyst'), incidentId, body);
  return approveAndIssue(ctx, draft, 'coordinator', { approve: '2019-09-09T10:30', issue: '2019-09-09T11:00' });
}

/** The platform opens the notice (which acknowledges it) and submits its response of 18 November 2019. */
export async function respondForPlatform(ctx: DemoContext, notice: Notice): Promise<Notice> {
  const { people, services, clock } = ctx;
  const contact = people.principal('platformContact');
  // The first date on which the record shows the platform had the notice.
  clock.at('2019-11-18T10:00');
  const opened = await services.notices.get(contact, people.actor('platformContact'), notice.id);
  clock.at('2019-11-18T16:00');
  const answers = contract(SaveResponseBody, {
    version: opened.response?.version ?? 0,
    answers: opened.questions.map((question, index) => ({ questionId: question.id, text: RESPONSE_ANSWERS[index] })),
  }, 'response');
  const saved = await services.responses.saveDraft(contact, people.actor('platformContact'), notice.id, answers);
  clock.at('2019-11-18T16:30');
  return services.responses.submit(contact, people.actor('platformContact'), notice.id, saved.response?.version ?? 0);
}

/** The coordinator assesses the answers (technical details needed; names missing) and the clarification of 26 November goes out. */
export async function issueClarification(ctx: DemoContext, responded: Notice): Promise<Notice> {
  const { people, services, clock } = ctx;
  const coordinator = people.principal('coordinator');
  clock.at('2019-11-26T10:00');
  for (const assessment of ASSESSMENTS) {
    const body = contract(AssessAnswerBody, { verdict: assessment.verdict, comment: assessment.comment }, 'assessment');
    await services.review.assess(coordinator, people.actor('coordinator'), responded.id, responded.questions[assessment.question].id, body);
  }
  clock.at('2019-11-26T10:15');
  const drafted = await services.review.clarify(coordinator, people.actor('coordinator'), responded.id);
  clock.at('2019-11-26T10:30');
  const calendarId = await indiaCalendar(ctx);
  const edit = contract(UpdateNoticeBody, {
    version: drafted.version,
    body: CLARIFICATION.body,
    dueMode: 'from_basis',
    dueAmount: DUE.laterNoticesDays,
    dueUnit: 'calendar_days',
    ...(calendarId ? { calendarId } : {}),
    timeZone: CASE_ZONE,
  }, 'clarification');
  const edited = await services.notices.update(coordinator, people.actor('coordinator'), drafted.id, edit);
  return approveAndIssue(ctx, edited, 'approver', { approve: '2019-11-26T11:00', issue: '2019-11-26T11:30' });
}

/** The notice to the spyware vendor of 26 November 2019: written by the coordinator, approved and issued by the second. */
export async function issueVendorNotice(ctx: DemoContext, incidentId: string): Promise<Notice> {
  const { people, services, clock } = ctx;
  clock.at('2019-11-26T12:15');
  const calendarId = await indiaCalendar(ctx);
  const body = contract(CreateNoticeBody, {
    organizationId: people.organizations.vendor.id,
    kind: 'call_for_information',
    legalBasisId: await legalBasis(ctx),
    subject: VENDOR_NOTICE.subject,
    body: VENDOR_NOTICE.body,
    dueMode: 'from_basis',
    dueAmount: DUE.laterNoticesDays,
    dueUnit: 'calendar_days',
    ...(calendarId ? { calendarId } : {}),
    timeZone: CASE_ZONE,
    questions: VENDOR_NOTICE.questions.map((text) => ({ text })),
    recipientIds: [people.users.vendorContact.id, people.users.vendorMember.id],
  }, 'notice to the vendor');
  const draft = await services.notices.create(people.principal('coordinator'), people.actor('coordinator'), incidentId, body);
  return approveAndIssue(ctx, draft, 'approver', { approve: '2019-11-26T14:00', issue: '2019-11-26T14:30' });
}
