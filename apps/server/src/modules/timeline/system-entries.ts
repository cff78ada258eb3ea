/**
 * Events the system writes into an incident's chronology itself (status changes,
 * participants added or removed, engagements), in the transaction of the change they record.
 *
 * Most are instants recorded as they happen. A record of something that happened earlier
 * (a meeting held on 26 July, entered in August) passes `dated` so that the entry sits in
 * the chronology at its own date, precision and zone, with the kind of source it is.
 */
import type { Transaction } from 'kysely';
import type { DatePrecision, SourceKind, Tlp } from '#shared/incidents';
import type { DB } from '../../db/schema.ts';

export interface SystemEntryDate {
  occurredAt: Date;
  precision: DatePrecision;
  timeZone: string;
  source: { kind: Exclude<SourceKind, 'system'>; title: string };
}

export async function recordSystemEntry(
  trx: Transaction<DB>,
  entry: { incidentId: string; event: string; text: string; at: Date; tlp: Tlp; actorId: string | null; sharedWith?: string[]; dated?: SystemEntryDate },
): Promise<{ id: string }> {
  const { dated } = entry;
  return trx
    .insertInto('timeline_entries')
    .values({
      incident_id: entry.incidentId,
      occurred_at: dated?.occurredAt ?? entry.at,
      precision: dated?.precision ?? 'minute',
      time_zone: dated?.timeZone ?? 'UTC',
      kind: 'system',
      event: entry.event,
      text: entry.text,
      source_kind: dated?.source.kind ?? 'system',
      source_title: dated?.source.title ?? 'Recorded by Casebook',
      tlp: entry.tlp,
      // A dated record is a fact of the case, as a staff entry is; an instant is bookkeeping.
      include_in_briefings: !!dated,
      shared_with: entry.sharedWith ?? [],
      created_by: entry.actorId,
      created_at: entry.at,
      updated_by: entry.actorId,
      updated_at: entry.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/**
 * Corrects a dated system entry when the record it stands for is corrected: the earlier
 * date and text are kept as a revision with the reason, as staff corrections are. Nothing
 * is written when nothing the entry shows has changed. Returns the entry's revision.
 */
export async function correctSystemEntry(
  trx: Transaction<DB>,
  correction: { entryId: string; text: string; tlp: Tlp; dated: SystemEntryDate; reason: string; actorId: string | null; at: Date },
): Promise<number> {
  const before = await trx.selectFrom('timeline_entries').selectAll().where('id', '=', correction.entryId).where('kind', '=', 'system').forUpdate().executeTakeFirst();
  if (!before) throw new Error(`No system entry ${correction.entryId} to correct.`);
  const { dated } = correction;
  const same = before.occurred_at.getTime() === dated.occurredAt.getTime() && before.precision === dated.precision && before.time_zone === dated.timeZone
    && before.text === correction.text && before.tlp === correction.tlp && before.source_kind === dated.source.kind && before.source_title === dated.source.title;
  if (same) return before.revision;
  await trx.insertInto('timeline_entry_revisions').values({
    entry_id: before.id, revision: before.revision, occurred_at: before.occurred_at, precision: before.precision, time_zone: before.time_zone,
    text: before.text, source_kind: before.source_kind, source_title: before.source_title, source_said_by: before.source_said_by,
    source_organization_id: before.source_organization_id, source_date: null, tlp: before.tlp, reason: correction.reason,
    replaced_by: correction.actorId, replaced_at: correction.at,
  }).execute();
  await trx.updateTable('timeline_entries').set({
    occurred_at: dated.occurredAt, precision: dated.precision, time_zone: dated.timeZone, text: correction.text, tlp: correction.tlp,
    source_kind: dated.source.kind, source_title: dated.source.title, revision: before.revision + 1, updated_by: correction.actorId, updated_at: correction.at,
  }).where('id', '=', before.id).execute();
  return before.revision + 1;
}
