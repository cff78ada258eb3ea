import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Incident } from '#shared/contracts/incidents';
import type { Notice } from '#shared/contracts/notices';
import type { TimelineEntry } from '#shared/contracts/timeline';
import { auditRows } from '../../../test/audit-rows.ts';
import { type CliTarget, createCliTarget } from '../../../test/cli-target.ts';
import { testConfig } from '../../../test/test-config.ts';
import { createTestDatabase } from '../../../test/test-database.ts';
import { buildApp } from '../../app.ts';
import { verifyAuditLog } from '../../audit/audit-verifier.ts';
import { bootstrap } from '../../bootstrap.ts';
import { AppError } from '../../http/app-error.ts';
import { passwordProblem } from '../auth/password-policy.ts';
import { type LoadedDemo, loadDemoCase } from './load-demo.ts';
import type { DemoUserKey } from './demo-people.ts';

const ROOT = path.resolve(import.meta.dirname, '../../../../..');

interface Signed { cookie: string; csrf: string }

/** An app on a fresh database with the demo loaded, and a client that signs in with the printed passwords. */
async function demoApp() {
  const testDb = await createTestDatabase();
  const config = testConfig();
  const built = await buildApp({ config, database: testDb.database });
  await bootstrap({ db: testDb.database.db, jobs: built.jobs, config });
  const demo = await loadDemoCase({ db: testDb.database.db, jobs: built.jobs, config, via: 'system' });
  const sessions = new Map<DemoUserKey, Signed>();
  const credential = (key: DemoUserKey) => {
    const found = demo.credentials.find((c) => c.key === key);
    if (!found) throw new Error(`no demo user ${key}`);
    return found;
  };
  const login = async (key: DemoUserKey) => built.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: credential(key).email, password: credential(key).password } });
  const as = async (key: DemoUserKey): Promise<Signed> => {
    const known = sessions.get(key);
    if (known) return known;
    const response = await login(key);
    assert.equal(response.statusCode, 200, `${key} signs in: ${response.body}`);
    const signed = { cookie: response.cookies.find((c) => c.name === 'casebook_session')?.value ?? '', csrf: response.json().csrfToken as string };
    sessions.set(key, signed);
    return signed;
  };
  const request = async (key: DemoUserKey, method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const s = await as(key);
    return built.app.inject({ method, url, payload: payload as never, headers: { cookie: `casebook_session=${s.cookie}`, 'x-csrf-token': s.csrf } });
  };
  return { testDb, config, built, demo, credential, login, request, async close() { await built.close(); await testDb.drop(); } };
}

describe('the demo case', () => {
  let t: Awaited<ReturnType<typeof demoApp>>;
  let demo: LoadedDemo;
  before(async () => {
    t = await demoApp();
    demo = t.demo;
  });
  after(() => t?.close());

  it('is the incident INC-2019-0001 with its CVE, severity, marking, counts and participants', async () => {
    assert.equal(demo.incident.reference, 'INC-2019-0001');
    const response = await t.request('viewer', 'GET', `/api/v1/incidents/${demo.incident.id}`);
    assert.equal(response.statusCode, 200, response.body);
    const incident: Incident = response.json();
    assert.equal(incident.title, 'Spyware delivered through a messaging app\'s voice-call flaw');
    assert.deepEqual(incident.cves, ['CVE-2019-3568']);
    assert.equal(incident.severity, 'critical');
    assert.equal(incident.tlp, 'AMBER');
    assert.equal(incident.status, 'coordinating');
    assert.equal(incident.category?.code, 'malicious-code');
    assert.equal(incident.keyTimes.reported?.at, '2019-05-19T18:30:00.000Z');
    assert.equal(incident.keyTimes.reported?.timeZone, 'Asia/Kolkata');
    assert.ok(incident.createdAt.startsWith('2019-05-20'), incident.createdAt);
    const counts = Object.fromEntries(incident.affectedCounts.map((c) => [c.country, { count: c.count, asOf: c.asOf, approximate: c.approximate, source: c.sourceOrganization?.name }]));
    assert.deepEqual(counts, {
      IN: { count: 121, asOf: '2019-09-05', approximate: true, source: 'Messaging Platform' },
      ZZ: { count: 1400, asOf: '2019-09-05', approximate: true, source: 'Messaging Platform' },
    });
    assert.match(incident.summary, /About 1,400 users worldwide were targeted, 121 of them in India/);
    assert.match(incident.summary, /illustrative/);
    assert.deepEqual(incident.abilities.update, false, 'a viewer reads only');

    const participants = (await t.request('coordinator', 'GET', `/api/v1/incidents/${demo.incident.id}/participants`)).json().items;
    assert.deepEqual(participants.map((p: { organization: { name: string }; role: string }) => [p.organization.name, p.role]), [
      ['Messaging Platform', 'affected_platform'], ['IT Ministry', 'partner_authority'], ['Spyware Vendor', 'suspected_vendor'],
    ]);
  });

  it('has a chronology of dated, sourced entries in the order they happened, with one pair of conflicting accounts', async () => {
    const response = await t.request('analyst', 'GET', `/api/v1/incidents/${demo.incident.id}/timeline?limit=500`);
    assert.equal(response.statusCode, 200, response.body);
    const entries: TimelineEntry[] = response.json().items;
    const times = entries.map((e) => e.occurredAt);
    assert.deepEqual(times, [...times].sort(), 'listed in date order');
    const dayOf = (e: TimelineEntry) => new Date(new Date(e.occurredAt).getTime() + 5.5 * 3_600_000).toISOString().slice(0, 10);
    const find = (pattern: RegExp) => {
      const found = entries.find((e) => pattern.test(e.text));
      assert.ok(found, `an entry matching ${pattern}`);
      return found;
    };
    const milestones = [
      [/CVE-2019-3568 is published/, '2019-05-15'], // 19:52 UTC on 14 May is after midnight in India
      [/vulnerability note/, '2019-05-17'],
      [/reports the incident to the CERT/, '2019-05-20'],
      [/^Meeting with Messaging Platform: First meeting/, '2019-07-26'],
      [/updates its report: about 121 users in India/, '2019-09-05'],
      [/issued to Messaging Platform: Submissions/, '2019-09-09'],
      [/^Meeting with Messaging Platform: Second meeting/, '2019-09-11'],
      [/sues the spyware vendor/, '2019-10-01'],
      [/Media report/, '2019-10-31'],
      [/replies to the ministry/, '2019-11-02'],
      [/opened by Platform Contact/, '2019-11-18'],
      [/Messaging Platform responded to notice/, '2019-11-18'],
      [/Lok Sabha/, '2019-11-20'],
      [/issued to Messaging Platform: Clarification/, '2019-11-26'],
      [/issued to Spyware Vendor: Details of the malware/, '2019-11-26'],
    ] as const;
    const found = milestones.map(([pattern, day]) => {
      const entry = find(pattern);
      assert.equal(dayOf(entry), day, `${pattern} on ${day}`);
      return entry;
    });
    const positions = found.map((e) => entries.indexOf(e));
    assert.deepEqual(positions, [...positions].sort((a, b) => a - b), 'the milestones come in the order of the case');

    const report = find(/reports the incident to the CERT/);
    assert.equal(report.kind, 'entry');
    assert.equal(report.precision, 'day');
    assert.equal(report.source?.kind, 'correspondence');
    assert.equal(report.source?.organization?.name, 'Messaging Platform');
    assert.equal(find(/sues the spyware vendor/).precision, 'month');
    const meetings = entries.filter((e) => e.event === 'engagement.recorded');
    assert.equal(meetings.length, 2);
    assert.equal(report.conflicts.length, 1);
    assert.equal(report.conflicts[0].otherEntryId, meetings[0].id);
    assert.match(report.conflicts[0].note, /did not disclose the vulnerability/);
    assert.ok(entries.every((e) => e.kind === 'system' || e.source !== null), 'every staff entry names its source');
  });

  it('records both meetings with the ledger row: the vulnerability was not disclosed', async () => {
    const list = await t.request('auditor', 'GET', `/api/v1/incidents/${demo.incident.id}/engagements`);
    assert.equal(list.statusCode, 200, list.body);
    assert.deepEqual(list.json().items.map((e: { kind: string; occurredAt: string; disclosureCounts: { not_asked: number } }) => [e.kind, e.occurredAt, e.disclosureCounts.not_asked]), [
      ['meeting', '2019-07-25T18:30:00.000Z', 1],
      ['meeting', '2019-09-10T18:30:00.000Z', 1],
    ]);
    const ledger = await t.request('auditor', 'GET', `/api/v1/incidents/${demo.incident.id}/disclosures?topic=cve-2019-3568`);
    assert.equal(ledger.statusCode, 200, ledger.body);
    const [topic] = ledger.json().topics;
    assert.equal(topic.label, 'Vulnerability (CVE-2019-3568)');
    assert.equal(topic.organizations.length, 1);
    assert.equal(topic.organizations[0].organization.name, 'Messaging Platform');
    assert.equal(topic.organizations[0].latestState, 'not_asked');
    assert.deepEqual(topic.organizations[0].entries.map((e: { state: string; engagement: { occurredAt: string } }) => [e.state, e.engagement.occurredAt.slice(0, 10)]), [
      ['not_asked', '2019-07-25'], ['not_asked', '2019-09-10'],
    ]);
  });

  it('holds the call for submissions, its response and assessments, its clarification, and the notice to the vendor', async () => {
    const read = async (id: string): Promise<Notice> => {
      const response = await t.request('coordinator', 'GET', `/api/v1/notices/${id}`);
      assert.equal(response.statusCode, 200, response.body);
      return response.json();
    };
    const call = await read(demo.notices.callForSubmissions);
    assert.equal(call.status, 'responded');
    assert.equal(call.organization.name, 'Messaging Platform');
    assert.equal(call.legalBasis?.clause, 's.70B(6)');
    assert.match(call.subject, /audit and inspection of your security system and process/);
    assert.match(call.questions[2].text, /audit and inspection/);
    assert.equal(call.reference, 'CERT/2019/N-0001');
    assert.ok(call.issuedAt?.startsWith('2019-09-09'));
    assert.ok(call.acknowledgedAt?.startsWith('2019-11-18'));
    assert.ok(call.respondedAt?.startsWith('2019-11-18'));
    assert.equal(call.overdue, false);
    assert.equal(call.createdBy?.name, 'Demo Analyst');
    assert.equal(call.approvedBy?.name, 'Demo Coordinator');
    assert.equal(call.response?.status, 'submitted');
    assert.deepEqual(call.questions.map((q) => q.latestVerdict), ['needs_clarification', 'partial', null]);
    assert.ok(call.document?.pdfSha256);
    assert.deepEqual(call.chain.children.map((c) => c.id), [demo.notices.clarification]);

    const clarification = await read(demo.notices.clarification);
    assert.equal(clarification.kind, 'clarification');
    assert.equal(clarification.parentId, call.id);
    assert.deepEqual(clarification.chain.ancestors.map((a) => a.id), [call.id]);
    assert.equal(clarification.status, 'issued');
    assert.ok(clarification.issuedAt?.startsWith('2019-11-26'));
    assert.equal(clarification.approvedBy?.name, 'Demo Approver');
    assert.deepEqual(clarification.questions.map((q) => q.clarifiesQuestionId), [call.questions[0].id, call.questions[1].id]);
    assert.match(clarification.body, /further clarification and technical details/);

    const vendor = await read(demo.notices.vendorNotice);
    assert.equal(vendor.organization.name, 'Spyware Vendor');
    assert.equal(vendor.status, 'issued');
    assert.ok(vendor.issuedAt?.startsWith('2019-11-26'));
    assert.match(vendor.subject, /malware and its impact on users in India/);
    assert.deepEqual(vendor.recipients.map((r) => r.email).sort(), ['demo-contact@vendor.example', 'demo-member@vendor.example']);
  });

  it('shows the obligations of 2019 law for 2019 facts, and a late six-hour report for the 2025 replay', async () => {
    const list = async (incidentId: string) => {
      const response = await t.request('coordinator', 'GET', `/api/v1/obligations?incidentId=${incidentId}`);
      assert.equal(response.statusCode, 200, response.body);
      return response.json().items as Array<{ rule: { code: string }; organization: { name: string }; state: string; lateBySeconds: number | null; metBy: { kind: string } | null }>;
    };
    const of = (items: Awaited<ReturnType<typeof list>>, code: string, organization = 'Messaging Platform') =>
      items.filter((o) => o.rule.code === code && o.organization.name === organization).map((o) => o.state);

    const case2019 = await list(demo.incident.id);
    assert.deepEqual(of(case2019, 'in-certin-6h'), ['not_applicable'], 'the 2022 six-hour rule is never flagged for 2019 facts');
    assert.deepEqual(of(case2019, 'in-certin-r12-2013'), ['met'], 'the report of 20 May 2019 met the 2013 Rules');
    assert.equal(case2019.find((o) => o.rule.code === 'in-certin-r12-2013')?.metBy?.kind, 'timeline_entry');
    assert.ok(of(case2019, 'in-70b6-call').includes('met'), 'the call for submissions was answered in time');
    assert.deepEqual(of(case2019, 'in-70b6-call', 'Spyware Vendor'), ['missed'], 'the vendor never answered');
    assert.equal(case2019.filter((o) => o.rule.code === 'in-certin-6h' && o.state === 'missed').length, 0);

    const replay = await list(demo.replay.id);
    const late = replay.find((o) => o.rule.code === 'in-certin-6h');
    assert.equal(late?.state, 'met_late');
    assert.equal(late?.lateBySeconds, 2 * 3600);
  });

  it('holds 121 fictitious entries for India whose count reconciles with the platform\'s statement, behind grants and purposes', async () => {
    const counts = await t.request('viewer', 'GET', `/api/v1/incidents/${demo.incident.id}/affected-persons/counts`);
    assert.equal(counts.statusCode, 200, counts.body);
    const body = counts.json();
    assert.equal(body.total, 121);
    const india = body.reconciliation.find((r: { country: string }) => r.country === 'IN');
    assert.deepEqual([india.stated, india.registered, india.difference], [121, 121, 0], 'the register matches the 121 the platform stated for India');
    assert.deepEqual(body.byNotificationStatus.map((c: { key: string; count: number }) => [c.key, c.count]), [['not_notified', 90], ['notified', 30], ['unreachable', 1]]);
    const viewerList = await t.request('viewer', 'GET', `/api/v1/incidents/${demo.incident.id}/affected-persons`);
    assert.equal(viewerList.statusCode, 403, 'a viewer never reads the register');
    const reveal = await t.request('analyst', 'POST', `/api/v1/incidents/${demo.incident.id}/affected-persons/reveal`, {
      purpose: 'notify', personIds: [(await t.request('analyst', 'GET', `/api/v1/incidents/${demo.incident.id}/affected-persons?limit=1`)).json().items[0].id],
    });
    assert.equal(reveal.statusCode, 200, reveal.body);
    const [person] = reveal.json().items;
    assert.match(person.name, /\(fictitious\)$/, 'every demo name says it is invented');
    assert.match(person.phone, /^\+9100000\d{5}$/, 'in a range no Indian number uses');
    assert.match(person.email, /@fictitious\.invalid$/);
    const portal = await t.request('platformContact', 'GET', `/api/v1/incidents/${demo.incident.id}/affected-persons/supplied`);
    assert.equal(portal.json().items.length, 121, 'the platform sees its own references and their states');
    assert.ok(!portal.body.includes('fictitious)'), 'but no names');
  });

  it('lets every demo user sign in with the printed password and see what the role allows', async () => {
    const incidentUrl = `/api/v1/incidents/${demo.incident.id}`;
    const noticeUrl = (id: string) => `/api/v1/notices/${id}`;
    const organizations = (await t.request('admin', 'GET', '/api/v1/organizations')).json().items as Array<{ id: string; name: string }>;
    const platformId = organizations.find((o) => o.name === 'Messaging Platform')?.id;
    for (const c of demo.credentials) {
      const me = await t.request(c.key, 'GET', '/api/v1/me');
      assert.equal(me.statusCode, 200, `${c.key}: ${me.body}`);
      assert.equal(me.json().user.email, c.email);
      assert.equal(me.json().user.role, c.role);
      const incident = await t.request(c.key, 'GET', incidentUrl);
      assert.equal(incident.statusCode, 200, `${c.key} reads the incident: ${incident.body}`);
    }
    const writes = (key: DemoUserKey) => t.request(key, 'GET', incidentUrl).then((r) => r.json().abilities.update);
    for (const key of ['admin', 'coordinator', 'approver', 'analyst'] as const) assert.equal(await writes(key), true, `${key} may change the incident`);
    for (const key of ['auditor', 'viewer'] as const) assert.equal(await writes(key), false, `${key} only reads it`);

    // A viewer may not create incidents.
    assert.equal((await t.request('viewer', 'POST', '/api/v1/incidents', { title: 'x', severity: 'low', tlp: 'GREEN' })).statusCode, 403);

    // Four eyes can be walked: what one coordinator writes, only the other may approve.
    const bases = (await t.request('coordinator', 'GET', '/api/v1/legal-bases')).json().items;
    const basis = bases.find((b: { code: string }) => b.code === 'in-itact-70b6');
    const platformContact = (await t.request('platformContact', 'GET', '/api/v1/me')).json().user.id;
    const draft = await t.request('coordinator', 'POST', `${incidentUrl}/notices`, {
      organizationId: platformId, kind: 'reminder', legalBasisId: basis.id, subject: 'Reminder of the clarification', dueMode: 'from_basis',
      dueAmount: 7, dueUnit: 'calendar_days', questions: [{ text: 'When will you answer the clarification?' }], recipientIds: [platformContact],
    });
    assert.equal(draft.statusCode, 201, draft.body);
    assert.equal(draft.json().abilities.approve, false, 'not by its writer');
    const seen = (await t.request('approver', 'GET', noticeUrl(draft.json().id))).json();
    assert.equal(seen.abilities.approve, true, 'by the other coordinator');
    const approved = await t.request('approver', 'POST', `${noticeUrl(draft.json().id)}/approve`, { version: seen.version });
    assert.equal(approved.statusCode, 200, approved.body);
    assert.equal(approved.json().approvedBy.name, 'Demo Approver');

    // Outside organizations see their own slice: their notices, never another organization's (404), never the CERT's engagements.
    const status = async (key: DemoUserKey, url: string) => (await t.request(key, 'GET', url)).statusCode;
    assert.equal(await status('platformMember', noticeUrl(demo.notices.callForSubmissions)), 200);
    assert.equal(await status('platformMember', noticeUrl(demo.notices.clarification)), 200);
    assert.equal(await status('platformMember', noticeUrl(demo.notices.vendorNotice)), 404);
    assert.equal(await status('vendorMember', noticeUrl(demo.notices.vendorNotice)), 200);
    assert.equal(await status('vendorMember', noticeUrl(demo.notices.callForSubmissions)), 404);
    assert.equal(await status('vendorContact', noticeUrl(demo.notices.clarification)), 404);
    assert.equal(await status('ministryLiaison', noticeUrl(demo.notices.callForSubmissions)), 404);
    assert.equal(await status('vendorMember', `${incidentUrl}/engagements`), 403);
    const portal = (await t.request('vendorMember', 'GET', incidentUrl)).json();
    assert.equal(portal.participation.role, 'suspected_vendor');
    assert.deepEqual(portal.affectedCounts, []);
    const vendorTimeline: TimelineEntry[] = (await t.request('vendorMember', 'GET', `${incidentUrl}/timeline`)).json().items;
    assert.ok(vendorTimeline.length > 0);
    assert.ok(vendorTimeline.every((e) => !e.text.includes('Messaging Platform')), 'the vendor sees nothing of the platform');
    const vendorNotices = (await t.request('vendorContact', 'GET', '/api/v1/notices')).json().items;
    assert.deepEqual(vendorNotices.map((n: { id: string }) => n.id), [demo.notices.vendorNotice]);

    // A wrong password is refused as for anyone.
    const wrong = await t.built.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: t.credential('viewer').email, password: `${t.credential('viewer').password}x` } });
    assert.equal(wrong.statusCode, 401);
  });

  it('entered every record through its service: audited, by the demo users, via the system, on an intact audit log', async () => {
    const db = t.testDb.database.db;
    const count = async (action: string) => (await auditRows(db, { action })).length;
    assert.equal(await count('incident.created'), 2, 'the 2019 incident, and the 2025 replay opened by the platform\'s report');
    assert.equal(await count('timeline.entry_added'), 9, 'eight from the case, one saying the register\'s entries are fictitious');
    assert.equal(await count('register.access_granted'), 2);
    assert.equal(await count('register.imported'), 1);
    assert.equal(await count('register.person_updated'), 31);
    assert.equal(await count('engagement.created'), 2);
    assert.equal(await count('notice.issued'), 3);
    assert.equal(await count('notice.response_submitted'), 1);
    assert.equal(await count('notice.answer_assessed'), 2);
    assert.equal(await count('timeline.conflict_marked'), 1);
    assert.equal(await count('user.created'), 12, 'the first administrator and the eleven demo users');
    const [loaded] = await auditRows(db, { action: 'demo.loaded' });
    assert.equal(loaded.actor_via, 'system');
    const issued = await auditRows(db, { action: 'notice.issued' });
    assert.deepEqual([...new Set(issued.map((r) => r.actor_via))], ['system']);
    const issuers = await db.selectFrom('users').select('email').where('id', 'in', issued.map((r) => r.actor_user_id as string)).orderBy('email').execute();
    assert.deepEqual(issuers.map((u) => u.email), ['demo-approver@cert.example', 'demo-coordinator@cert.example']);
    const verified = await verifyAuditLog(db);
    assert.equal(verified.ok, true, JSON.stringify(verified.problem));
  });

  it('refuses to load twice, saying so and changing nothing', async () => {
    const db = t.testDb.database.db;
    const users = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await assert.rejects(
      loadDemoCase({ db, jobs: t.built.jobs, config: t.config, via: 'cli' }),
      (error: unknown) => error instanceof AppError && error.code === 'demo.already_loaded' && /loaded already \(incident INC-2019-0001\)/.test(error.message),
    );
    const again = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(again.n), Number(users.n));
  });

  it('fixes no password in code: each load draws new ones, each meets the password policy, none is in the sources', async () => {
    const other = await demoApp();
    try {
      const sources = [
        ...readdirSync(import.meta.dirname).filter((f) => f.endsWith('.ts')).map((f) => path.join(import.meta.dirname, f)),
        path.join(ROOT, 'apps/server/src/cli/demo.command.ts'),
        path.join(ROOT, 'apps/server/src/main.ts'),
      ].map((f) => readFileSync(f, 'utf8')).join('\n');
      for (const c of demo.credentials) {
        const twin = other.credential(c.key);
        assert.notEqual(twin.password, c.password, `${c.key} gets a new password each time`);
        assert.equal(passwordProblem(c.password, c), null);
        assert.ok(!sources.includes(c.password));
      }
      // The other load's passwords sign in to the other database only.
      assert.equal((await other.login('viewer')).statusCode, 200);
      const crossed = await other.built.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: t.credential('viewer').email, password: t.credential('viewer').password } });
      assert.equal(crossed.statusCode, 401);
    } finally {
      await other.close();
    }
  });
});

describe('casebook demo and the first start', () => {
  let target: CliTarget;
  before(async () => {
    target = await createCliTarget({ prepared: true });
  });
  after(() => target?.drop());

  it('casebook demo loads the case once and prints working passwords; run again, it refuses with exit code 3', async () => {
    const first = await target.run(['demo']);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /Demo case loaded: INC-2019-0001 "Spyware delivered through a messaging app's voice-call flaw"/);
    const line = first.stdout.split('\n').find((l) => l.includes('demo-analyst@cert.example'));
    const password = line?.trim().split(/\s+/).at(-1) ?? '';
    assert.match(password, /^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$/);

    const second = await target.run(['demo']);
    assert.equal(second.code, 3);
    assert.match(second.stderr, /The demo case is loaded already \(incident INC-2019-0001\)/);
    assert.equal(second.stdout, '');

    const database = await target.open();
    try {
      const built = await buildApp({ config: testConfig(), database });
      try {
        const login = await built.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'demo-analyst@cert.example', password } });
        assert.equal(login.statusCode, 200, login.body);
        const incidents = await database.db.selectFrom('incidents').select('reference').execute();
        assert.deepEqual(incidents.map((i) => i.reference).sort(), ['INC-2019-0001', 'INC-2025-0001']);
        const loaded = await auditRows(database.db, { action: 'demo.loaded' });
        assert.deepEqual(loaded.map((r) => r.actor_via), ['cli']);
      } finally {
        await built.close();
      }
    } finally {
      await database.close();
    }
  });

  it('casebook start loads the demo on a new embedded database only, printing the set-up link and the passwords together', async () => {
    const fresh = await createCliTarget({ prepared: true });
    try {
      const started = await startCasebook(fresh.env);
      try {
        assert.match(started.stdout, /First sign-in: open this one-time link to set the password of admin@casebook\.local/);
        if (process.env.TEST_DATABASE_URL) {
          assert.doesNotMatch(started.stdout, /Demo case loaded/);
          const database = await fresh.open();
          try {
            assert.deepEqual(await database.db.selectFrom('incidents').select('id').execute(), []);
          } finally {
            await database.close();
          }
          return;
        }
        assert.match(started.stdout, /Demo case loaded: INC-2019-0001/);
        const line = started.stdout.split('\n').find((l) => l.includes('demo-contact@platform.example'));
        const password = line?.trim().split(/\s+/).at(-1) ?? '';
        const login = await fetch(`${started.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'demo-contact@platform.example', password }) });
        assert.equal(login.status, 200, await login.text());
        const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
        const notices = await fetch(`${started.url}/api/v1/notices`, { headers: { cookie } });
        assert.deepEqual((await notices.json()).items.map((n: { organization: { name: string } }) => n.organization.name), ['Messaging Platform', 'Messaging Platform']);
      } finally {
        await started.stop();
      }
      // A second start of the same database loads nothing more and prints no passwords.
      const restarted = await startCasebook(fresh.env);
      await restarted.stop();
      assert.doesNotMatch(restarted.stdout, /Demo case loaded|First sign-in/);
    } finally {
      await fresh.drop();
    }
  });
});

/** `casebook start` as a child process on a free port, until its start-up message is out. */
async function startCasebook(env: Record<string, string>): Promise<{ stdout: string; url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['bin/casebook.mjs', 'start'], { cwd: ROOT, env: { ...env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const address = /listening on (http:\/\/[^\s,]+)/.exec(stdout);
      if (address && stdout.endsWith('\n\n')) resolve(address[1]);
    });
    child.on('close', (code) => reject(new Error(`casebook start exited with ${code}: ${stderr}`)));
  });
  return {
    get stdout() { return stdout; },
    url,
    async stop() {
      child.kill('SIGTERM');
      await closed;
    },
  } as { stdout: string; url: string; stop(): Promise<void> };
}

