/** The console lines that hand the demo users' passwords over, once, when the demo is loaded. */
import { ROLE_LABELS } from '#shared/roles';
import type { LoadedDemo } from './load-demo.ts';

export function demoCredentialLines(demo: LoadedDemo, publicUrl: string): string[] {
  const rows = demo.credentials.map((c) => [ROLE_LABELS[c.role], c.organization, c.email, c.password]);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
  return [
    `  Demo case loaded: ${demo.incident.reference} "${demo.incident.title}"`,
    `  ${publicUrl}/incidents/${demo.incident.id}`,
    '',
    '  Demo users (sign in with any of them; the passwords are shown only now and stored only as hashes):',
    ...rows.map((r) => `    ${r[0].padEnd(widths[0])}  ${r[1].padEnd(widths[1])}  ${r[2].padEnd(widths[2])}  ${r[3]}`),
  ];
}
