/**
 * The reportable incident types of the CERT-In Directions of 28 April 2022 (No.
 * 20(3)/2022-CERT-In, Annexure I), each mapped to the Reference Security Incident
 * Taxonomy (RSIT) class and type that fits it best, plus RSIT's "undetermined".
 * Admins may add categories and retire these; the seed is never edited in place.
 */
import { type Kysely, sql } from 'kysely';

const SOURCE = 'CERT-In Directions 28.04.2022, Annexure I';

const CATEGORIES: Array<[code: string, label: string, rsitClass: string, rsitType: string, item: number | null]> = [
  ['targeted-scanning', 'Targeted scanning or probing of critical networks or systems', 'information-gathering', 'scanner', 1],
  ['critical-system-compromise', 'Compromise of critical systems or information', 'intrusions', 'system-compromise', 2],
  ['unauthorised-access', 'Unauthorised access of IT systems or data', 'information-content-security', 'unauthorised-information-access', 3],
  ['website-defacement', 'Defacement of a website, or intrusion into a website and unauthorised changes', 'intrusions', 'application-compromise', 4],
  ['malicious-code', 'Malicious code attacks (virus, worm, Trojan, bots, spyware, ransomware, cryptominers)', 'malicious-code', 'infected-system', 5],
  ['server-network-attack', 'Attacks on servers (database, mail, DNS) and network devices such as routers', 'intrusions', 'system-compromise', 6],
  ['identity-theft-phishing', 'Identity theft, spoofing and phishing attacks', 'fraud', 'phishing', 7],
  ['denial-of-service', 'Denial of Service (DoS) and Distributed Denial of Service (DDoS) attacks', 'availability', 'ddos', 8],
  ['critical-infrastructure', 'Attacks on critical infrastructure, SCADA, operational technology and wireless networks', 'intrusions', 'system-compromise', 9],
  ['application-attack', 'Attacks on applications such as e-governance and e-commerce', 'intrusions', 'application-compromise', 10],
  ['data-breach', 'Data breach', 'information-content-security', 'unauthorised-information-access', 11],
  ['data-leak', 'Data leak', 'information-content-security', 'data-leak', 12],
  ['iot-attack', 'Attacks on Internet of Things devices and associated systems, networks, software and servers', 'intrusions', 'system-compromise', 13],
  ['digital-payments', 'Attacks or incidents affecting digital payment systems', 'fraud', 'unauthorised-use-of-resources', 14],
  ['malicious-mobile-apps', 'Attacks through malicious mobile apps', 'malicious-code', 'malware-distribution', 15],
  ['fake-mobile-apps', 'Fake mobile apps', 'fraud', 'masquerade', 16],
  ['social-media-account', 'Unauthorised access to social media accounts', 'intrusions', 'unprivileged-account-compromise', 17],
  ['cloud', 'Attacks or malicious or suspicious activity affecting cloud computing systems, servers, software or applications', 'intrusions', 'system-compromise', 18],
  ['emerging-technologies', 'Attacks or suspicious activity affecting big data, blockchain, virtual assets and exchanges, custodian wallets, robotics, 3D/4D printing, additive manufacturing or drones', 'intrusions', 'system-compromise', 19],
  ['ai-ml', 'Attacks or malicious or suspicious activity affecting artificial intelligence and machine learning systems', 'intrusions', 'application-compromise', 20],
  ['undetermined', 'Undetermined', 'other', 'undetermined', null],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [index, [code, label, rsitClass, rsitType, item]] of CATEGORIES.entries()) {
    await sql`insert into incident_categories (code, label, rsit_class, rsit_type, source, position)
              values (${code}, ${label}, ${rsitClass}, ${rsitType}, ${item === null ? 'RSIT' : `${SOURCE} item ${item}`}, ${index + 1})`.execute(db);
  }
}
