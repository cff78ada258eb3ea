/**
 * The SQL that generates an incident register server-side with generate_series: no row
 * crosses the wire, so the load is bounded by PostgreSQL computing rows and their
 * tsvectors. Every value is a function of a row number (hashint8 of the number and a
 * salt), so separate statements agree on ids without joins (see uuidOf).
 */
import * as v from './vocabulary.ts';

export interface Scale {
  incidents: number;
  entries: number;
  organizations: number;
  staff: number;
  teams: number;
}

/** Incident numbers with a special shape, and the users the benchmarks sign in as. */
export function landmarks(scale: Scale) {
  return {
    /** 10,000 chronology entries, spread over the whole load (as a long case gathers them over years). */
    chronologyIncident: Math.max(1, Math.floor(scale.incidents / 2)),
    /** 500 participant organizations. */
    crowdedIncident: Math.max(1, Math.floor(scale.incidents / 3)),
    adminEmail: 'staff-0002@bench.casebook.test',
    /** An analyst in team 1: sees what they own, created, are a member of, or team 1 owns. */
    analystEmail: 'staff-0001@bench.casebook.test',
    bigChronologyEntries: Math.min(10_000, scale.entries),
    crowdParticipants: Math.min(500, scale.organizations),
  };
}

/**
 * Ids are cheap functions of a row number: a fixed prefix per kind and the number
 * multiplied by an odd constant modulo 2^48 (a permutation), so incident ids arrive in
 * random order as gen_random_uuid() ones do. Chronology entry ids follow the load order
 * (kind prefix and the plain number), which keeps their primary-key inserts sequential.
 */
const MULTIPLIER = 25_214_903_917n;
const MASK_48 = (1n << 48n) - 1n;

export function incidentId(n: number): string {
  return `a0000000-0000-4000-8000-${((BigInt(n) * MULTIPLIER) & MASK_48).toString(16).padStart(12, '0')}`;
}

export function organizationId(k: number): string {
  return `b0000000-0000-4000-8000-${((BigInt(k) * MULTIPLIER) & MASK_48).toString(16).padStart(12, '0')}`;
}

export function staffId(k: number): string {
  return `c0000000-0000-4000-8000-${((BigInt(k) * MULTIPLIER) & MASK_48).toString(16).padStart(12, '0')}`;
}

const uuidOf = (prefix: string, expr: string, scatter = true) =>
  `('${prefix}-0000-4000-8000-' || lpad(to_hex(${scatter ? `((${expr})::bigint * ${MULTIPLIER}) & ${MASK_48}` : `(${expr})::bigint`}), 12, '0'))::uuid`;

const START = '2019-01-01 00:00:00+00';
const SPAN_SECONDS = 6.5 * 365 * 86_400; // to mid-2025

/** A non-negative pseudo-random integer of (expr, salt). */
const H = (expr: string, salt: number) => `(hashint8((${expr})::bigint * 64 + ${salt}) & 2147483647)`;
/** The same as a bigint, for sums that would overflow an integer. */
const HB = (expr: string, salt: number) => `${H(expr, salt)}::bigint`;
/** One word of a list, earlier words more often (squared uniform). */
const pick = (words: readonly string[], expr: string, salt: number) =>
  `(${v.sqlArray(words)})[1 + floor(${words.length} * power(${H(expr, salt)} / 2147483648.0, 2))::int]`;
/** One word of a list, uniformly. */
const pickFlat = (words: readonly string[], expr: string, salt: number) => `(${v.sqlArray(words)})[1 + ${H(expr, salt)} % ${words.length}]`;

const incidentUuid = (n: string) => uuidOf('a0000000', n);
const orgUuid = (k: string) => uuidOf('b0000000', k);
const staffUuid = (k: string) => uuidOf('c0000000', k);
const teamUuid = (k: string) => uuidOf('d0000000', k);
const entryUuid = (k: string) => uuidOf('e0000000', k, false);

function createdAt(scale: Scale, n: string) {
  return `(timestamptz '${START}' + ((${n} - 1) * ${(SPAN_SECONDS / scale.incidents).toFixed(3)} + ${H(n, 1)} % 60) * interval '1 second')`;
}
function tlpOf(n: string) {
  return `(case when ${H(n, 5)} % 100 < 10 then 'CLEAR' when ${H(n, 5)} % 100 < 40 then 'GREEN' when ${H(n, 5)} % 100 < 85 then 'AMBER'
    when ${H(n, 5)} % 100 < 95 then 'AMBER+STRICT' else 'RED' end)`;
}
/** The first participant of incident n (every incident has one); entries are shared with it. */
function firstParticipant(scale: Scale, n: string) {
  return `(${H(n, 20)} % ${scale.organizations} + 1)`;
}

export function setupStatements(scale: Scale, passwordHash: string): Array<{ label: string; sql: string }> {
  const kinds = v.ORG_KINDS.map((k) => k[0]);
  const orgKinds = v.ORG_KINDS.map((k) => k[1]);
  const role = (k: string) => `(case when ${k} = 2 then 'admin' when ${k} = 1 then 'analyst' when ${k} % 20 = 3 then 'auditor'
    when ${k} % 10 = 5 then 'viewer' when ${k} % 4 = 0 then 'coordinator' else 'analyst' end)`;
  return [
    {
      label: 'home organization',
      sql: `insert into organizations (name, kind, is_home) select 'National CERT', 'cert', true
             where not exists (select 1 from organizations where is_home)`,
    },
    {
      label: `${scale.organizations} organizations`,
      sql: `insert into organizations (id, name, kind, jurisdiction, sectors, is_home)
            select ${orgUuid('k')}, ${pickFlat(v.ORG_WORDS, 'k', 2)} || ' ' || (${v.sqlArray(kinds)})[1 + k % ${kinds.length}] || ' ' || k,
                   (${v.sqlArray(orgKinds)})[1 + k % ${kinds.length}], ${pickFlat(v.COUNTRIES, 'k', 3)}, '{}', false
              from generate_series(1, ${scale.organizations}) k`,
    },
    {
      label: `${scale.staff} staff users`,
      sql: `insert into users (id, organization_id, email, name, role, password_hash)
            select ${staffUuid('k')}, (select id from organizations where is_home), 'staff-' || lpad(k::text, 4, '0') || '@bench.casebook.test',
                   'Staff Member ' || k, ${role('k')}, '${passwordHash}'
              from generate_series(1, ${scale.staff}) k`,
    },
    {
      label: `${scale.teams} teams`,
      sql: `insert into teams (id, name) select ${teamUuid('k')}, 'Team ' || k from generate_series(1, ${scale.teams}) k`,
    },
    {
      label: 'team members',
      sql: `insert into team_members (team_id, user_id)
            select ${teamUuid(`((k - 1) % ${scale.teams}) + 1`)}, ${staffUuid('k')} from generate_series(1, ${scale.staff}) k
            union
            select ${teamUuid(`((k + 6) % ${scale.teams}) + 1`)}, ${staffUuid('k')} from generate_series(1, ${scale.staff}) k where k % 3 = 0`,
    },
  ];
}

export function incidentsStatement(scale: Scale, lo: number, hi: number): string {
  const n = 'n';
  const status = `(case when n < ${Math.floor(scale.incidents * 0.9)} then
      (case when ${H(n, 6)} % 100 < 80 then 'closed' when ${H(n, 6)} % 100 < 95 then 'resolved' when ${H(n, 6)} % 100 < 98 then 'coordinating' else 'investigating' end)
    else (case when ${H(n, 6)} % 100 < 10 then 'reported' when ${H(n, 6)} % 100 < 25 then 'triage' when ${H(n, 6)} % 100 < 55 then 'investigating'
      when ${H(n, 6)} % 100 < 75 then 'coordinating' when ${H(n, 6)} % 100 < 90 then 'resolved' else 'closed' end) end)`;
  const severity = `(case when ${H(n, 7)} % 100 < 40 then 'low' when ${H(n, 7)} % 100 < 75 then 'medium' when ${H(n, 7)} % 100 < 95 then 'high' else 'critical' end)`;
  const tags = `array_remove(array[
      case when ${H(n, 8)} % 10 < 7 then (${v.sqlArray(v.TAGS)})[1 + ${H(n, 9)} % ${v.TAGS.length}] end,
      case when ${H(n, 8)} % 10 < 3 then (${v.sqlArray(v.TAGS)})[(1 + (${HB(n, 9)} + 5) % ${v.TAGS.length})::int] end,
      case when ${H(n, 8)} % 10 < 1 then (${v.sqlArray(v.TAGS)})[(1 + (${HB(n, 9)} + 11) % ${v.TAGS.length})::int] end], null)`;
  const cve = `case when ${H(n, 10)} % 10 < 2 then array[${pick(v.CVES, n, 11)}]
      when ${H(n, 10)} % 10 < 3 then array['CVE-' || (2018 + ${H(n, 12)} % 7) || '-' || (1000 + ${H(n, 13)} % 45000)] else '{}'::text[] end`;
  return `insert into incidents (id, reference, title, summary, category_id, severity, status, status_reason, tlp,
      occurred_at, occurred_tz, detected_at, detected_tz, noticed_at, noticed_tz, reported_at, reported_tz,
      platforms, cves, threat_actors, malware, tags, owner_id, team_id, created_by, created_at, updated_at, version)
    select ${incidentUuid('n')},
      'INC-' || extract(year from ca at time zone 'UTC')::int || '-' || lpad(n::text, 7, '0'),
      head || ' ' || ${pickFlat(v.ORG_WORDS, n, 14)} || ' ' || sector || ' via ' || vector,
      'On ' || to_char(ca at time zone 'UTC', 'DD Mon YYYY') || ' a ' || sector || ' reported that ' || actor || ' used ' || malware ||
        ' delivered through ' || vector || '. ' || ${pick(v.IMPACTS, n, 15)} || ' ' || ${pick(v.ACTIONS, n, 16)} ||
        ' Indicator: ' || lower(${pickFlat(v.ORG_WORDS, n, 17)}) || '-' || (${H(n, 18)} % 90000 + 10000) || '.example-' ||
        lower(${pickFlat(v.COUNTRIES, n, 19)}) || '.net, seen from 203.0.' || (${H(n, 21)} % 256) || '.' || (${H(n, 22)} % 256) || '.',
      cats[1 + ${H(n, 23)} % array_length(cats, 1)],
      ${severity}, st,
      case when st in ('resolved', 'closed') then 'Remediation confirmed by the organization' end,
      ${tlpOf(n)},
      ca - (${H(n, 24)} % 72 + 48) * interval '1 hour', 'Asia/Kolkata',
      ca - (${H(n, 25)} % 24 + 12) * interval '1 hour', 'Asia/Kolkata',
      ca - (${H(n, 26)} % 10 + 1) * interval '1 hour', 'UTC',
      ca, 'UTC',
      case when ${H(n, 27)} % 10 < 6 then array[${pick(v.PLATFORMS, n, 28)}] else '{}'::text[] end,
      ${cve},
      case when ${H(n, 29)} % 10 < 4 then array[actor] else '{}'::text[] end,
      case when ${H(n, 29)} % 10 < 6 then array[malware] else '{}'::text[] end,
      ${tags},
      ${staffUuid(`1 + ${H(n, 30)} % ${scale.staff}`)},
      case when ${H(n, 31)} % 100 < 85 then ${teamUuid(`1 + ${H(n, 32)} % ${scale.teams}`)} end,
      ${staffUuid(`1 + ${H(n, 33)} % ${scale.staff}`)},
      ca, least(ca + (${H(n, 34)} % (90 * 24)) * interval '1 hour', timestamptz '2025-07-01 00:00:00+00'), 1 + ${H(n, 35)} % 4
    from (
      select n, ${createdAt(scale, n)} as ca, ${status} as st,
        ${pick(v.TITLE_HEADS, n, 40)} as head, ${pick(v.SECTORS, n, 41)} as sector, ${pick(v.VECTORS, n, 42)} as vector,
        ${pick(v.ACTORS, n, 43)} as actor, ${pick(v.MALWARE, n, 44)} as malware
      from generate_series(${lo}, ${hi}) n
    ) s cross join (select array_agg(id order by position) as cats from incident_categories) c`;
}

const ROLES = `array['affected_platform','suspected_vendor','reporter','victim','partner_authority','other']`;

export function participantsStatement(scale: Scale, lo: number, hi: number): string {
  const { crowdedIncident } = landmarks(scale);
  return `insert into participants (incident_id, organization_id, role, note, sees_red, notified_at, added_by, created_at)
    select ${incidentUuid('n')}, ${orgUuid(`((${HB('n', 20)} + j * 397) % ${scale.organizations}) + 1`)},
      (${ROLES})[(1 + (${HB('n', 50)} + j) % 6)::int], case when j = 0 then 'Primary contact engaged' end,
      ${H('n', 51)} % 4 = 0, ${createdAt(scale, 'n')} + (j + 1) * interval '3 hours', ${staffUuid(`1 + ${H('n', 30)} % ${scale.staff}`)},
      ${createdAt(scale, 'n')} + j * interval '1 hour'
    from generate_series(${lo}, ${hi}) n, generate_series(0, ${H('n', 21)} % 5) j
    where n <> ${crowdedIncident}`;
}

export function crowdStatement(scale: Scale): string {
  const { crowdedIncident: n, crowdParticipants } = landmarks(scale);
  return `insert into participants (incident_id, organization_id, role, note, sees_red, notified_at, added_by, created_at)
    select ${incidentUuid(String(n))}, ${orgUuid(`((${HB(String(n), 20)} + j) % ${scale.organizations}) + 1`)},
      (${ROLES})[1 + j % 6], 'Organization ' || j || ' of a sector-wide campaign', j % 10 = 0,
      ${createdAt(scale, String(n))} + j * interval '5 minutes', ${staffUuid('1')}, ${createdAt(scale, String(n))} + j * interval '1 minute'
    from generate_series(0, ${crowdParticipants - 1}) j`;
}

export function membersStatement(scale: Scale, lo: number, hi: number): string {
  return `insert into incident_members (incident_id, user_id, access, added_by, added_at)
    select ${incidentUuid('n')}, ${staffUuid(`1 + ${H('n', 60)} % ${scale.staff}`)}, case when ${H('n', 61)} % 2 = 0 then 'write' else 'read' end,
      ${staffUuid(`1 + ${H('n', 30)} % ${scale.staff}`)}, ${createdAt(scale, 'n')} + interval '1 hour'
    from generate_series(${lo}, ${hi}) n where ${H('n', 62)} % 10 < 3`;
}

export function affectedCountsStatement(scale: Scale, lo: number, hi: number): string {
  return `insert into affected_counts (incident_id, country, count, approximate, as_of, source, source_organization_id, recorded_by, recorded_at)
    select ${incidentUuid('n')}, (${v.sqlArray(v.COUNTRIES)})[(1 + (${HB('n', 70)} + j * 5) % ${v.COUNTRIES.length})::int],
      (${HB('n', 71)} + j * 7919 + h * 13) % 5000 + 1, ${H('n', 72)} % 3 = 0,
      (${createdAt(scale, 'n')} + (j + h * 7) * interval '1 day')::date, case when h = 0 then 'Platform report' else 'Revised platform report' end,
      ${orgUuid(firstParticipant(scale, 'n'))}, ${staffUuid(`1 + ${H('n', 30)} % ${scale.staff}`)},
      ${createdAt(scale, 'n')} + (j + h * 7) * interval '1 day'
    from generate_series(${lo}, ${hi}) n, generate_series(0, ${H('n', 73)} % 3) j,
      generate_series(0, case when ${H('n', 74)} % 5 = 0 then 1 else 0 end) h
    where ${H('n', 75)} % 10 < 4`;
}

export function entriesStatement(scale: Scale, lo: number, hi: number): string {
  const { chronologyIncident, bigChronologyEntries } = landmarks(scale);
  const step = Math.max(1, Math.floor(scale.entries / bigChronologyEntries));
  const ratio = scale.incidents / scale.entries;
  const k = 'k';
  const text = `case when sys then 'Status moved to ' || (array['triage','investigating','coordinating','resolved'])[1 + ${H(k, 80)} % 4] || ' by the duty analyst'
      else ${pick(v.ENTRY_LEADS, k, 81)} || ' ' || ${pickFlat(v.ORG_WORDS, 'n', 14)} || ' ' || ${pick(v.SECTORS, 'n', 41)} || ' ' ||
        ${pick(v.ENTRY_TOPICS, k, 82)} || '; the organization ' || ${pick(v.ENTRY_NOTES, k, 83)} || '.' ||
        case when ${H(k, 84)} % 4 = 0 then ' Ref ' || ${pick(v.MALWARE, k, 85)} || ' sample ' || to_hex(${H(k, 86)}) else '' end end`;
  return `insert into timeline_entries (id, incident_id, occurred_at, precision, time_zone, kind, event, text, source_kind, source_title,
      source_said_by, source_organization_id, source_date, tlp, include_in_briefings, shared_with, revision, created_by, created_at, updated_by, updated_at)
    select ${entryUuid('k')}, ${incidentUuid('n')}, at, case when ${H(k, 87)} % 10 = 0 then 'day' else 'minute' end, 'Asia/Kolkata',
      case when sys then 'system' else 'entry' end, case when sys then 'incident.status_changed' end, ${text},
      case when sys then 'system' else (array['meeting','correspondence','statement','document','observation'])[1 + ${H(k, 88)} % 5] end,
      case when sys then 'Recorded by Casebook' else ${pick(v.SOURCE_TITLES, k, 89)} end,
      case when sys then null else ${pick(v.PEOPLE, k, 90)} end,
      case when sys then null else ${orgUuid(firstParticipant(scale, 'n'))} end,
      case when sys then null else (at at time zone 'UTC')::date end,
      ${tlpOf('n')}, not sys,
      case when not sys and ${H(k, 91)} % 5 = 0 then array[${orgUuid(firstParticipant(scale, 'n'))}] else '{}'::uuid[] end,
      1, ${staffUuid(`1 + ${H(k, 92)} % ${scale.staff}`)}, at + interval '2 hours', ${staffUuid(`1 + ${H(k, 92)} % ${scale.staff}`)}, at + interval '2 hours'
    from (
      select k, n, ${H(k, 93)} % 10 < 3 as sys,
        case when n = ${chronologyIncident} then ${createdAt(scale, 'n')} + (k::float8 / ${scale.entries}) * interval '700 days'
             else ${createdAt(scale, 'n')} + (${H(k, 94)} % 86400) * interval '1 minute' end as at
      from (
        select k, case when k % ${step} = 0 then ${chronologyIncident}
          else least(${scale.incidents}, greatest(1, floor(k * ${ratio})::bigint + ${H(k, 95)} % 200 - 100)) end as n
        from generate_series(${lo}, ${hi}) k
      ) a
    ) s`;
}

/** Conflicts between two entries of one incident: a sample everywhere, and every 100th pair of the long chronology. */
export function conflictsStatements(scale: Scale): string[] {
  const { chronologyIncident } = landmarks(scale);
  const percent = 0.2; // one entry in 500 gets a conflict
  return [
    `insert into timeline_conflicts (incident_id, entry_a, entry_b, note, marked_by, marked_at)
      select incident_id, least(a, b), greatest(a, b), 'The two sources give different dates for this event', created_by, created_at
      from (select t.incident_id, t.id as a, t.created_by, t.created_at,
              (select u.id from timeline_entries u where u.incident_id = t.incident_id and u.id <> t.id limit 1) as b
            from timeline_entries t tablesample system (${percent})) x
      where b is not null on conflict do nothing`,
    `insert into timeline_conflicts (incident_id, entry_a, entry_b, note, marked_by, marked_at)
      select incident_id, least(id, next), greatest(id, next), 'Platform statement contradicts the meeting minutes', created_by, created_at
      from (select incident_id, id, created_by, created_at, lead(id) over (order by occurred_at, id) as next,
                   row_number() over (order by occurred_at, id) as r
            from timeline_entries where incident_id = ${incidentUuid(String(chronologyIncident))}) x
      where r % 100 = 1 and next is not null on conflict do nothing`,
  ];
}

export function countersStatement(scale: Scale): string {
  return `insert into incident_reference_counters (year, last) select y, ${scale.incidents} from generate_series(2019, 2030) y
    on conflict (year) do update set last = greatest(incident_reference_counters.last, excluded.last)`;
}
