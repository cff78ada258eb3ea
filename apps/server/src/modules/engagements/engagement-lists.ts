/**
 * The rules for an engagement's three lists — attendees, follow-up actions, the disclosure
 * ledger — checked together, since they refer to each other: a ledger row names an
 * organization that attended, and users must belong to the organization they stand for.
 * Checked against the lists as they will be after the change, in the change's transaction.
 */
import type { Static } from '@sinclair/typebox';
import type { Transaction } from 'kysely';
import { type ActionInput, type AttendeeInput, type DisclosureInput, topicKey } from '#shared/contracts/engagements';
import type { DB } from '../../db/schema.ts';
import { AppError, notFound } from '../../http/app-error.ts';

type Attendee = Static<typeof AttendeeInput>;
type Action = Static<typeof ActionInput>;
type Disclosure = Static<typeof DisclosureInput>;

export interface EngagementLists {
  attendees: Attendee[];
  actions: Action[];
  disclosures: Disclosure[];
}

export interface ResolvedLists {
  attendees: Array<{ id?: string; organization_id: string; user_id: string | null; name: string; role: string | null }>;
  actions: Array<{
    id?: string;
    text: string;
    owner_organization_id: string | null;
    owner_user_id: string | null;
    due_on: string | null;
    done_at: Date | null;
  }>;
  disclosures: Array<{
    id?: string;
    topic: string;
    topic_key: string;
    organization_id: string;
    state: Disclosure['state'];
    detail: string;
    source_entry_id: string | null;
  }>;
  /** Outside organizations that attended, in the order they first appear: the chronology names them. */
  outsideOrganizations: string[];
}

const FUTURE_SLACK_MS = 5 * 60_000;

function unique<T>(values: Array<T | undefined | null>): T[] {
  return [...new Set(values.filter((v): v is T => v !== undefined && v !== null))];
}

/** Ids given with items must be those of the engagement's current rows of the same list, each once. */
function checkKeptIds(list: string, items: Array<{ id?: string }>, existing: Set<string>) {
  const seen = new Set<string>();
  for (const item of items) {
    if (!item.id) continue;
    if (!existing.has(item.id) || seen.has(item.id)) {
      throw new AppError('engagements.invalid_item', `An item of ${list} names an id that is not one of this engagement's ${list}.`);
    }
    seen.add(item.id);
  }
}

export async function resolveLists(
  trx: Transaction<DB>,
  input: {
    incidentId: string;
    lists: EngagementLists;
    existingIds: { attendees: Set<string>; actions: Set<string>; disclosures: Set<string> };
    now: Date;
  },
): Promise<ResolvedLists> {
  const { attendees, actions, disclosures } = input.lists;
  checkKeptIds('attendees', attendees, input.existingIds.attendees);
  checkKeptIds('actions', actions, input.existingIds.actions);
  checkKeptIds('disclosures', disclosures, input.existingIds.disclosures);

  const organizationIds = unique([
    ...attendees.map((a) => a.organizationId),
    ...actions.map((a) => a.ownerOrganizationId),
    ...disclosures.map((d) => d.organizationId),
  ]);
  const organizations = new Map(
    organizationIds.length
      ? (await trx.selectFrom('organizations').select(['id', 'name', 'is_home']).where('id', 'in', organizationIds).execute()).map((o) => [
          o.id,
          o,
        ])
      : [],
  );
  const missingOrganization = organizationIds.find((id) => !organizations.has(id));
  if (missingOrganization) throw notFound('organizations', 'An organization named in the engagement');

  const userIds = unique([...attendees.map((a) => a.userId), ...actions.map((a) => a.ownerUserId)]);
  const users = new Map(
    userIds.length
      ? (await trx.selectFrom('users').select(['id', 'name', 'organization_id']).where('id', 'in', userIds).execute()).map((u) => [u.id, u])
      : [],
  );
  if (userIds.some((id) => !users.has(id))) throw notFound('users', 'A user named in the engagement');

  const resolvedAttendees = attendees.map((a) => {
    const user = a.userId ? users.get(a.userId) : undefined;
    if (user && user.organization_id !== a.organizationId) {
      throw new AppError(
        'engagements.user_not_in_organization',
        `${user.name} does not belong to ${organizations.get(a.organizationId)?.name}.`,
      );
    }
    const name = a.name?.trim() || user?.name;
    if (!name) throw new AppError('engagements.attendee_name_required', 'Give each attendee a name, or choose the user they are.');
    return { id: a.id, organization_id: a.organizationId, user_id: a.userId ?? null, name, role: a.role?.trim() || null };
  });

  const resolvedActions = actions.map((a) => {
    const user = a.ownerUserId ? users.get(a.ownerUserId) : undefined;
    if (user && a.ownerOrganizationId && user.organization_id !== a.ownerOrganizationId) {
      throw new AppError(
        'engagements.user_not_in_organization',
        `${user.name} does not belong to ${organizations.get(a.ownerOrganizationId)?.name}.`,
      );
    }
    if (a.doneAt && new Date(a.doneAt).getTime() > input.now.getTime() + FUTURE_SLACK_MS) {
      throw new AppError('engagements.time_in_future', 'A follow-up action cannot be done in the future.');
    }
    return {
      id: a.id,
      text: a.text.trim(),
      owner_organization_id: a.ownerOrganizationId ?? user?.organization_id ?? null,
      owner_user_id: a.ownerUserId ?? null,
      due_on: a.dueOn ?? null,
      done_at: a.doneAt ? new Date(a.doneAt) : null,
    };
  });

  const attended = new Set(attendees.map((a) => a.organizationId));
  const seenTopics = new Set<string>();
  const resolvedDisclosures = disclosures.map((d) => {
    const key = topicKey(d.topic);
    if (!key) throw new AppError('engagements.invalid_topic', `"${d.topic}" has no letter or digit to name a topic by.`);
    const organization = organizations.get(d.organizationId);
    if (organization?.is_home)
      throw new AppError('engagements.home_organization', 'The ledger records what outside organizations disclosed, not the CERT itself.');
    if (!attended.has(d.organizationId)) {
      throw new AppError(
        'engagements.organization_not_attending',
        `${organization?.name} is not among the attendees; add who took part for it first.`,
      );
    }
    const pair = `${key}\u0000${d.organizationId}`;
    if (seenTopics.has(pair))
      throw new AppError('engagements.duplicate_disclosure', `The ledger already has a row on "${d.topic}" for ${organization?.name}.`);
    seenTopics.add(pair);
    return {
      id: d.id,
      topic: d.topic.trim(),
      topic_key: key,
      organization_id: d.organizationId,
      state: d.state,
      detail: d.detail?.trim() ?? '',
      source_entry_id: d.sourceEntryId ?? null,
    };
  });

  const sourceIds = unique(disclosures.map((d) => d.sourceEntryId));
  if (sourceIds.length) {
    const found = await trx
      .selectFrom('timeline_entries')
      .select('id')
      .where('incident_id', '=', input.incidentId)
      .where('id', 'in', sourceIds)
      .execute();
    if (found.length !== sourceIds.length) throw notFound('timeline', 'The chronology entry given as a source');
  }

  return {
    attendees: resolvedAttendees,
    actions: resolvedActions,
    disclosures: resolvedDisclosures,
    outsideOrganizations: unique(attendees.map((a) => a.organizationId))
      .filter((id) => !organizations.get(id)?.is_home)
      .map((id) => organizations.get(id)?.name ?? ''),
  };
}

/** Replaces the lists given: rows not kept are deleted, kept ones keep their id, all are renumbered. */
export async function writeLists(
  trx: Transaction<DB>,
  engagementId: string,
  incidentId: string,
  lists: Partial<ResolvedLists>,
): Promise<void> {
  if (lists.attendees) {
    await trx.deleteFrom('engagement_attendees').where('engagement_id', '=', engagementId).execute();
    if (lists.attendees.length) {
      await trx
        .insertInto('engagement_attendees')
        .values(
          lists.attendees.map((a, position) => ({
            ...withId(a.id),
            engagement_id: engagementId,
            position,
            organization_id: a.organization_id,
            user_id: a.user_id,
            name: a.name,
            role: a.role,
          })),
        )
        .execute();
    }
  }
  if (lists.actions) {
    await trx.deleteFrom('engagement_actions').where('engagement_id', '=', engagementId).execute();
    if (lists.actions.length) {
      await trx
        .insertInto('engagement_actions')
        .values(
          lists.actions.map((a, position) => ({
            ...withId(a.id),
            engagement_id: engagementId,
            position,
            text: a.text,
            owner_organization_id: a.owner_organization_id,
            owner_user_id: a.owner_user_id,
            due_on: a.due_on,
            done_at: a.done_at,
          })),
        )
        .execute();
    }
  }
  if (lists.disclosures) {
    await trx.deleteFrom('disclosure_ledger').where('engagement_id', '=', engagementId).execute();
    if (lists.disclosures.length) {
      await trx
        .insertInto('disclosure_ledger')
        .values(
          lists.disclosures.map((d, position) => ({
            ...withId(d.id),
            engagement_id: engagementId,
            incident_id: incidentId,
            position,
            topic: d.topic,
            topic_key: d.topic_key,
            organization_id: d.organization_id,
            state: d.state,
            detail: d.detail,
            source_entry_id: d.source_entry_id,
          })),
        )
        .execute();
    }
  }
}

function withId(id: string | undefined): { id?: string } {
  return id ? { id } : {};
}
