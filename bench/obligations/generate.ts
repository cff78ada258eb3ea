/**
 * The data of the obligations recomputation benchmark, made server-side with
 * generate_series (no row crosses the wire): the CERT and its staff, a pool of outside
 * organizations whose legal roles and jurisdictions mix as they do in practice, incidents
 * with a seeded category and key times in 2019–2026, three participants each, and the
 * obligation facts (awareness times, judgements) entered for most of those pairs. Every
 * value is a function of a row number, so statements agree on ids without joins.
 */
import { hashOf as H } from '../notices/generate.ts';

const uuidSql = (prefix: string, expr: string) => `('${prefix}-0000-4000-8000-' || lpad(to_hex((${expr})::bigint), 12, '0'))::uuid`;
const incidentSql = (n: string) => uuidSql('a0000000', n);
const orgSql = (k: string) => uuidSql('b0000000', k);

/**
 * The organization mixes, by organization number modulo 10: [jurisdiction, operates_in,
 * regulated_as]. Vendors established outside the packs' jurisdictions are bound by none
 * of them (only an order under a legal basis that reaches any person would bring them in).
 */
export const ORGANIZATION_MIXES: Array<[jurisdiction: string, operatesIn: string[], regulatedAs: string[]]> = [
  ['IN', [], ['intermediary', 'body_corporate']],
  ['IN', [], ['data_fiduciary', 'body_corporate']],
  ['DE', [], ['controller', 'essential_entity']],
  ['FR', ['EU'], ['controller', 'processor']],
  ['US', ['US-TX'], ['sec_registrant', 'covered_entity', 'business']],
  ['US', [], ['hipaa_covered_entity', 'controller']],
  ['GB', [], ['controller', 'operator_of_essential_services']],
  ['CN', [], []],
  ['IN', ['IN'], ['telecom_entity', 'service_provider']],
  ['NL', ['IN'], ['financial_entity', 'controller', 'body_corporate']],
];

const textArray = (values: string[]) => `array[${values.map((v) => `'${v}'`).join(',')}]::text[]`;

/** Sets the roles and jurisdictions of organizations 1..organizations (made by peopleSql). */
export function organizationRolesSql(organizations: number): string {
  const m = ORGANIZATION_MIXES.length;
  const pickOf = (i: 0 | 1 | 2) =>
    `(case k % ${m} ${ORGANIZATION_MIXES.map((mix, index) => `when ${index} then ${i === 0 ? `'${mix[0]}'` : textArray(mix[i] as string[])}`).join(' ')} end)`;
  return `
    update organizations o set jurisdiction = ${pickOf(0)}, operates_in = ${pickOf(1)}, regulated_as = ${pickOf(2)},
           kind = case when k % ${m} = 7 then 'vendor' else 'platform' end
      from generate_series(1, ${organizations}) k where o.id = ${orgSql('k')}`;
}

const START = "timestamptz '2019-01-01 00:00:00+00'";
const SPAN_HOURS = Math.round(7.9 * 365 * 24); // to late 2026

/** Incidents lo..hi with a seeded category and occurred/detected/noticed/reported times. */
export function incidentsSql(lo: number, hi: number, ownerId: string): string {
  return `
    insert into incidents (id, reference, title, category_id, severity, status, tlp, created_by, owner_id,
                           occurred_at, occurred_tz, detected_at, detected_tz, noticed_at, noticed_tz, reported_at, reported_tz)
      select ${incidentSql('n')}, 'INC-OBL-' || n, 'Bench incident ' || n, cats[1 + ${H('n', 1)} % array_length(cats, 1)],
             (array['low','medium','high','critical'])[1 + n % 4], 'coordinating', 'AMBER', '${ownerId}', '${ownerId}',
             occ, 'Asia/Kolkata', occ + (${H('n', 2)} % 48) * interval '1 hour', 'Asia/Kolkata',
             occ + (48 + ${H('n', 3)} % 24) * interval '1 hour', 'UTC',
             case when ${H('n', 4)} % 10 < 7 then occ + (72 + ${H('n', 5)} % 72) * interval '1 hour' end, 'UTC'
        from (select n, ${START} + (${H('n', 6)} % ${SPAN_HOURS}) * interval '1 hour' + (${H('n', 7)} % 3600) * interval '1 second' as occ
                from generate_series(${lo}, ${hi}) n) s
        cross join (select array_agg(id order by position) as cats from incident_categories) c`;
}

/** Three participants per incident lo..hi, distinct organizations out of 1..organizations. */
export function participantsSql(lo: number, hi: number, organizations: number, addedBy: string): string {
  return `
    insert into participants (incident_id, organization_id, role, added_by)
      select ${incidentSql('n')}, ${orgSql(`1 + (${H('n', 10)}::bigint + j * 397) % ${organizations}`)},
             (array['affected_platform','victim','suspected_vendor'])[1 + j], '${addedBy}'
        from generate_series(${lo}, ${hi}) n, generate_series(0, 2) j`;
}

/**
 * The facts entered for a participant of incidents lo..hi: most pairs have an awareness
 * time and the personal-data and significance judgements; fewer have the other times.
 * [fact, percentage of pairs, value (SQL over the incident's occurred time `occ`, the row `n`, `j`)].
 */
const FACTS: Array<[fact: string, percent: number, value: string, kind: 'at' | 'bool']> = [
  ['aware_at', 85, `occ + (6 + h % 40) * interval '1 hour'`, 'at'],
  ['noticed_at', 60, `occ + (2 + h % 30) * interval '1 hour'`, 'at'],
  ['personal_data', 80, `h % 3 = 0`, 'bool'],
  ['high_risk', 40, `h % 4 = 0`, 'bool'],
  ['significant', 70, `h % 2 = 0`, 'bool'],
  ['major', 30, `h % 5 = 0`, 'bool'],
  ['classified_major_at', 15, `occ + (20 + h % 50) * interval '1 hour'`, 'at'],
  ['materiality_determined_at', 20, `occ + (24 * (1 + h % 20)) * interval '1 hour'`, 'at'],
  ['discovered_at', 30, `occ + (5 + h % 60) * interval '1 hour'`, 'at'],
  ['breach_determined_at', 20, `occ + (24 + h % 90) * interval '1 hour'`, 'at'],
];

/** `version` > 0 gives other values (an edit); `only` (SQL over n) limits the incidents. */
export function factsSql(lo: number, hi: number, organizations: number, version = 0, only = 'true'): string {
  const parts = FACTS.map(
    ([fact, percent, value, kind], index) => `
      select n, j, '${fact}' as fact, ${kind === 'at' ? value : 'null::timestamptz'} as value_at,
             ${kind === 'bool' ? value : 'null::boolean'} as value_bool
        from (select n, j, occ, ${H(`n * 8 + j + ${version * 1_000_003}`, 20 + index)} as h, ${H('n * 8 + j', 40 + index)} as p
                from base) b
       where p % 100 < ${percent}`,
  );
  return `
    insert into obligation_facts (incident_id, organization_id, fact, value_at, time_zone, value_bool, source)
      with base as materialized (
        select i.n, j, i.occurred_at as occ
          from (select n, occurred_at from generate_series(${lo}, ${hi}) n join incidents on incidents.id = ${incidentSql('n')} where ${only}) i,
               generate_series(0, 2) j)
      select ${incidentSql('n')}, ${orgSql(`1 + (${H('n', 10)}::bigint + j * 397) % ${organizations}`)}, fact, value_at,
             case when value_at is not null then 'Asia/Kolkata' end, value_bool, 'Bench data'
        from (${parts.join('\n      union all')}) f
    on conflict (incident_id, organization_id, fact) do update set value_at = excluded.value_at, value_bool = excluded.value_bool`;
}

export function ranges(total: number, size: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let lo = 1; lo <= total; lo += size) out.push([lo, Math.min(total, lo + size - 1)]);
  return out;
}
