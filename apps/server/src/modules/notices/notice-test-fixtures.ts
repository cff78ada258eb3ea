/**
 * Notices in each state, made through the real routes as the people who would make
 * them, for the tests of this module and for the suites that cover every route (the
 * access matrix, malformed input). Set-up that no route can do yet (a notice whose due
 * time has passed, without waiting for it) is done in SQL and said so.
 */
import { deflateRawSync, crc32 } from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import type { Notice } from '#shared/contracts/notices';
import type { Session, TestApp } from '../../../test/test-app.ts';

export interface NoticeFixtures {
  /** An incident owned by the coordinator, with the analyst as a writing member, the viewer as a reading member and organization A taking part. */
  incident(body?: Record<string, unknown>): Promise<string>;
  basisId(code?: string): Promise<string>;
  calendarId(code?: string): Promise<string>;
  /** A draft written by the analyst; organization A's admin and member are its recipients. */
  draft(options?: { incidentId?: string; body?: Record<string, unknown> }): Promise<Notice>;
  approved(options?: { incidentId?: string; body?: Record<string, unknown> }): Promise<Notice>;
  issued(options?: { incidentId?: string; body?: Record<string, unknown> }): Promise<Notice>;
  /** Issued, with every question answered in a draft response (version 1) by organization A's admin. */
  answered(options?: { incidentId?: string; body?: Record<string, unknown> }): Promise<{ notice: Notice; version: number }>;
  /** Issued, answered and submitted by organization A's admin. */
  responded(options?: { incidentId?: string; body?: Record<string, unknown> }): Promise<Notice>;
  /** Issued and its due time moved into the past (no route can do that without waiting). */
  overdue(options?: { incidentId?: string; body?: Record<string, unknown> }): Promise<Notice>;
  /** An attachment on question 1 of an issued notice's draft response. */
  draftAttachment(notice?: Notice): Promise<{ notice: Notice; attachmentId: string }>;
  /** An attachment on a submitted response. */
  submittedAttachment(): Promise<{ notice: Notice; attachmentId: string }>;
  /** A responded notice whose first answer is assessed "partial". */
  assessedPartial(): Promise<Notice>;
  /** A waiting request for more time on an issued notice. */
  pendingExtension(): Promise<{ notice: Notice; extensionId: string }>;
  read(noticeId: string, as?: Session): Promise<Notice>;
}

export function expectStatus(response: LightMyRequestResponse, status: number, what: string): void {
  if (response.statusCode !== status) throw new Error(`${what}: expected ${status}, got ${response.statusCode} ${response.body}`);
}

/** A valid draft body; tests override what they are about. */
export function noticePayload(t: { world: TestApp['world'] }, basisId: string, body: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    organizationId: t.world.orgA.id,
    kind: 'call_for_information',
    legalBasisId: basisId,
    subject: 'Details of the exploitation of the voice-call flaw',
    body: 'Under the provision cited, provide the following information.',
    dueMode: 'from_basis',
    questions: [{ text: 'How many users in India were targeted?' }, { text: 'List the indicators of compromise you hold.' }],
    recipientIds: [t.world.users.org_admin.id, t.world.users.org_member.id],
    ...body,
  };
}

/** A ZIP archive with stored (uncompressed or deflated) entries, enough for .zip, .docx and .xlsx checks. */
export function makeZip(entries: Array<{ name: string; data: string | Buffer }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const data = Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data);
    const compressed = deflateRawSync(data);
    const name = Buffer.from(entry.name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0, 6); local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14); local.writeUInt32LE(compressed.length, 18); local.writeUInt32LE(data.length, 22); local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16); central.writeUInt32LE(compressed.length, 20); central.writeUInt32LE(data.length, 24); central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += 30 + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

export const SAMPLE_FILES = {
  pdf: () => Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n'),
  png: () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR-not-a-real-image')]),
  jpeg: () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF-not-a-real-image')]),
  text: () => Buffer.from('Indicators: 185.0.0.1, example-c2.net\n'),
  csv: () => Buffer.from('number,country\n+91XXXXXXXX01,IN\n'),
  zip: () => makeZip([{ name: 'logs/voip.log', data: 'call setup …' }]),
  docx: () => makeZip([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'word/document.xml', data: '<w:document/>' }]),
  xlsx: () => makeZip([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'xl/workbook.xml', data: '<workbook/>' }]),
};

export async function noticeFixtures(t: TestApp): Promise<NoticeFixtures> {
  const [admin, coordinator, analyst, orgAdmin] = await Promise.all([t.login('admin'), t.login('coordinator'), t.login('analyst'), t.login('org_admin')]);
  const db = t.testDb.database.db;

  const basisId = async (code = 'in-itrules-2021-3-1-j') =>
    (await db.selectFrom('legal_bases').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;

  const read = async (noticeId: string, as: Session = coordinator): Promise<Notice> => {
    const response = await t.request({ method: 'GET', url: `/api/v1/notices/${noticeId}`, as });
    expectStatus(response, 200, 'read notice');
    return response.json();
  };

  const incident = async (body: Record<string, unknown> = {}) => {
    const created = await t.request({
      method: 'POST', url: '/api/v1/incidents', as: admin,
      payload: { title: 'Spyware delivered through a missed call', severity: 'high', tlp: 'AMBER', ownerId: t.world.users.coordinator.id, ...body },
    });
    expectStatus(created, 201, 'create incident');
    const id = created.json().id as string;
    for (const [user, access] of [[t.world.users.analyst.id, 'write'], [t.world.users.viewer.id, 'read']] as const) {
      expectStatus(await t.request({ method: 'PUT', url: `/api/v1/incidents/${id}/members/${user}`, as: admin, payload: { access } }), 200, 'add member');
    }
    expectStatus(await t.request({ method: 'POST', url: `/api/v1/incidents/${id}/participants`, as: admin, payload: { organizationId: t.world.orgA.id, role: 'affected_platform' } }), 201, 'add participant');
    return id;
  };

  const draft: NoticeFixtures['draft'] = async (options = {}) => {
    const incidentId = options.incidentId ?? await incident();
    const response = await t.request({ method: 'POST', url: `/api/v1/incidents/${incidentId}/notices`, as: analyst, payload: noticePayload(t, await basisId(), options.body) });
    expectStatus(response, 201, 'create notice');
    return response.json();
  };

  const step = async (notice: Notice, action: string, as: Session = coordinator): Promise<Notice> => {
    const response = await t.request({ method: 'POST', url: `/api/v1/notices/${notice.id}/${action}`, as, payload: { version: notice.version } });
    expectStatus(response, 200, `${action} notice`);
    return response.json();
  };

  const approved: NoticeFixtures['approved'] = async (options) => step(await draft(options), 'approve');
  const issued: NoticeFixtures['issued'] = async (options) => step(await approved(options), 'issue');

  const answered: NoticeFixtures['answered'] = async (options) => {
    const notice = await issued(options);
    const saved = await t.request({
      method: 'PUT', url: `/api/v1/notices/${notice.id}/response`, as: orgAdmin,
      payload: { version: 0, answers: notice.questions.map((q) => ({ questionId: q.id, text: `Answer to question ${q.position}.` })) },
    });
    expectStatus(saved, 200, 'save response');
    return { notice: saved.json(), version: saved.json().response.version };
  };

  const responded: NoticeFixtures['responded'] = async (options) => {
    const { notice, version } = await answered(options);
    const submitted = await t.request({ method: 'POST', url: `/api/v1/notices/${notice.id}/response/submit`, as: orgAdmin, payload: { version } });
    expectStatus(submitted, 200, 'submit response');
    return read(notice.id);
  };

  const upload = async (notice: Notice, questionId: string) => {
    const response = await t.request({
      method: 'POST', url: `/api/v1/notices/${notice.id}/questions/${questionId}/attachments?filename=logs.txt`, as: orgAdmin,
      headers: { 'content-type': 'text/plain' }, payload: SAMPLE_FILES.text(),
    });
    expectStatus(response, 201, 'upload attachment');
    return response.json().id as string;
  };

  return {
    incident,
    basisId,
    async calendarId(code = 'IN') {
      return (await db.selectFrom('holiday_calendars').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
    },
    draft,
    approved,
    issued,
    answered,
    responded,
    async overdue(options) {
      const notice = await issued(options);
      // Time passing: the due time an hour ago, as if the notice had been left unanswered.
      await sql`update notices set due_at = now() - interval '1 hour' where id = ${notice.id}`.execute(db);
      return read(notice.id);
    },
    async draftAttachment(given) {
      const notice = given ?? await issued();
      return { notice, attachmentId: await upload(notice, notice.questions[0].id) };
    },
    async submittedAttachment() {
      const notice = await issued();
      const attachmentId = await upload(notice, notice.questions[0].id);
      const current = await read(notice.id, orgAdmin);
      const saved = await t.request({
        method: 'PUT', url: `/api/v1/notices/${notice.id}/response`, as: orgAdmin,
        payload: { version: current.response?.version ?? 0, answers: notice.questions.map((q) => ({ questionId: q.id, text: `Answer ${q.position}` })) },
      });
      expectStatus(saved, 200, 'save response');
      expectStatus(await t.request({ method: 'POST', url: `/api/v1/notices/${notice.id}/response/submit`, as: orgAdmin, payload: { version: saved.json().response.version } }), 200, 'submit');
      return { notice: await read(notice.id), attachmentId };
    },
    async assessedPartial() {
      const notice = await responded();
      const response = await t.request({
        method: 'POST', url: `/api/v1/notices/${notice.id}/questions/${notice.questions[0].id}/assessments`, as: coordinator,
        payload: { verdict: 'partial', comment: 'Only the count, not the numbers.' },
      });
      expectStatus(response, 201, 'assess answer');
      return read(notice.id);
    },
    async pendingExtension() {
      const notice = await issued();
      const due = new Date(new Date(notice.dueAt as string).getTime() + 7 * 86_400_000).toISOString();
      const response = await t.request({ method: 'POST', url: `/api/v1/notices/${notice.id}/extensions`, as: orgAdmin, payload: { reason: 'Logs are being collected.', requestedDueAt: due } });
      expectStatus(response, 201, 'request extension');
      return { notice: await read(notice.id), extensionId: response.json().id };
    },
    read,
  };
}

/** One notice in each state its routes act on, for the suites that send every route a request. */
export interface NoticeTargets {
  incidentId: string;
  basisId: string;
  calendarId: string;
  draftId: string;
  approvedId: string;
  issued: { id: string; questionId: string };
  respondedId: string;
  respondedQuestionId: string;
  assessedPartialId: string;
  overdueId: string;
  extensionId: string;
  draftAttachmentId: string;
}

export async function noticeTargets(t: TestApp): Promise<NoticeTargets> {
  const f = await noticeFixtures(t);
  const incidentId = await f.incident();
  const on = { incidentId };
  const issued = await f.issued(on);
  const responded = await f.responded(on);
  return {
    incidentId,
    basisId: await f.basisId(),
    calendarId: await f.calendarId(),
    draftId: (await f.draft(on)).id,
    approvedId: (await f.approved(on)).id,
    issued: { id: issued.id, questionId: issued.questions[0].id },
    respondedId: responded.id,
    respondedQuestionId: responded.questions[0].id,
    assessedPartialId: (await f.assessedPartial()).id,
    overdueId: (await f.overdue(on)).id,
    extensionId: (await f.pendingExtension()).extensionId,
    draftAttachmentId: (await f.draftAttachment()).attachmentId,
  };
}
