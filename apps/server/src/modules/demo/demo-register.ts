/**
 * The demo's register of affected persons: 121 entries for the users in India the
 * platform counted, imported from a list it supplied. Every entry is FICTITIOUS — names
 * generated from common given names and surnames with "(fictitious)" after them, phone
 * numbers in +91 0…, a range no Indian number uses, e-mail addresses under the reserved
 * `.invalid` domain — so that the register can be shown without any real person in it.
 * In the real case the names were not received; the chronology entry says so.
 *
 * The administrator grants the coordinator and the analyst need-to-know access for 180
 * days from the day the demo is loaded (grants run on real time, so that they are live
 * when someone opens the demo), the analyst imports the list through the import service,
 * and records that some persons were notified.
 */
import type { Config } from '../../config/config.ts';
import { createAffectedPersonsService } from '../affected-persons/affected-persons.service.ts';
import { createRegisterGrantsService } from '../affected-persons/register-grants.service.ts';
import { importPersons } from '../affected-persons/register-import.ts';
import type { DemoContext } from './demo-context.ts';
import { addEntry } from './demo-record.ts';

const GIVEN = [
  'Aarti',
  'Rahul',
  'Sunita',
  'Imran',
  'Kavya',
  'Vikram',
  'Neha',
  'Arjun',
  'Fatima',
  'Rohan',
  'Meera',
  'Siddharth',
  'Priya',
  'Anil',
  'Zoya',
  'Karthik',
  'Lakshmi',
  'Devendra',
  'Ritu',
  'Manoj',
  'Sneha',
];
const FAMILY = [
  'Sharma',
  'Iyer',
  'Khan',
  'Patil',
  'Reddy',
  'Das',
  'Menon',
  'Singh',
  'Joshi',
  'Naidu',
  'Bose',
  'Kulkarni',
  'Chatterjee',
  'Pillai',
  'Gupta',
  'Shaikh',
  'Rao',
];
/** 121 in all, as the platform counted for India: journalists, lawyers, activists, officials, others. */
const CATEGORIES: Array<[string, number]> = [
  ['journalist', 38],
  ['lawyer', 24],
  ['activist', 41],
  ['official', 6],
  ['other', 12],
];
export const DEMO_REGISTER_SIZE = CATEGORIES.reduce((sum, [, n]) => sum + n, 0);
/** Entries the demo records as notified (P-0001 to P-0030), and one that could not be reached. */
const NOTIFIED = 30;

/** The fictitious list as the platform would send it (CSV, header first). */
export function demoRegisterCsv(): string {
  const rows = ['Name,Mobile,Email,Category,Platform reference,How affected'];
  let n = 0;
  for (const [category, count] of CATEGORIES) {
    for (let i = 0; i < count; i += 1) {
      n += 1;
      const name = `${GIVEN[(n * 7) % GIVEN.length]} ${FAMILY[(n * 11) % FAMILY.length]} (fictitious)`;
      const phone = `+91 00000 ${String(100000 + n).slice(1)}`;
      const email = `person${String(n).padStart(3, '0')}@fictitious.invalid`;
      const how = n % 9 === 0 ? 'compromised_suspected' : n % 23 === 0 ? 'compromised_confirmed' : 'targeted';
      rows.push(`${name},${phone},${email},${category},MP-IN-${String(n).padStart(4, '0')},${how}`);
    }
  }
  return `${rows.join('\r\n')}\r\n`;
}

export async function recordDemoRegister(ctx: DemoContext, incidentId: string, config: Config): Promise<void> {
  const { people, deps, clock } = ctx;
  const realTime = () => new Date();
  const register = { ...deps, clock: realTime, registerKeys: config.registerKeys };
  const service = createAffectedPersonsService(register);
  const grants = createRegisterGrantsService(register);
  for (const key of ['coordinator', 'analyst'] as const) {
    await grants.grant(people.principal('admin'), people.actor('admin'), incidentId, {
      userId: people.users[key].id,
      expiresAt: new Date(realTime().getTime() + 180 * 86_400_000).toISOString(),
      reason: 'Demo: notifying the persons in India the platform listed (fictitious entries).',
    });
  }
  clock.at('2019-12-02T15:00');
  await addEntry(ctx, incidentId, {
    when: { date: '2019-12-02', precision: 'day' },
    text:
      'Demo only — fictitious: the platform supplies its list of the 121 users in India, imported into the register of affected persons. ' +
      'In the real case the names were not received; every name and number in this register is invented.',
    source: { kind: 'document', title: 'List of affected users in India (fictitious demo data)', organization: 'platform' },
    tlp: 'RED',
  });
  const report = await importPersons(register, people.principal('analyst'), people.actor('analyst'), incidentId, {
    csv: demoRegisterCsv(),
    mapping: {
      name: 'Name',
      phone: 'Mobile',
      email: 'Email',
      category: 'Category',
      sourceReference: 'Platform reference',
      affectedHow: 'How affected',
    },
    defaults: { country: 'IN' },
    sourceOrganizationId: people.organizations.platform.id,
    dryRun: false,
  });
  if (report.added !== DEMO_REGISTER_SIZE)
    throw new Error(`The demo register imported ${report.added} entries, not ${DEMO_REGISTER_SIZE}.`);

  const list = await service.list(people.principal('analyst'), people.actor('analyst'), incidentId, { limit: NOTIFIED + 1 });
  for (const [i, person] of list.items.entries()) {
    const unreachable = i === NOTIFIED;
    await service.update(people.principal('analyst'), people.actor('analyst'), incidentId, person.id, {
      version: person.version,
      notificationStatus: unreachable ? 'unreachable' : 'notified',
      ...(unreachable
        ? {}
        : { notifiedOn: `2019-12-${String(3 + (i % 10)).padStart(2, '0')}`, notifiedChannel: i % 3 === 0 ? 'in_person' : 'phone' }),
    });
  }
}
