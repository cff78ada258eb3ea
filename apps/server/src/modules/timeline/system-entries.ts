/**
 * Events the system writes into an incident's chronology itself (status changes,
 * participants added or removed), in the transaction of the change they record.
 */
import type { Transaction } from 'kysely';
import type { Tlp } from '#shared/incidents';
import type { DB } from '../../db/schema.ts';

export async function recordSystemEntry(
  trx: Transaction<DB>,
  entry: { incidentId: string; event: string; text: string; at: Date; tlp: Tlp; actorId: string | null; sharedWith?: string[] },
): Promise<void> {
  await trx
    .insertInto('timeline_entries')
    .values({
      incident_id: entry.incidentId,
      occurred_at: entry.at,
      precision: 'minute',
      time_zone: 'UTC',
      kind: 'system',
      event: entry.event,
      text: entry.text,
      source_kind: 'system',
      source_title: 'Recorded by Casebook',
      tlp: entry.tlp,
      include_in_briefings: false,
      shared_with: entry.sharedWith ?? [],
      created_by: entry.actorId,
      created_at: entry.at,
      updated_by: entry.actorId,
      updated_at: entry.at,
    })
    .execute();
}
