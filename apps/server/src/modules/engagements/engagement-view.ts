/** Engagement rows as the API presents them, and the chronology line that stands for one. */
import type { DisclosureLedger, DisclosureState, Engagement, EngagementKind, EngagementListItem } from '#shared/contracts/engagements';
import type { SystemEntryDate } from '../timeline/system-entries.ts';
import type * as repo from './engagements.repository.ts';

export function toEngagementView(
  row: repo.EngagementRow,
  lists: {
    attendees: Awaited<ReturnType<typeof repo.attendeesOf>>;
    actions: Awaited<ReturnType<typeof repo.actionsOf>>;
    disclosures: Awaited<ReturnType<typeof repo.disclosuresOf>>;
  },
  canUpdate: boolean,
): Engagement {
  return {
    id: row.id,
    incidentId: row.incident_id,
    kind: row.kind,
    title: row.title,
    occurredAt: row.occurred_at.toISOString(),
    precision: row.precision,
    timeZone: row.time_zone,
    location: row.location,
    agenda: row.agenda,
    minutes: row.minutes,
    tlp: row.tlp,
    attendees: lists.attendees.map((a) => ({
      id: a.id,
      organization: { id: a.organization_id, name: a.organization_name, kind: a.organization_kind },
      user: a.user_id ? { id: a.user_id, name: a.user_name ?? '' } : null,
      name: a.name,
      role: a.role,
    })),
    actions: lists.actions.map((x) => ({
      id: x.id,
      text: x.text,
      ownerOrganization: x.owner_organization_id ? { id: x.owner_organization_id, name: x.owner_organization_name ?? '' } : null,
      ownerUser: x.owner_user_id ? { id: x.owner_user_id, name: x.owner_user_name ?? '' } : null,
      dueOn: x.due_on,
      doneAt: x.done_at?.toISOString() ?? null,
    })),
    disclosures: lists.disclosures.map((d) => ({
      id: d.id,
      topic: d.topic,
      topicKey: d.topic_key,
      organization: { id: d.organization_id, name: d.organization_name },
      state: d.state,
      detail: d.detail,
      sourceEntry:
        d.source_entry_id && d.source_occurred_at
          ? {
              id: d.source_entry_id,
              occurredAt: d.source_occurred_at.toISOString(),
              precision: d.source_precision ?? 'day',
              timeZone: d.source_time_zone ?? 'UTC',
              text: d.source_text ?? '',
            }
          : null,
    })),
    chronologyEntry: row.timeline_entry_id ? { id: row.timeline_entry_id, revision: row.entry_revision ?? 1 } : null,
    createdBy: row.created_by ? { id: row.created_by, name: row.created_by_name ?? '' } : null,
    createdAt: row.created_at.toISOString(),
    updatedBy: row.updated_by ? { id: row.updated_by, name: row.updated_by_name ?? '' } : null,
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
    abilities: { update: canUpdate },
  };
}

export function toListItem(row: repo.EngagementListRow): EngagementListItem {
  const counts = row.disclosure_counts ?? {};
  return {
    id: row.id,
    incidentId: row.incident_id,
    kind: row.kind,
    title: row.title,
    occurredAt: row.occurred_at.toISOString(),
    precision: row.precision,
    timeZone: row.time_zone,
    location: row.location,
    tlp: row.tlp,
    organizations: row.organizations ?? [],
    attendeeCount: Number(row.attendee_count),
    openActionCount: Number(row.open_action_count),
    disclosureCounts: {
      disclosed: counts.disclosed ?? 0,
      withheld: counts.withheld ?? 0,
      not_asked: counts.not_asked ?? 0,
      refused: counts.refused ?? 0,
    },
    version: row.version,
  };
}

/** The ledger grouped by topic, then organization, each thread in engagement date order. */
export function toLedger(rows: Awaited<ReturnType<typeof repo.ledgerRows>>, state: DisclosureState | undefined): DisclosureLedger {
  const topics: DisclosureLedger['topics'] = [];
  for (const row of rows) {
    let topic = topics[topics.length - 1];
    if (!topic || topic.key !== row.topic_key) {
      topic = { key: row.topic_key, label: row.topic, organizations: [] };
      topics.push(topic);
    }
    // Rows come in date order: the latest wording names the topic.
    topic.label = row.topic;
    let thread = topic.organizations[topic.organizations.length - 1];
    if (!thread || thread.organization.id !== row.organization_id) {
      thread = { organization: { id: row.organization_id, name: row.organization_name }, latestState: row.state, entries: [] };
      topic.organizations.push(thread);
    }
    thread.latestState = row.state;
    thread.entries.push({
      id: row.id,
      topic: row.topic,
      state: row.state,
      detail: row.detail,
      engagement: {
        id: row.engagement_id,
        kind: row.kind,
        title: row.title,
        occurredAt: row.occurred_at.toISOString(),
        precision: row.precision,
        timeZone: row.time_zone,
      },
    });
  }
  if (!state) return { topics };
  // The latest state stays that of the whole thread; the filter only picks which rows are shown.
  return {
    topics: topics
      .map((t) => ({
        ...t,
        organizations: t.organizations
          .map((o) => ({ ...o, entries: o.entries.filter((e) => e.state === state) }))
          .filter((o) => o.entries.length > 0),
      }))
      .filter((t) => t.organizations.length > 0),
  };
}

const CHRONOLOGY_PHRASE: Record<EngagementKind, { label: string; joiner: string; source: 'meeting' | 'correspondence' }> = {
  meeting: { label: 'Meeting', joiner: 'with', source: 'meeting' },
  call: { label: 'Call', joiner: 'with', source: 'meeting' },
  letter_sent: { label: 'Letter', joiner: 'to', source: 'correspondence' },
  letter_received: { label: 'Letter', joiner: 'from', source: 'correspondence' },
  email: { label: 'E-mail', joiner: 'with', source: 'correspondence' },
};

/** "Meeting with Messaging Platform A: Review of the exploit", dated as the engagement is. */
export function chronologyLine(
  engagement: { kind: EngagementKind; title: string; occurredAt: Date; precision: SystemEntryDate['precision']; timeZone: string },
  organizations: string[],
) {
  const phrase = CHRONOLOGY_PHRASE[engagement.kind];
  const who = organizations.length ? ` ${phrase.joiner} ${organizations.join(', ')}` : '';
  const dated: SystemEntryDate = {
    occurredAt: engagement.occurredAt,
    precision: engagement.precision,
    timeZone: engagement.timeZone,
    source: { kind: phrase.source, title: engagement.title },
  };
  return { text: `${phrase.label}${who}: ${engagement.title}`, dated };
}
