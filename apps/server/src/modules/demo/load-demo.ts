/**
 * The demo case (docs/demo.md): the 2019 case the product is designed around, entered
 * as real records in the order and on the dates it happened, through the modules'
 * services, so that every record has its audit rows and chronology entries exactly as
 * if staff had entered it.
 *
 * Called at the first start of a new embedded database (main.ts) and by `casebook demo`.
 * It is loaded once per database: a second load is refused before anything is written.
 * Each record is its own transaction, as when staff enter them; the demo ends with a
 * `demo.loaded` audit row naming what was made.
 */
import { SYSTEM_ACTOR } from '../../audit/audit-event.ts';
import { inTransaction } from '../../db/unit-of-work.ts';
import { createCaseClock } from './case-clock.ts';
import { CONFLICT_NOTE, DEMO_TITLE, ENTRY_TEXT, MEETINGS, SOURCES } from './demo-case.ts';
import { type DemoContext, type DemoDeps, createDemoServices } from './demo-context.ts';
import { recomputeBatch } from '../obligations/obligation-jobs.ts';
import { fileReplayReport, recordObligations2019 } from './demo-obligations.ts';
import { issueCallForSubmissions, issueClarification, issueVendorNotice, respondForPlatform } from './demo-notices.ts';
import { type DemoCredential, createDemoPeople } from './demo-people.ts';
import {
  addEntry, addParticipant, createDemoIncident, giveStaffAccess, markConflict, moveStatus, recordAffectedCounts, recordMeeting,
} from './demo-record.ts';
import { assertDemoCanLoad } from './find-demo.ts';
import { recordDemoRegister } from './demo-register.ts';

export interface LoadedDemo {
  incident: { id: string; reference: string; title: string };
  /** The 2025 replay of the case, opened by the platform's late six-hour report. */
  replay: { id: string; reference: string };
  notices: { callForSubmissions: string; clarification: string; vendorNotice: string };
  credentials: DemoCredential[];
  /** False when the register of affected persons was left out for want of its keys. */
  register: boolean;
}

export async function loadDemoCase(deps: DemoDeps & { via: 'cli' | 'system' }): Promise<LoadedDemo> {
  await assertDemoCanLoad(deps.db);
  const people = await createDemoPeople(deps);
  const clock = createCaseClock('2019-05-20T11:00');
  const ctx: DemoContext = { deps, clock, people, services: createDemoServices(deps, clock) };

  // 20 May 2019: the platform reports the incident; the CERT opens its record.
  const incident = await createDemoIncident(ctx);
  const id = incident.id;
  clock.at('2019-05-20T11:05');
  await giveStaffAccess(ctx, id);
  await moveStatus(ctx, id, 'investigating');
  clock.at('2019-05-20T11:15');
  await addParticipant(ctx, id, 'platform', 'affected_platform', 'Its app\'s voice-call flaw was used to deliver the spyware; it reported the incident to the CERT on 20 May 2019.');
  clock.at('2019-05-20T11:30');
  await addEntry(ctx, id, {
    when: { at: `${SOURCES.cveRecord.date}T19:52:00Z`, timeZone: 'UTC' }, text: ENTRY_TEXT.cve, source: SOURCES.cveRecord, tlp: 'CLEAR', sharedWith: ['platform'],
  });
  await addEntry(ctx, id, { when: { date: '2019-05-17', precision: 'day' }, text: ENTRY_TEXT.certNote, source: { ...SOURCES.certNote, organization: 'cert' }, tlp: 'CLEAR' });
  const platformReport = await addEntry(ctx, id, {
    when: { date: '2019-05-20', precision: 'day' }, text: ENTRY_TEXT.platformReport, source: { ...SOURCES.platformReport, organization: 'platform' }, tlp: 'AMBER',
  });

  // What the law of 2019 asked of the platform, and the report that met it.
  await recordObligations2019(ctx, id, platformReport);

  // 26 July 2019: the first meeting; the vulnerability is not disclosed.
  clock.at('2019-07-26T18:00');
  await moveStatus(ctx, id, 'coordinating');
  const firstMeeting = await recordMeeting(ctx, id, MEETINGS[0]);

  // 5 September 2019: the platform's update, with the counts.
  clock.at('2019-09-05T18:00');
  await addEntry(ctx, id, {
    when: { date: '2019-09-05', precision: 'day' }, text: ENTRY_TEXT.platformUpdate, source: { ...SOURCES.platformUpdate, organization: 'platform' }, tlp: 'AMBER',
  });
  await recordAffectedCounts(ctx, id);

  // 9 September 2019: the call for submissions. 11 September: the second meeting.
  const call = await issueCallForSubmissions(ctx, id);
  clock.at('2019-09-11T18:00');
  await recordMeeting(ctx, id, MEETINGS[1]);

  // Late October to early November 2019: the suit, the media reports, the ministry.
  clock.at('2019-10-31T18:00');
  await addParticipant(ctx, id, 'ministry', 'partner_authority', 'Sought the platform\'s reply by 4 November 2019.');
  await addEntry(ctx, id, { when: { date: '2019-10', precision: 'month' }, text: ENTRY_TEXT.suit, source: SOURCES.suitReports, tlp: 'CLEAR' });
  await addEntry(ctx, id, { when: { date: '2019-10-31', precision: 'day' }, text: ENTRY_TEXT.mediaReports, source: SOURCES.mediaReports, tlp: 'CLEAR' });
  clock.at('2019-11-02T18:00');
  await addEntry(ctx, id, {
    when: { date: '2019-11-02', precision: 'day' }, text: ENTRY_TEXT.platformReplyToMinistry,
    source: { ...SOURCES.platformReplyToMinistry, organization: 'platform' }, tlp: 'AMBER', sharedWith: ['ministry'],
  });

  // 18 November 2019: the platform's response. 20 November: the answer in Parliament.
  const responded = await respondForPlatform(ctx, call);
  clock.at('2019-11-20T18:00');
  await addEntry(ctx, id, {
    when: { date: '2019-11-20', precision: 'day' }, text: ENTRY_TEXT.parliamentReply, source: { ...SOURCES.parliamentReply, organization: 'ministry' },
    tlp: 'CLEAR', sharedWith: ['ministry'],
  });
  const meetingEntry = firstMeeting.chronologyEntry?.id;
  if (!meetingEntry) throw new Error('The meeting of 26 July 2019 has no chronology entry.');
  await markConflict(ctx, id, platformReport, meetingEntry, CONFLICT_NOTE);

  // 26 November 2019: the clarification to the platform and the notice to the vendor.
  const clarification = await issueClarification(ctx, responded);
  clock.at('2019-11-26T12:00');
  await addParticipant(ctx, id, 'vendor', 'suspected_vendor', 'Suspected of building the spyware.');
  const vendorNotice = await issueVendorNotice(ctx, id);

  // 2 December 2019 (demo only, fictitious): the list of the 121 users in India, in the register —
  // when the register has its keys (a server without CASEBOOK_REGISTER_KEYS loads the rest).
  const register = deps.config.registerKeys !== null;
  if (register) await recordDemoRegister(ctx, id, deps.config);

  // 13 May 2025: the same facts under the 2022 Directions; the platform's report is two hours late.
  const replay = await fileReplayReport(ctx);

  const loaded: LoadedDemo = {
    incident: { id, reference: incident.reference, title: DEMO_TITLE },
    replay: { id: replay.incidentId, reference: replay.reference },
    notices: { callForSubmissions: call.id, clarification: clarification.id, vendorNotice: vendorNotice.id },
    credentials: people.credentials,
    register,
  };
  // The obligations as of today, so they show at once (the jobs the records enqueued would do the same).
  await recomputeBatch({ db: deps.db, jobs: deps.jobs, clock: () => new Date() }, [id, replay.incidentId]);
  await inTransaction(deps, { ...SYSTEM_ACTOR, via: deps.via, clientAddress: deps.via === 'cli' ? 'cli' : null }, async (uow) => {
    uow.audit({
      action: 'demo.loaded', targetType: 'incident', targetIds: [id, replay.incidentId, ...Object.values(loaded.notices)],
      after: { reference: incident.reference, users: people.credentials.map((c) => ({ email: c.email, role: c.role })) },
    });
  });
  return loaded;
}
