/** The incident list and search: validates the cursor for the chosen sort and shapes the page. */
import type { Kysely } from 'kysely';
import type { IncidentListItem, ListIncidentsQuery } from '#shared/contracts/incidents';
import type { DB } from '../../db/schema.ts';
import { decodeCursor, encodeCursor } from '../../http/cursor.ts';
import type { Principal } from '../../access/principal.ts';
import { type IncidentSort, cursorKeys, listIncidents } from './incident-list.repository.ts';
import { incidentScope } from './incidents.scope.ts';

const CURSOR_SHAPES = {
  created_desc: { at: 'timestamp', id: 'uuid' },
  created_asc: { at: 'timestamp', id: 'uuid' },
  updated_desc: { at: 'timestamp', id: 'uuid' },
  severity_desc: { rank: 'number', at: 'timestamp', id: 'uuid' },
  reference_asc: { ref: 'string' },
} as const;

/**
 * The database marks hits with two private-use characters; everything else is escaped,
 * so the only markup a snippet can carry is <mark>.
 */
function highlight(snippet: string): string {
  const escaped = snippet.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return escaped.replace(/\uE000/g, '<mark>').replace(/\uE001/g, '</mark>');
}

export function createIncidentListService(deps: { db: Kysely<DB> }) {
  return {
    async list(principal: Principal, query: ListIncidentsQuery): Promise<{ items: IncidentListItem[]; nextCursor: string | null }> {
      const sort: IncidentSort = query.sort ?? 'created_desc';
      const limit = query.limit ?? 50;
      const after = query.q
        ? decodeCursor<{ offset: number }>(query.cursor, { offset: 'number' })
        : decodeCursor<Record<string, string | number>>(query.cursor, CURSOR_SHAPES[sort] as Record<string, 'string'>);
      const rows = await listIncidents(deps.db, incidentScope(principal), {
        ...query,
        from: query.from ? new Date(query.from) : undefined,
        to: query.to ? new Date(query.to) : undefined,
        sort,
        after,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      let nextCursor: string | null = null;
      if (rows.length > limit && last) {
        nextCursor = encodeCursor(query.q ? { offset: Number(after?.offset ?? 0) + limit } : cursorKeys(last, sort));
      }
      return {
        items: page.map((r) => ({
          id: r.id,
          reference: r.reference,
          title: r.title,
          status: r.status,
          severity: r.severity,
          tlp: r.tlp,
          category: r.category_id ? { id: r.category_id, code: r.category_code ?? '', label: r.category_label ?? '' } : null,
          createdAt: r.created_at.toISOString(),
          updatedAt: r.updated_at.toISOString(),
          owner: r.owner_id && principal.isStaff ? { id: r.owner_id, name: r.owner_name ?? '' } : null,
          tags: principal.isStaff ? r.tags : [],
          totalAffected: principal.isStaff && r.total_affected !== null ? Number(r.total_affected) : null,
          ...(query.q ? { snippet: highlight(r.snippet ?? '') } : {}),
        })),
        nextCursor,
      };
    },
  };
}

export type IncidentListService = ReturnType<typeof createIncidentListService>;
