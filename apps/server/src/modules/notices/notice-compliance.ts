/**
 * An organization's compliance record: of the notices issued to it that the caller may
 * see, how many were answered on time or late, are still open or overdue, were
 * withdrawn; answers refused and escalations (staff only); and the notices themselves,
 * newest first. An organization's own users may read their own record, nobody else's.
 */
import { type Kysely, sql } from 'kysely';
import type { OrganizationCompliance } from '#shared/contracts/notices';
import type { DB } from '../../db/schema.ts';
import { notFound } from '../../http/app-error.ts';
import type { Principal } from '../../access/principal.ts';
import { incidentScope } from '../incidents/incidents.scope.ts';
import { canReadNotice, overdueSql } from './notices.scope.ts';

/** The record lists at most this many notices, the most recently issued; the counts cover all. */
export const COMPLIANCE_ITEMS = 1000;

type Standing = OrganizationCompliance['items'][number]['standing'];

export async function organizationCompliance(db: Kysely<DB>, principal: Principal, organizationId: string, now: Date): Promise<OrganizationCompliance> {
  if (!principal.isStaff && principal.organizationId !== organizationId) throw notFound('organizations', 'The organization');
  const org = await db.selectFrom('organizations').select(['id', 'name', 'is_home']).where('id', '=', organizationId).executeTakeFirst();
  if (!org || org.is_home) throw notFound('organizations', 'The organization');
  const scope = incidentScope(principal);
  const staff = principal.isStaff;
  const standing = sql<Standing>`case
      when n.status = 'withdrawn' then 'withdrawn'
      when n.responded_at is not null then (case when n.due_at is null or n.responded_at <= n.due_at then 'on_time' else 'late' end)
      when ${overdueSql(now)} then 'overdue'
      else 'open' end`;
  const rows = await db.selectFrom('notices as n')
    .innerJoin('incidents as i', 'i.id', 'n.incident_id')
    .select([
      'n.id', 'n.reference', 'n.subject', 'n.incident_id', 'i.reference as incident_reference', 'n.status', 'n.issued_at', 'n.due_at', 'n.responded_at', 'n.escalated_at',
      standing.as('standing'),
      (staff
        ? sql<number>`(select count(*) from notice_responses r join notice_answers a on a.response_id = r.id
            cross join lateral (select x.verdict from answer_assessments x where x.answer_id = a.id order by x.assessed_at desc, x.id desc limit 1) v
            where r.notice_id = n.id and r.status = 'submitted' and v.verdict = 'refused')`
        : sql<number>`0`).as('refused'),
      sql<number>`(select count(*) from notice_escalations e where e.notice_id = n.id)`.as('escalations'),
    ])
    .where('n.organization_id', '=', organizationId)
    .where('n.issued_at', 'is not', null)
    .where((eb) => canReadNotice(eb, scope))
    .orderBy('n.issued_at', 'desc').orderBy('n.id', 'desc')
    .execute();
  const count = (s: Standing) => rows.filter((r) => r.standing === s).length;
  return {
    organization: { id: org.id, name: org.name },
    issued: rows.length,
    respondedOnTime: count('on_time'),
    respondedLate: count('late'),
    open: count('open'),
    overdue: count('overdue'),
    withdrawn: count('withdrawn'),
    refusedAnswers: staff ? rows.reduce((sum, r) => sum + Number(r.refused), 0) : null,
    escalations: staff ? rows.reduce((sum, r) => sum + Number(r.escalations), 0) : null,
    items: rows.slice(0, COMPLIANCE_ITEMS).map((r) => ({
      id: r.id,
      reference: r.reference,
      subject: r.subject,
      incident: { id: r.incident_id, reference: r.incident_reference },
      status: r.status,
      issuedAt: r.issued_at?.toISOString() ?? null,
      dueAt: r.due_at?.toISOString() ?? null,
      respondedAt: r.responded_at?.toISOString() ?? null,
      standing: r.standing,
      refusedAnswers: staff ? Number(r.refused) : null,
      escalatedAt: staff ? (r.escalated_at?.toISOString() ?? null) : null,
    })),
    truncated: rows.length > COMPLIANCE_ITEMS,
  };
}
