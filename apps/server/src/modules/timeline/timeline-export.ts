/**
 * The chronology as CSV or Markdown: dated lines with their sources, only what the
 * reader may see, optionally capped at a TLP level. Every export is audited.
 */
import type { Static } from '@sinclair/typebox';
import type { ExportTimelineQuery } from '#shared/contracts/timeline';
import { formatDateAtPrecision } from '#shared/dates';
import { TLP_LEVELS, tlpRank } from '#shared/incidents';
import type { Actor } from '../../audit/audit-event.ts';
import { type UnitOfWorkDeps, inTransaction } from '../../db/unit-of-work.ts';
import { notFound } from '../../http/app-error.ts';
import type { Principal } from '../../access/principal.ts';
import { findIncident } from '../incidents/incidents.repository.ts';
import { incidentScope } from '../incidents/incidents.scope.ts';
import { csvCell as cell } from '../../http/csv-cell.ts';
import { type EntryRow, entriesAfter, entriesQuery } from './timeline.repository.ts';

const PAGE = 2_000;

function sourceText(row: EntryRow): string {
  if (row.kind === 'system') return 'recorded by Casebook';
  const parts = [row.source_title, row.source_said_by && `said by ${row.source_said_by}`, row.source_organization_name, row.source_date && `on ${row.source_date}`];
  return parts.filter(Boolean).join(', ') || (row.source_kind ?? '');
}

export function createTimelineExport(deps: UnitOfWorkDeps) {
  const { db } = deps;
  return async function exportTimeline(principal: Principal, actor: Actor, incidentId: string, query: Static<typeof ExportTimelineQuery>) {
    const scope = incidentScope(principal);
    const incident = await findIncident(db, scope, incidentId);
    if (!incident) throw notFound('incidents', 'The incident');
    const maxTlp = query.maxTlp ? TLP_LEVELS.filter((t) => tlpRank(t) <= tlpRank(query.maxTlp as never)) : undefined;
    const filter = {
      incidentId,
      sharedWithOrganization: scope.kind === 'organization' ? scope.organizationId : undefined,
      maxTlp,
      briefingsOnly: query.briefingsOnly,
    };
    const rows: EntryRow[] = [];
    for (let after: EntryRow | undefined; ; ) {
      let page = entriesQuery(db, filter);
      const last = after;
      if (last) page = entriesAfter(page, last.occurred_key, last.id);
      const batch = await page.orderBy('t.occurred_at').orderBy('t.id').limit(PAGE).execute();
      rows.push(...batch);
      if (batch.length < PAGE) break;
      after = batch[batch.length - 1];
    }

    let body: string;
    if (query.format === 'csv') {
      const header = ['date', 'precision', 'time_zone', 'event', 'source', 'source_kind', 'tlp', 'recorded_by', 'entry_id'];
      body = `${[header.join(','), ...rows.map((r) => [
        cell(formatDateAtPrecision(r.occurred_at.toISOString(), r.precision, r.time_zone)), cell(r.precision), cell(r.time_zone), cell(r.text),
        cell(sourceText(r)), cell(r.source_kind), cell(`TLP:${r.tlp}`), cell(scope.kind === 'organization' ? null : r.created_by_name), cell(r.id),
      ].join(','))].join('\r\n')}\r\n`;
    } else {
      const lines = rows.map((r) => `- **${formatDateAtPrecision(r.occurred_at.toISOString(), r.precision, r.time_zone)}** — ${r.text.replace(/\r?\n+/g, ' ')} _(source: ${sourceText(r)}; TLP:${r.tlp})_`);
      body = `# Chronology of ${incident.reference}: ${incident.title}\n\nTLP:${incident.tlp} — exported ${new Date().toISOString()}${maxTlp ? `, entries up to TLP:${query.maxTlp}` : ''}\n\n${lines.join('\n')}\n`;
    }
    await inTransaction(deps, actor, async (uow) => {
      uow.audit({ action: 'timeline.exported', targetType: 'incident', targetIds: [incidentId], after: { format: query.format, entries: rows.length, maxTlp: query.maxTlp ?? null, briefingsOnly: query.briefingsOnly ?? false } });
    });
    return {
      body,
      contentType: query.format === 'csv' ? 'text/csv; charset=utf-8' : 'text/markdown; charset=utf-8',
      filename: `${incident.reference}-chronology.${query.format === 'csv' ? 'csv' : 'md'}`,
    };
  };
}
