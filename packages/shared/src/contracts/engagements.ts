/**
 * Engagements: meetings, calls, letters and e-mails with outside organizations, linked to
 * an incident, with who attended for which organization, follow-up actions and a
 * disclosure ledger (per topic and organization: disclosed, withheld, not asked, refused).
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { DATE_PRECISIONS, TLP_LEVELS } from '../incidents.ts';
import { Cursor, literals, Strict, Timestamp, Uuid } from './common.ts';
import { TimeZone } from './incidents.ts';

export const ENGAGEMENT_KINDS = ['meeting', 'call', 'letter_sent', 'letter_received', 'email'] as const;
export type EngagementKind = (typeof ENGAGEMENT_KINDS)[number];

export const ENGAGEMENT_KIND_LABELS: Record<EngagementKind, string> = {
  meeting: 'Meeting',
  call: 'Call',
  letter_sent: 'Letter sent',
  letter_received: 'Letter received',
  email: 'E-mail',
};

export const DISCLOSURE_STATES = ['disclosed', 'withheld', 'not_asked', 'refused'] as const;
export type DisclosureState = (typeof DISCLOSURE_STATES)[number];

export const DISCLOSURE_STATE_LABELS: Record<DisclosureState, string> = {
  disclosed: 'Disclosed',
  withheld: 'Withheld',
  not_asked: 'Not asked',
  refused: 'Refused',
};

export const DISCLOSURE_STATE_DESCRIPTIONS: Record<DisclosureState, string> = {
  disclosed: 'The organization told the CERT about it.',
  withheld: 'The organization knew of it but did not mention it.',
  not_asked: 'The topic was not raised, and the organization did not bring it up.',
  refused: 'The CERT asked, and the organization declined to answer.',
};

/**
 * The key under which a topic is compared across engagements: case, accents' composed
 * forms, punctuation and spacing do not matter, so "Vulnerability (CVE-2019-3568)" and
 * "vulnerability cve 2019 3568" are the same topic. Empty when the text has no letter or digit.
 */
export function topicKey(topic: string): string {
  return topic
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const Text = (maxLength: number, description?: string) =>
  Type.String({ minLength: 1, maxLength, pattern: '\\S', ...(description ? { description } : {}) });
const Markdown = (maxLength: number, description: string) => Type.String({ maxLength, description });
const DateOnly = Type.String({ format: 'date', maxLength: 10 });

export const AttendeeInput = Strict({
  id: Type.Optional(Uuid),
  organizationId: Uuid,
  userId: Type.Optional(Uuid),
  name: Type.Optional(Text(200, 'The person; taken from the user when a user is given')),
  role: Type.Optional(Text(200, 'Role or title, e.g. "chief executive", "vice-president for policy"')),
});

export const ActionInput = Strict({
  id: Type.Optional(Uuid),
  text: Text(2000),
  ownerOrganizationId: Type.Optional(Uuid),
  ownerUserId: Type.Optional(Uuid),
  dueOn: Type.Optional(DateOnly),
  doneAt: Type.Optional(Timestamp),
});

export const DisclosureInput = Strict({
  id: Type.Optional(Uuid),
  topic: Text(300, 'What was or was not disclosed, e.g. "vulnerability CVE-2019-3568"'),
  organizationId: Uuid,
  state: literals(DISCLOSURE_STATES),
  detail: Type.Optional(Type.String({ maxLength: 4000, description: 'What was said, or how the question was avoided' })),
  sourceEntryId: Type.Optional(Uuid),
});

const REPLACES = 'Replaces the list; an item with the id of an existing one keeps that id';
const lists = {
  attendees: () => Type.Array(AttendeeInput, { maxItems: 100, description: REPLACES }),
  actions: () => Type.Array(ActionInput, { maxItems: 100, description: REPLACES }),
  disclosures: () => Type.Array(DisclosureInput, { maxItems: 200, description: REPLACES }),
};

export const CreateEngagementBody = Strict({
  kind: literals(ENGAGEMENT_KINDS),
  title: Text(300),
  occurredAt: Timestamp,
  precision: literals(DATE_PRECISIONS),
  timeZone: TimeZone,
  location: Type.Optional(
    Type.String({ maxLength: 300, description: 'Where it took place, or the channel (video call, registered post…)' }),
  ),
  agenda: Type.Optional(Markdown(20000, 'Markdown')),
  minutes: Type.Optional(Markdown(100000, 'Markdown')),
  tlp: literals(TLP_LEVELS),
  attendees: Type.Optional(lists.attendees()),
  actions: Type.Optional(lists.actions()),
  disclosures: Type.Optional(lists.disclosures()),
});
export type CreateEngagementBody = Static<typeof CreateEngagementBody>;

export const UpdateEngagementBody = Strict({
  version: Type.Integer({ minimum: 1, description: 'The version the change is based on.' }),
  reason: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 1000,
      pattern: '\\S',
      description: 'Why the engagement is corrected; kept with the earlier chronology entry.',
    }),
  ),
  kind: Type.Optional(literals(ENGAGEMENT_KINDS)),
  title: Type.Optional(Text(300)),
  occurredAt: Type.Optional(Timestamp),
  precision: Type.Optional(literals(DATE_PRECISIONS)),
  timeZone: Type.Optional(TimeZone),
  location: Type.Optional(Type.String({ maxLength: 300 })),
  agenda: Type.Optional(Markdown(20000, 'Markdown')),
  minutes: Type.Optional(Markdown(100000, 'Markdown')),
  tlp: Type.Optional(literals(TLP_LEVELS)),
  attendees: Type.Optional(lists.attendees()),
  actions: Type.Optional(lists.actions()),
  disclosures: Type.Optional(lists.disclosures()),
});
export type UpdateEngagementBody = Static<typeof UpdateEngagementBody>;

const OrganizationRef = Type.Object({ id: Uuid, name: Type.String() });
const UserRef = Type.Object({ id: Uuid, name: Type.String() });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const EngagementRef = Type.Object({
  id: Uuid,
  kind: literals(ENGAGEMENT_KINDS),
  title: Type.String(),
  occurredAt: Timestamp,
  precision: literals(DATE_PRECISIONS),
  timeZone: Type.String(),
});

export const Attendee = Type.Object({
  id: Uuid,
  organization: Type.Object({ id: Uuid, name: Type.String(), kind: Type.String() }),
  user: Nullable(UserRef),
  name: Type.String(),
  role: Nullable(Type.String()),
});

export const FollowUpAction = Type.Object({
  id: Uuid,
  text: Type.String(),
  ownerOrganization: Nullable(OrganizationRef),
  ownerUser: Nullable(UserRef),
  dueOn: Nullable(Type.String()),
  doneAt: Nullable(Timestamp),
});

export const Disclosure = Type.Object({
  id: Uuid,
  topic: Type.String(),
  topicKey: Type.String(),
  organization: OrganizationRef,
  state: literals(DISCLOSURE_STATES),
  detail: Type.String(),
  sourceEntry: Nullable(
    Type.Object({ id: Uuid, occurredAt: Timestamp, precision: literals(DATE_PRECISIONS), timeZone: Type.String(), text: Type.String() }),
  ),
});

export const Engagement = Type.Object({
  ...EngagementRef.properties,
  incidentId: Uuid,
  location: Type.String(),
  agenda: Type.String(),
  minutes: Type.String(),
  tlp: literals(TLP_LEVELS),
  attendees: Type.Array(Attendee),
  actions: Type.Array(FollowUpAction),
  disclosures: Type.Array(Disclosure),
  /** The system entry that places the engagement in the incident's chronology, and how often it was corrected. */
  chronologyEntry: Nullable(Type.Object({ id: Uuid, revision: Type.Integer() })),
  createdBy: Nullable(UserRef),
  createdAt: Timestamp,
  updatedBy: Nullable(UserRef),
  updatedAt: Timestamp,
  version: Type.Integer(),
  abilities: Type.Object({ update: Type.Boolean() }),
});
export type Engagement = Static<typeof Engagement>;

export const EngagementListItem = Type.Object({
  ...EngagementRef.properties,
  incidentId: Uuid,
  location: Type.String(),
  tlp: literals(TLP_LEVELS),
  organizations: Type.Array(OrganizationRef, { description: 'Organizations that attended, outside ones first' }),
  attendeeCount: Type.Integer(),
  openActionCount: Type.Integer(),
  disclosureCounts: Type.Object({
    disclosed: Type.Integer(),
    withheld: Type.Integer(),
    not_asked: Type.Integer(),
    refused: Type.Integer(),
  }),
  version: Type.Integer(),
});
export type EngagementListItem = Static<typeof EngagementListItem>;

export const EngagementPage = Type.Object({
  items: Type.Array(EngagementListItem),
  nextCursor: Nullable(Type.String()),
  abilities: Type.Object({ create: Type.Boolean() }),
});

export const ListEngagementsQuery = Strict({
  kind: Type.Optional(literals(ENGAGEMENT_KINDS)),
  organizationId: Type.Optional(Uuid),
  from: Type.Optional(Timestamp),
  to: Type.Optional(Timestamp),
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});

export const ListDisclosuresQuery = Strict({
  topic: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: 'Topics whose key contains these words, in order' })),
  organizationId: Type.Optional(Uuid),
  state: Type.Optional(literals(DISCLOSURE_STATES)),
});

/** One organization's record on one topic, engagement by engagement in date order. */
export const DisclosureThread = Type.Object({
  organization: OrganizationRef,
  latestState: literals(DISCLOSURE_STATES),
  entries: Type.Array(
    Type.Object({
      id: Uuid,
      topic: Type.String(),
      state: literals(DISCLOSURE_STATES),
      detail: Type.String(),
      engagement: EngagementRef,
    }),
  ),
});

export const DisclosureLedger = Type.Object({
  topics: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), organizations: Type.Array(DisclosureThread) })),
});
export type DisclosureLedger = Static<typeof DisclosureLedger>;
