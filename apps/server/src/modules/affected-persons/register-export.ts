/**
 * The register as CSV for notification work (docs/modules/affected-persons.md, "Export"):
 * identities opened for a stated purpose, needing a live grant, and audited like a reveal —
 * the purpose, the filter, how many persons and which (their numbers, never their names).
 */
import type { ExportBody } from '#shared/contracts/affected-persons';
import type { Principal } from '../../access/principal.ts';
import type { Actor } from '../../audit/audit-event.ts';
import { inTransaction } from '../../db/unit-of-work.ts';
import { csvCell } from '../../http/csv-cell.ts';
import { listPersons, type PersonRow } from './affected-persons.repository.ts';
import { readableIncident, requireGrant, requirePurpose } from './register-access.ts';
import { dataKeyFor, keysOf, openIdentity, personLabel, type RegisterDeps } from './register-common.ts';

const COLUMNS = [
  'person',
  'name',
  'phone',
  'email',
  'account',
  'country',
  'category',
  'affected_how',
  'notification_status',
  'notified_on',
  'notified_channel',
  'source_organization',
  'source_reference',
  'notes',
];
const PAGE = 5000;

/** "P-0001–P-0003, P-0007": the persons read, compactly. */
export function numberRanges(numbers: number[]): string {
  const sorted = [...numbers].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j += 1;
    parts.push(i === j ? personLabel(sorted[i]) : `${personLabel(sorted[i])}–${personLabel(sorted[j])}`);
    i = j + 1;
  }
  return parts.join(', ');
}

export async function exportPersons(deps: RegisterDeps, principal: Principal, actor: Actor, incidentId: string, body: ExportBody) {
  const ring = keysOf(deps);
  const incident = await readableIncident(deps.db, principal, incidentId);
  const purpose = await requirePurpose(deps, actor, incidentId, 'export', body);
  await requireGrant(deps, principal, actor, incidentId, 'export');
  return inTransaction(deps, actor, async (uow) => {
    const key = await dataKeyFor(uow.trx, ring, incidentId, false);
    const rows: PersonRow[] = [];
    for (let after: number | undefined; ; ) {
      const page = await listPersons(uow.trx, incidentId, {
        country: body.country,
        category: body.category,
        status: body.status,
        afterNumber: after,
        limit: PAGE,
      });
      rows.push(...page.rows);
      if (page.rows.length < PAGE) break;
      after = page.rows[page.rows.length - 1].number;
    }
    const lines = [COLUMNS.join(',')];
    for (const row of rows) {
      const id = openIdentity(key, row);
      // Phone numbers are validated E.164 (+ and digits only): written as they are, not defused with a quote, so they dial.
      const phone = id.phone === null ? '""' : `"${id.phone}"`;
      lines.push(
        [
          csvCell(personLabel(row.number)),
          csvCell(id.name),
          phone,
          csvCell(id.email),
          csvCell(id.account),
          csvCell(row.country),
          csvCell(row.category),
          csvCell(row.affected_how),
          csvCell(row.notification_status),
          csvCell(row.notified_on),
          csvCell(row.notified_channel),
          csvCell(row.source_organization_name),
          csvCell(row.source_reference),
          csvCell(id.notes),
        ].join(','),
      );
    }
    uow.audit({
      action: 'register.exported',
      targetType: 'incident',
      targetIds: [incidentId],
      after: {
        ...purpose,
        filter: { country: body.country ?? null, category: body.category ?? null, status: body.status ?? null },
        count: rows.length,
        persons: numberRanges(rows.map((r) => r.number)),
      },
    });
    return { filename: `${incident.reference}-affected-persons.csv`, body: `${lines.join('\r\n')}\r\n` };
  });
}
