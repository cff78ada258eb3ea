/**
 * Words the generated incidents and chronology entries are made of: the vocabulary of a
 * national CERT's case files (actors, malware, vectors, sectors, vulnerabilities), so
 * that full-text search meets common words, rare words and near-unique tokens in about
 * the proportions a real register has. Earlier entries of each list are drawn more often.
 */

export const TITLE_HEADS = [
  'Phishing campaign against', 'Ransomware attack on', 'Data breach at', 'DDoS attack on', 'Unauthorised access to',
  'Website defacement of', 'Credential leak from', 'Compromise of', 'Spyware targeting users of', 'Malicious app impersonating',
  'Account takeover at', 'Targeted scanning of', 'Data leak from', 'Supply-chain compromise affecting', 'Fake mobile app of',
  'Cryptominer found on', 'Business e-mail compromise at', 'SIM swap fraud against customers of',
];

export const SECTORS = [
  'bank', 'telecom operator', 'hospital', 'payment gateway', 'e-governance portal', 'power distribution company',
  'messaging platform', 'e-commerce marketplace', 'university', 'ministry', 'stock exchange', 'airline', 'insurer',
  'water utility', 'defence supplier', 'cloud provider', 'news outlet', 'port authority', 'railway operator', 'tax portal',
];

export const VECTORS = [
  'spear-phishing e-mail', 'malicious attachment', 'exposed RDP', 'vulnerable VPN appliance', 'credential stuffing',
  'SQL injection', 'zero-click exploit', 'watering-hole site', 'supply-chain update', 'malicious mobile app',
  'misconfigured storage bucket', 'unpatched Exchange server', 'OAuth consent phishing', 'drive-by download', 'SIM swap',
  'stolen session cookies', 'Log4Shell exploitation', 'default router passwords',
];

export const ACTORS = [
  'an unknown actor', 'a ransomware affiliate', 'APT28', 'Lazarus Group', 'SideWinder', 'Transparent Tribe', 'APT41', 'FIN7',
  'Scattered Spider', 'Kimsuky', 'Turla', 'Sandworm', 'a hacktivist group', 'a malicious insider', 'NSO Group customer',
];

export const MALWARE = [
  'Cobalt Strike', 'LockBit', 'Emotet', 'QakBot', 'AgentTesla', 'RedLine Stealer', 'Mirai', 'BlackCat', 'njRAT', 'TrickBot',
  'IcedID', 'DarkGate', 'Pegasus', 'Predator', 'Hermit', 'Akira', 'Rhysida', 'XMRig',
];

export const IMPACTS = [
  'Services were degraded for several hours.', 'Customer records were exposed.', 'Card data may have been copied.',
  'Login credentials were harvested.', 'Internal file shares were encrypted.', 'No data loss has been confirmed yet.',
  'Users received fraudulent messages.', 'The attacker kept access for weeks.', 'Backups were deleted before encryption.',
  'Mobile devices of journalists were targeted.', 'Payments were diverted to mule accounts.', 'Source code was exfiltrated.',
];

export const ACTIONS = [
  'The organization was asked for logs and indicators.', 'A notice under section 70B was issued.',
  'Indicators were shared with sector CSIRTs.', 'The platform was asked to audit its systems.',
  'Affected users are being notified.', 'Law enforcement has been informed.', 'A clarification was sought on the timeline.',
  'The vendor was asked for details of the malware.', 'Patching status is being verified.', 'Takedown requests were sent.',
];

export const TAGS = [
  'phishing', 'ransomware', 'banking', 'telecom', 'ddos', 'data-breach', 'mobile', 'spyware', 'supply-chain', 'zero-day',
  'critical-infrastructure', 'cross-border', 'election', 'parliament-question', 'g20', 'pegasus',
];

export const PLATFORMS = ['Android', 'iOS', 'Windows', 'Linux', 'macOS', 'WhatsApp', 'Exchange', 'Fortinet', 'Citrix', 'VMware ESXi'];

export const CVES = [
  'CVE-2021-44228', 'CVE-2023-4966', 'CVE-2023-34362', 'CVE-2019-3568', 'CVE-2021-26855', 'CVE-2022-40684', 'CVE-2023-20198',
  'CVE-2024-3400', 'CVE-2023-3519', 'CVE-2021-34527',
];

export const COUNTRIES = ['IN', 'US', 'GB', 'DE', 'FR', 'SG', 'AE', 'BR', 'JP', 'AU', 'NG', 'ZA'];

export const ENTRY_LEADS = [
  'Meeting held with', 'Notice issued to', 'Response received from', 'Clarification sought from', 'Call with',
  'Letter sent to', 'Logs received from', 'Extension requested by', 'Reminder sent to', 'Audit report received from',
  'Indicators shared with', 'Escalation raised with',
];

export const ENTRY_TOPICS = [
  'on the delivery vector', 'about affected users', 'on the patch timeline', 'on retention of logs', 'about the exploit chain',
  'on indicators of compromise', 'on the list of targeted numbers', 'about the vendor relationship', 'on root cause',
  'about notification of users', 'on the audit scope', 'about data exfiltration',
];

export const ENTRY_NOTES = [
  'did not disclose the vulnerability', 'confirmed the breach', 'denied any compromise', 'promised a full report',
  'shared partial logs', 'requested more time', 'named a point of contact', 'disputed the count of affected users',
  'confirmed the patch was deployed', 'refused to share source code',
];

export const SOURCE_TITLES = ['Minutes of meeting', 'Notice as issued', 'Platform response', 'E-mail from the organization', 'Analyst note', 'Call record'];

export const PEOPLE = ['Head of Security', 'Legal counsel', 'CISO', 'Nodal officer', 'Incident manager', 'Grievance officer', 'CTO', 'Duty analyst'];

export const ORG_WORDS = [
  'Northwind', 'Bluepeak', 'Sapphire', 'Indus', 'Meridian', 'Coral', 'Everest', 'Lotus', 'Quantum', 'Saffron', 'Harbor',
  'Granite', 'Monsoon', 'Falcon', 'Silverline', 'Ganga', 'Orion', 'Crescent', 'Summit', 'Vertex',
];

export const ORG_KINDS = [
  ['Bank', 'other'], ['Telecom', 'platform'], ['Messaging', 'platform'], ['Payments', 'platform'], ['Cloud', 'platform'],
  ['Software', 'vendor'], ['Security Labs', 'vendor'], ['Ministry of Finance', 'government'], ['State Data Centre', 'government'],
  ['Power', 'other'], ['Health', 'other'], ['Airlines', 'other'],
] as const;

/** A SQL array literal of the words: `array['a','b']::text[]`. */
export function sqlArray(words: readonly string[]): string {
  return `array[${words.map((w) => `'${w.replace(/'/g, "''")}'`).join(',')}]::text[]`;
}
