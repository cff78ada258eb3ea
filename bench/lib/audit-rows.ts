/**
 * Generates valid audit rows fast: the same content hash (contentHash) and the same link
 * formula the writer computes in SQL and the verifier recomputes, streamed into
 * audit_records with COPY (through psql), then the chain heads set to each chain's end.
 */
import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import { AUDIT_CHAINS, type AuditContent, auditContentText } from '../../apps/server/src/audit/audit-writer.ts';

const GENESIS = '0'.repeat(64);
const COLUMNS = ['chain', 'seq', 'content', 'content_hash', 'prev_hash', 'hash'];

/** chain:seq:prev:content — what audit-writer.ts computes in SQL and the verifier in JS. */
export function linkHash(chain: number, seq: number, prev: string, content: string): string {
  return createHash('sha256').update(`${chain}:${seq}:${prev}:${content}`).digest('hex');
}

function csv(value: string | null): string {
  if (value === null) return '';
  return /[",\n\r]/.test(value) || value === '' ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A mix of what the log holds: user changes with before/after, creations, sign-ins. */
function makeContent(i: number, at: number, people: string[], orgs: string[]): AuditContent {
  const actor = people[i % people.length];
  const org = orgs[i % orgs.length];
  const target = people[(i * 7 + 3) % people.length];
  const base = {
    id: randomUUID(),
    at,
    actorUserId: actor,
    actorOrganizationId: org,
    actorVia: 'session',
    requestId: randomUUID(),
    clientAddress: `10.0.${(i >> 8) & 255}.${i & 255}`,
  };
  const person = (n: number) => ({
    email: `user${n}@example.org`,
    name: `User Number ${n}`,
    role: 'analyst',
    organizationId: org,
    disabled: false,
  });
  switch (i % 3) {
    case 0:
      return {
        ...base,
        action: 'user.updated',
        targetType: 'user',
        targetIds: [target, org],
        before: person(i),
        after: { ...person(i), name: `Renamed ${i}`, role: 'coordinator' },
      };
    case 1:
      return { ...base, action: 'user.created', targetType: 'user', targetIds: [target, org], before: null, after: person(i) };
    default:
      return { ...base, action: 'auth.login_succeeded', targetType: 'user', targetIds: [actor], before: null, after: null };
  }
}

export interface FillResult {
  rows: number;
  generateAndCopyMs: number;
}

/** Appends `count` rows to the (empty) audit log of the database at `url`. */
export async function fillAuditLog(url: string, count: number): Promise<FillResult> {
  const started = performance.now();
  const people = Array.from({ length: 500 }, () => randomUUID());
  const orgs = Array.from({ length: 40 }, () => randomUUID());
  const heads = Array.from({ length: AUDIT_CHAINS }, () => ({ seq: 0, hash: GENESIS, prev: null as string | null }));

  const psql = spawn(
    'psql',
    [url, '-v', 'ON_ERROR_STOP=1', '-q', '-c', `\\copy audit_records (${COLUMNS.join(', ')}) from stdin with (format csv)`],
    {
      stdio: ['pipe', 'inherit', 'pipe'],
    },
  );
  let stderr = '';
  psql.stderr.on('data', (c) => {
    stderr += c;
  });
  const done = new Promise<number>((resolve) => psql.once('exit', (code) => resolve(code ?? 1)));

  const t0 = Date.UTC(2024, 0, 1);
  const CHUNK = 2_000;
  for (let i = 0; i < count; ) {
    let text = '';
    for (const end = Math.min(count, i + CHUNK); i < end; i++) {
      const content = makeContent(i, t0 + i * 37, people, orgs);
      const body = auditContentText(content);
      const digest = createHash('sha256').update(body).digest('hex');
      const chain = Math.floor(Math.random() * AUDIT_CHAINS); // as the writer: any chain
      const head = heads[chain];
      const seq = head.seq + 1;
      const hash = linkHash(chain, seq, head.hash, digest);
      text += [String(chain), String(seq), csv(body), digest, head.hash, hash].join(',');
      text += '\n';
      head.prev = head.hash;
      head.seq = seq;
      head.hash = hash;
    }
    if (!psql.stdin.write(text)) await new Promise((r) => psql.stdin.once('drain', r));
  }
  psql.stdin.end();
  const code = await done;
  if (code !== 0) throw new Error(`COPY into audit_records failed (psql exit ${code}): ${stderr}`);

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (let chain = 0; chain < AUDIT_CHAINS; chain++) {
      const head = heads[chain];
      await client.query('update audit_chain_heads set seq = $2, hash = $3, prev_hash = $4 where chain = $1', [
        chain,
        head.seq,
        head.hash,
        head.prev,
      ]);
    }
    // What autovacuum would have done by the time anyone verifies a log this size.
    await client.query('vacuum analyze audit_records');
  } finally {
    await client.end();
  }
  return { rows: count, generateAndCopyMs: performance.now() - started };
}
