/**
 * Notices made server-side with generate_series for the notice benchmarks
 * (sweep.bench.ts, notices.bench.ts): no row crosses the wire. Every value is a function
 * of a row number, so separate statements agree on ids without joins: notice n, its
 * question p, its response and the answer to question p all have ids made from n (and p).
 * The ids run in load order, so primary-key inserts stay sequential.
 *
 * Each function returns SQL text; the caller runs it (one statement per call unless said
 * otherwise). A benchmark describes its notices with SQL expressions over the row number
 * `n` (organization, incident, status, issue and due times), and the statements derive
 * the rest: the step timestamps follow from the status, every notice goes to both points
 * of contact of its organization, a responded or closed notice has a submitted response.
 */

export const HOME_ORGANIZATION_ID = '00000000-0000-4000-8000-000000000001';

const hex = (n: number | bigint) => BigInt(n).toString(16).padStart(12, '0');
const uuidSql = (prefix: string, expr: string) => `('${prefix}-0000-4000-8000-' || lpad(to_hex((${expr})::bigint), 12, '0'))::uuid`;

/** Questions per notice are numbered 1..15 inside a block of 16 ids. */
const QUESTION_SLOTS = 16;

/** Staff user k (1, 2, …): …0a1, …0a2, as the first benchmarks named them. */
export const staffId = (k: number) => `00000000-0000-4000-8000-${hex(0xa0 + k)}`;
export const teamId = (k: number) => `00000000-0000-4000-8000-${hex(0xe0 + k)}`;
export const organizationId = (k: number) => `b0000000-0000-4000-8000-${hex(k)}`;
/** Point of contact r (0: the organization's admin, 1: a member) of organization k. */
export const contactId = (k: number, r: 0 | 1) => `c0000000-0000-4000-8000-${hex(k * 2 + r)}`;
export const contactEmail = (k: number, r: 0 | 1) => `contact-${k}-${r}@platform.example`;
export const incidentId = (n: number) => `a0000000-0000-4000-8000-${hex(n)}`;
export const noticeId = (n: number) => `d0000000-0000-4000-8000-${hex(n)}`;

const orgSql = (k: string) => uuidSql('b0000000', k);
const contactSql = (k: string, r: string) => uuidSql('c0000000', `(${k}) * 2 + ${r}`);
const incidentSql = (n: string) => uuidSql('a0000000', n);
const noticeSql = (n: string) => uuidSql('d0000000', n);
const questionSql = (n: string, p: string) => uuidSql('e0000000', `(${n})::bigint * ${QUESTION_SLOTS} + ${p}`);
const responseSql = (n: string) => uuidSql('90000000', n);
const answerSql = (n: string, p: string) => uuidSql('f0000000', `(${n})::bigint * ${QUESTION_SLOTS} + ${p}`);
const assessmentSql = (n: string, p: string) => uuidSql('80000000', `(${n})::bigint * ${QUESTION_SLOTS} + ${p}`);

/** A non-negative pseudo-random integer of (expr, salt). */
export const hashOf = (expr: string, salt: number) => `(hashint8((${expr})::bigint * 64 + ${salt}) & 2147483647)`;

export interface StaffUser {
  key: number;
  email: string;
  name: string;
  role: 'admin' | 'coordinator' | 'analyst' | 'auditor' | 'viewer';
  /** Team numbers (1..teams) the user belongs to. */
  teams?: number[];
}

export interface PeopleOptions {
  /** Outside organizations, each with an org_admin and an org_member as points of contact. */
  organizations: number;
  staff: StaffUser[];
  teams?: number;
  /** The hash every user gets (null: nobody can sign in). */
  passwordHash?: string | null;
}

/** The CERT, its staff and teams, the outside organizations and their points of contact. Several statements. */
export function peopleSql(options: PeopleOptions): string {
  const hash = options.passwordHash ? `'${options.passwordHash}'` : 'null';
  const staff = options.staff
    .map((s) => `('${staffId(s.key)}'::uuid, '${HOME_ORGANIZATION_ID}'::uuid, '${s.email}', '${s.name}', '${s.role}', ${hash})`)
    .join(',\n      ');
  const teams = options.teams ?? 0;
  const memberships = options.staff.flatMap((s) => (s.teams ?? []).map((t) => `('${teamId(t)}'::uuid, '${staffId(s.key)}'::uuid)`));
  return `
    insert into organizations (id, name, kind, is_home) values ('${HOME_ORGANIZATION_ID}', 'Bench CERT', 'cert', true);
    insert into users (id, organization_id, email, name, role, password_hash) values
      ${staff};
    ${teams > 0 ? `insert into teams (id, name) select ${uuidSql('00000000', '224 + k')}, 'Team ' || k from generate_series(1, ${teams}) k;` : ''}
    ${memberships.length ? `insert into team_members (team_id, user_id) values ${memberships.join(', ')};` : ''}
    insert into organizations (id, name, kind)
      select ${orgSql('k')}, 'Platform ' || k, 'platform' from generate_series(1, ${options.organizations}) k;
    insert into users (id, organization_id, email, name, role, password_hash)
      select ${contactSql('k', 'r')}, ${orgSql('k')}, 'contact-' || k || '-' || r || '@platform.example', 'Contact ' || k || '/' || r,
             case r when 0 then 'org_admin' else 'org_member' end, ${hash}
        from generate_series(1, ${options.organizations}) k, generate_series(0, 1) r`;
}

export interface IncidentOptions {
  incidents: number;
  /** The staff user who created and owns them. */
  ownerKey: number;
  /** Spread over teams 1..teams (team 1 + n % teams); none without. */
  teams?: number;
  /** TLP of incident n (SQL over n). */
  tlp?: string;
}

export function incidentsSql(options: IncidentOptions): string {
  const team = options.teams ? uuidSql('00000000', `224 + 1 + n % ${options.teams}`) : 'null';
  return `
    insert into incidents (id, reference, title, severity, status, tlp, created_by, owner_id, team_id)
      select ${incidentSql('n')}, 'INC-BENCH-' || n, 'Bench incident ' || n, (array['low','medium','high','critical'])[1 + n % 4],
             'coordinating', ${options.tlp ?? `'AMBER'`}, '${staffId(options.ownerKey)}', '${staffId(options.ownerKey)}', ${team}
        from generate_series(1, ${options.incidents}) n`;
}

export interface NoticeOptions {
  /** Row numbers lo..hi (inclusive). */
  lo: number;
  hi: number;
  /** SQL over n: the organization number (1..organizations) and the incident number. */
  organization: string;
  incident: string;
  /** SQL over n: 'issued', 'acknowledged', 'responded' or 'closed'. */
  status: string;
  /** SQL over n: the issue time and due time (timestamptz). */
  issuedAt: string;
  dueAt: string;
  /** SQL over n (`st`, `due` and `resp`, the response time, available): when the sweep flagged it overdue, or null. */
  overdueAt?: string;
  /** SQL over n (`st`, `due`, `issued` available): when the response was submitted, for responded and closed notices. */
  respondedAt?: string;
  tlp?: string;
  /** The code of a seeded legal basis every notice cites. */
  legalBasisCode?: string;
  /** Staff who drafted and who approved and issued (four eyes). */
  createdBy: number;
  issuedBy: number;
}

const TLPS = `(array['CLEAR','GREEN','AMBER','AMBER','AMBER+STRICT','RED'])[1 + n % 6]`;
const ZONES = `(array['Asia/Kolkata','Europe/Berlin','UTC','America/New_York'])[1 + n % 4]`;

/** Notices n = lo..hi with their step timestamps. */
export function noticesSql(o: NoticeOptions): string {
  const basis = o.legalBasisCode ? `(select id from legal_bases where code = '${o.legalBasisCode}')` : 'null';
  const created = staffId(o.createdBy);
  const issuer = staffId(o.issuedBy);
  const responded = o.respondedAt ?? `issued + (due - issued) / 2`;
  return `
    insert into notices (id, incident_id, organization_id, reference, kind, legal_basis_id, subject, body, tlp, due_mode, due_at, time_zone, status,
                         overdue_at, created_by, created_at, updated_by, updated_at, approved_by, approved_at, issued_by, issued_at,
                         acknowledged_by, acknowledged_at, responded_at, closed_by, closed_at, version)
      select ${noticeSql('n')}, ${incidentSql('inc')}, ${orgSql('org')}, 'CERT/BENCH/N-' || n, 'call_for_information', ${basis},
             'Preserve and provide the logs of incident ' || inc || ' (request ' || n || ')',
             'Under the legal basis cited, provide the information asked below about incident ' || inc || ' by the due time.',
             ${o.tlp ?? TLPS}, 'fixed', due, ${ZONES}, st,
             ${o.overdueAt ?? 'null'},
             '${created}', issued - interval '1 day', '${created}', greatest(issued, coalesce(resp, issued)),
             '${issuer}', issued - interval '2 hours', '${issuer}', issued,
             case when st <> 'issued' then ${contactSql('org', '1')} end,
             case when st <> 'issued' then issued + interval '3 hours' end,
             resp,
             case when st = 'closed' then '${issuer}'::uuid end,
             case when st = 'closed' then resp + interval '2 days' end,
             case st when 'issued' then 2 when 'acknowledged' then 3 when 'responded' then 4 else 5 end
        from (select n, org, inc, st, issued, due, case when st in ('responded', 'closed') then ${responded} end as resp
                from (select n, (${o.organization})::int as org, (${o.incident})::int as inc, (${o.status})::text as st,
                             (${o.issuedAt})::timestamptz as issued, (${o.dueAt})::timestamptz as due
                        from generate_series(${o.lo}, ${o.hi}) n) base) x`;
}

/** The row number a generated id was made from. */
const numberOf = (column: string) => `('x' || right(${column}::text, 12))::bit(48)::bigint`;

/** Both points of contact of the notice's organization, for notices lo..hi. */
export function recipientsSql(lo: number, hi: number): string {
  return `
    insert into notice_recipients (notice_id, user_id)
      select n.id, ${contactSql(numberOf('n.organization_id'), 'r')}
        from notices n, generate_series(0, 1) r
       where n.id between '${noticeId(lo)}' and '${noticeId(hi)}'`;
}

/**
 * One participant row per (incident, organization) a notice goes to: an organization sees
 * a notice only on an incident it takes part in. `seesRed` is SQL over the organization
 * number `org` and incident number `inc`.
 */
export function participantsSql(seesRed = 'false'): string {
  return `
    insert into participants (incident_id, organization_id, role, sees_red, added_by)
      select incident_id, organization_id, 'affected_platform', ${seesRed}, (select id from users where role = 'admin' order by id limit 1)
        from (select distinct incident_id, organization_id, ${numberOf('incident_id')} as inc, ${numberOf('organization_id')} as org from notices) pairs`;
}

/** `perNotice` questions (at most 15) for each notice lo..hi; every fifth one asks for an attachment. */
export function questionsSql(lo: number, hi: number, perNotice: number): string {
  if (perNotice > QUESTION_SLOTS - 1) throw new Error(`At most ${QUESTION_SLOTS - 1} questions per notice.`);
  return `
    insert into notice_questions (id, notice_id, position, text, requires_attachment)
      select ${questionSql('n', 'p')}, ${noticeSql('n')}, p,
             (array['Provide the logs of the affected systems for the period of the incident, with their time zone.',
                    'List the indicators of compromise observed (addresses, domains, hashes) and when each was first seen.',
                    'Describe the measures taken to contain the incident and the date each was completed.',
                    'Name the point of contact who can answer technical questions within one business day.',
                    'State how many users or customers were affected and in which jurisdictions they are.'])[1 + (p - 1) % 5],
             p % 5 = 0
        from generate_series(${lo}, ${hi}) n, generate_series(1, ${perNotice}) p`;
}

/**
 * Responses for notices lo..hi: submitted (at the notice's responded_at, by its first point
 * of contact) for responded and closed notices; a draft for acknowledged ones when `drafts`.
 */
export function responsesSql(lo: number, hi: number, drafts = false): string {
  return `
    insert into notice_responses (id, notice_id, status, submitted_by, submitted_at, updated_by, updated_at, version)
      select ${responseSql(numberOf('n.id'))}, n.id, case when n.status = 'acknowledged' then 'draft' else 'submitted' end,
             case when n.status <> 'acknowledged' then n.acknowledged_by end, n.responded_at, n.acknowledged_by,
             coalesce(n.responded_at, n.acknowledged_at + interval '1 day'), 2
        from notices n
       where n.id between '${noticeId(lo)}' and '${noticeId(hi)}'
         and n.status in (${drafts ? `'acknowledged', ` : ''}'responded', 'closed')`;
}

/**
 * Answers for the responses of notices lo..hi: every question of a submitted response, the
 * first `draftAnswers` questions of a draft.
 */
export function answersSql(lo: number, hi: number, perNotice: number, draftAnswers: number): string {
  return `
    insert into notice_answers (id, response_id, question_id, text, updated_at)
      select ${answerSql('k', 'p')}, r.id, ${questionSql('k', 'p')},
             (array['Logs of the web and application servers for the period are attached; times are in UTC. Retention covers the whole period.',
                    'Indicators: 203.0.113.' || (k % 250) || ' (first seen three days before the report), update-check.example-cdn.net, two sample hashes.',
                    'Credentials were rotated and the exposed endpoint was taken offline within four hours; the patch was applied the next morning.',
                    'Security operations lead, reachable at the number on file and at soc@platform.example during business hours.',
                    'About ' || (k % 9000 + 100) || ' accounts, all in India; affected users were notified by e-mail.'])[1 + (p - 1) % 5],
             r.updated_at
        from notice_responses r
        cross join lateral (select ${numberOf('r.notice_id')} as k) nk
        cross join lateral generate_series(1, case when r.status = 'submitted' then ${perNotice} else ${draftAnswers} end) p
       where r.notice_id between '${noticeId(lo)}' and '${noticeId(hi)}'`;
}

/** One assessment ("answered") per answer of the closed notices lo..hi, by staff user `by`. */
export function assessmentsSql(lo: number, hi: number, perNotice: number, by: number): string {
  return `
    insert into answer_assessments (id, answer_id, verdict, comment, assessed_by, assessed_at)
      select ${assessmentSql('k', 'p')}, ${answerSql('k', 'p')}, 'answered', '', '${staffId(by)}', n.closed_at - interval '1 hour'
        from notices n
        cross join lateral (select ${numberOf('n.id')} as k) nk
        cross join generate_series(1, ${perNotice}) p
       where n.id between '${noticeId(lo)}' and '${noticeId(hi)}' and n.status = 'closed'`;
}

/**
 * What a sweep that has been running all along leaves behind: each open notice past its due
 * time flagged (overdueAt set by noticesSql) with its overdue reminder sent, and the due-soon
 * reminder sent for each open notice due within `hours` of `at`, so that the server's own
 * sweep finds nothing left to do while a benchmark runs.
 */
export function settledRemindersSql(at: string, hours: number): string {
  return `
    insert into notice_reminders (notice_id, kind, due_at, created_at, sent_at)
      select id, 'overdue', due_at, overdue_at, overdue_at from notices where status in ('issued', 'acknowledged') and overdue_at is not null;
    insert into notice_reminders (notice_id, kind, due_at, created_at, sent_at)
      select id, 'due_soon', due_at, ${at}, ${at} from notices
       where status in ('issued', 'acknowledged') and overdue_at is null and due_at >= ${at} and due_at < ${at} + interval '${hours} hours'`;
}

/** Splits 1..total into ranges of `size`. */
export function ranges(total: number, size: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let lo = 1; lo <= total; lo += size) out.push([lo, Math.min(total, lo + size - 1)]);
  return out;
}
