/**
 * The first entries of the notices module's catalogues (docs/modules/notices.md):
 *
 * - the holiday calendar `IN`: the gazetted holidays of the administrative offices of the
 *   Central Government at Delhi/New Delhi, where CERT-In sits, on a Monday-to-Friday
 *   week. Source: the Department of Personnel and Training's yearly Office Memorandum
 *   "Holidays to be observed in Central Government offices", Annexure I (for 2019, the
 *   O.M. of 2018; 2025, the O.M. of June 2024; 2026, the O.M. of 3 July 2025). Holidays
 *   that follow the moon (Id-ul-Fitr, Id-ul-Zuha, Muharram, Id-e-Milad) are the dates
 *   first notified; DoPT re-notifies them when the moon is sighted, and an administrator
 *   corrects them in the calendar. The 2027 O.M. was not yet published: 2027 has only the
 *   fixed-date holidays and Good Friday (Easter is 28 March 2027); an administrator adds
 *   the rest when it is.
 * - the legal bases a CERT-In notice cites, with what the reference sources support
 *   (shared/reference/obligations.md): IT Act 2000 s.70B(6) (no deadline in the Act: the
 *   notice sets it), the CERT-In Directions of 28 April 2022 directions (ii) and (iii),
 *   and IT Rules 2021 r.3(1)(j) (72 hours from receipt of the order). Wording that the
 *   sources give only as a paraphrase is written as a summary, not as a quotation. The
 *   penalty provision (s.70B(7)) is data an administrator can change: the amount of the
 *   fine after the proposed amendment is not confirmed.
 *
 * It also adds the indexes the notice list walks (docs/modules/notices.md, "Performance"):
 * the list is sorted on the due time, or the creation for a notice without one, then id,
 * and an organization's inbox, an incident's notices and an administrator's whole list
 * each read their own index in that order instead of sorting every notice in scope.
 *
 * Forward only: later corrections are made through the API (audited), not by editing this file.
 */
import { type Kysely, sql } from 'kysely';

const HOLIDAYS: Array<[day: string, name: string]> = [
  // 2019
  ['2019-01-26', 'Republic Day'],
  ['2019-03-04', 'Maha Shivaratri'],
  ['2019-03-21', 'Holi'],
  ['2019-04-17', 'Mahavir Jayanti'],
  ['2019-04-19', 'Good Friday'],
  ['2019-05-18', 'Buddha Purnima'],
  ['2019-06-05', 'Id-ul-Fitr'],
  ['2019-08-12', 'Id-ul-Zuha (Bakrid)'],
  ['2019-08-15', 'Independence Day'],
  ['2019-08-24', 'Janmashtami'],
  ['2019-09-10', 'Muharram'],
  ['2019-10-02', "Mahatma Gandhi's Birthday"],
  ['2019-10-08', 'Dussehra'],
  ['2019-10-27', 'Diwali (Deepavali)'],
  ['2019-11-10', 'Milad-un-Nabi or Id-e-Milad'],
  ['2019-11-12', "Guru Nanak's Birthday"],
  ['2019-12-25', 'Christmas Day'],
  // 2025
  ['2025-01-26', 'Republic Day'],
  ['2025-02-26', 'Maha Shivaratri'],
  ['2025-03-14', 'Holi'],
  ['2025-03-31', 'Id-ul-Fitr'],
  ['2025-04-10', 'Mahavir Jayanti'],
  ['2025-04-18', 'Good Friday'],
  ['2025-05-12', 'Buddha Purnima'],
  ['2025-06-07', 'Id-ul-Zuha (Bakrid)'],
  ['2025-07-06', 'Muharram'],
  ['2025-08-15', 'Independence Day'],
  ['2025-08-16', 'Janmashtami'],
  ['2025-09-05', 'Milad-un-Nabi or Id-e-Milad'],
  // Gandhi Jayanti and Dussehra fell on the same day in 2025.
  ['2025-10-02', "Mahatma Gandhi's Birthday; Dussehra"],
  ['2025-10-20', 'Diwali (Deepavali)'],
  ['2025-11-05', "Guru Nanak's Birthday"],
  ['2025-12-25', 'Christmas Day'],
  // 2026
  ['2026-01-26', 'Republic Day'],
  ['2026-03-04', 'Holi'],
  ['2026-03-21', 'Id-ul-Fitr'],
  ['2026-03-26', 'Ram Navami'],
  ['2026-03-31', 'Mahavir Jayanti'],
  ['2026-04-03', 'Good Friday'],
  ['2026-05-01', 'Buddha Purnima'],
  ['2026-05-27', 'Id-ul-Zuha (Bakrid)'],
  ['2026-06-26', 'Muharram'],
  ['2026-08-15', 'Independence Day'],
  ['2026-08-26', 'Milad-un-Nabi or Id-e-Milad'],
  ['2026-09-04', 'Janmashtami'],
  ['2026-10-02', "Mahatma Gandhi's Birthday"],
  ['2026-10-20', 'Dussehra'],
  ['2026-11-08', 'Diwali (Deepavali)'],
  ['2026-11-24', "Guru Nanak's Birthday"],
  ['2026-12-25', 'Christmas Day'],
  // 2027: fixed dates and Good Friday only (see above)
  ['2027-01-26', 'Republic Day'],
  ['2027-03-26', 'Good Friday'],
  ['2027-08-15', 'Independence Day'],
  ['2027-10-02', "Mahatma Gandhi's Birthday"],
  ['2027-12-25', 'Christmas Day'],
];

const PENALTY_70B7 = 'IT Act 2000 s.70B(7): failing to provide the information called for, or to comply with a direction, under s.70B(6) is punishable with '
  + 'imprisonment of up to one year, or a fine of up to one lakh rupees (the original text; a proposed increase is not confirmed), or both. '
  + 's.70B(8): a court takes cognizance only on a complaint by an officer authorised by CERT-In.';

interface Basis {
  code: string;
  instrument: string;
  clause: string;
  summary: string;
  dueHours: number | null;
  penalty: string;
}

const LEGAL_BASES: Basis[] = [
  {
    code: 'in-itact-70b6',
    instrument: 'Information Technology Act, 2000',
    clause: 's.70B(6)',
    summary: '"For carrying out the provisions of sub-section (4), the agency referred to in sub-section (1) may call for information and give '
      + 'direction to the service providers, intermediaries, data centres, body corporate and any other person." The Act sets no time for the '
      + 'answer: the deadline is the one the notice sets (CERT-In Directions of 28 April 2022, direction (iii)). s.1(2) applies the Act to '
      + 'contraventions outside India.',
    dueHours: null,
    penalty: PENALTY_70B7,
  },
  {
    code: 'in-certin-directions-2022-iii',
    instrument: 'CERT-In Directions No. 20(3)/2022-CERT-In of 28 April 2022 under s.70B(6) of the Information Technology Act, 2000',
    clause: 'direction (iii)',
    summary: 'When CERT-In orders or directs it for cyber incident response or protective and preventive action, a service provider, '
      + 'intermediary, data centre or body corporate must take the action, or provide the information or assistance, ordered, in the format '
      + 'the order specifies (up to and including near real-time) and within the time specified in the order; missing it is non-compliance '
      + 'under s.70B(7). In force from June 2022 (60 days after issue). Summarised, not quoted.',
    dueHours: null,
    penalty: PENALTY_70B7,
  },
  {
    code: 'in-certin-directions-2022-ii',
    instrument: 'CERT-In Directions No. 20(3)/2022-CERT-In of 28 April 2022 under s.70B(6) of the Information Technology Act, 2000',
    clause: 'direction (ii), Annexure I',
    summary: 'Service providers, intermediaries, data centres, body corporate and Government organisations must report the cyber incidents '
      + 'listed in Annexure I to CERT-In within 6 hours of noticing them or of their being brought to notice, whichever is earlier, in the '
      + 'format on the CERT-In website (incident@cert-in.org.in). The 6 hours run from noticing the incident, not from a notice: cite it, for '
      + 'instance in a show-cause notice, with the deadline the notice sets. In force from June 2022. Summarised, not quoted.',
    dueHours: null,
    penalty: PENALTY_70B7,
  },
  {
    code: 'in-itrules-2021-3-1-j',
    instrument: 'Information Technology (Intermediary Guidelines and Digital Media Ethics Code) Rules, 2021',
    clause: 'r.3(1)(j)',
    summary: 'On an order of a Government agency lawfully authorised for investigative, protective or cyber security activities, an '
      + 'intermediary must provide information under its control or possession, or assistance, to that agency "as soon as possible, but '
      + 'not later than seventy-two hours of the receipt of an order". The 72 hours are clock hours from receipt; Casebook counts them from '
      + 'the issue of the notice.',
    dueHours: 72,
    penalty: 'IT Rules 2021 r.7: an intermediary that fails to observe the Rules loses the exemption from liability of s.79(1) of the '
      + 'Information Technology Act, 2000, and is liable to punishment under any law for the time being in force.',
  },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index notices_sort_idx on notices ((coalesce(due_at, created_at)) desc, id desc)`.execute(db);
  await sql`create index notices_organization_sort_idx on notices (organization_id, (coalesce(due_at, created_at)) desc, id desc)`.execute(db);
  await sql`create index notices_incident_sort_idx on notices (incident_id, (coalesce(due_at, created_at)) desc, id desc)`.execute(db);

  const calendar = await sql<{ id: string }>`
    insert into holiday_calendars (code, name, time_zone, weekend_days)
    values ('IN', 'India: Central Government offices, Delhi/New Delhi (gazetted holidays)', 'Asia/Kolkata', '{0,6}')
    returning id`.execute(db);
  const calendarId = calendar.rows[0].id;
  for (const [day, name] of HOLIDAYS) {
    await sql`insert into holidays (calendar_id, day, name) values (${calendarId}, ${day}::date, ${name})`.execute(db);
  }
  for (const basis of LEGAL_BASES) {
    await sql`insert into legal_bases (code, instrument, clause, summary, due_amount, due_unit, penalty_provision, calendar_id)
              values (${basis.code}, ${basis.instrument}, ${basis.clause}, ${basis.summary}, ${basis.dueHours},
                      ${basis.dueHours === null ? null : 'hours'}, ${basis.penalty}, ${calendarId})`.execute(db);
  }
}
