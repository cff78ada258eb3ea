/**
 * Evidence of where time goes during a load phase: what the database's backends are
 * doing (sampled from pg_stat_activity) and the CPU each process used (from /proc).
 */
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';

export interface ActivitySample {
  samples: number;
  /** backend-samples per state, e.g. "active", "lock wait: transactionid", "idle in transaction". */
  states: Map<string, number>;
}

/** Samples pg_stat_activity for one database every `everyMs` until stopped. */
export async function sampleActivity(url: string, database: string, everyMs = 25) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const result: ActivitySample = { samples: 0, states: new Map() };
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await client.query<{
        state: string | null;
        wait_event_type: string | null;
        wait_event: string | null;
        query: string;
      }>(
        `select state, wait_event_type, wait_event, left(query, 60) as query from pg_stat_activity
          where datname = $1 and pid <> pg_backend_pid() and backend_type = 'client backend'`,
        [database],
      );
      result.samples++;
      for (const row of rows) {
        let key: string;
        if (row.wait_event_type === 'Lock')
          key = `waiting for lock: ${row.wait_event} (${/audit_chain_heads/.test(row.query) ? 'audit chain head' : row.query.replace(/\s+/g, ' ').slice(0, 30)})`;
        else if (row.state === 'active')
          key = row.wait_event ? `active, waiting on ${row.wait_event_type}: ${row.wait_event}` : 'active (on CPU)';
        else key = row.state ?? 'unknown';
        result.states.set(key, (result.states.get(key) ?? 0) + 1);
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    async stop(): Promise<ActivitySample> {
      running = false;
      await loop;
      await client.end();
      return result;
    },
  };
}

/** Average number of backends in each state over the samples, largest first. */
export function describeActivity(sample: ActivitySample): string[] {
  return [...sample.states.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([state, n]) => `${(n / Math.max(1, sample.samples)).toFixed(2).padStart(6)} backends  ${state}`);
}

const TICKS = 100; // USER_HZ on Linux

/** CPU seconds (user + system) a process has used so far. */
export function cpuSecondsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return 0;
  }
}

/** CPU seconds of every `postgres` process (all databases on the server — other users included). */
function postgresCpuSeconds(): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') total += cpuSecondsOf(Number(entry));
    } catch {
      // process ended
    }
  }
  return total;
}

/** Machine-wide busy CPU seconds (all cores), from /proc/stat. */
function machineBusySeconds(): number {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
  const idle = cpu[3] + cpu[4];
  return (cpu.reduce((a, b) => a + b, 0) - idle) / TICKS;
}

/** CPU used by the named processes, by PostgreSQL, and by the whole machine, between start and stop. */
export function measureCpu(pids: Record<string, number>) {
  const before = {
    procs: Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuSecondsOf(pid)])),
    self: process.cpuUsage(),
    pg: postgresCpuSeconds(),
    machine: machineBusySeconds(),
    t: performance.now(),
  };
  return {
    stop(): Array<[string, string]> {
      const wall = (performance.now() - before.t) / 1000;
      const share = (seconds: number) => `${((seconds / wall) * 100).toFixed(0)}% of one core`;
      const self = process.cpuUsage(before.self);
      const out: Array<[string, string]> = [];
      for (const [name, pid] of Object.entries(pids)) out.push([name, share(cpuSecondsOf(pid) - before.procs[name])]);
      out.push(['load generator (this process)', share((self.user + self.system) / 1e6)]);
      out.push(['PostgreSQL (all its processes)', share(postgresCpuSeconds() - before.pg)]);
      out.push(['whole machine (2 cores = 200%)', share(machineBusySeconds() - before.machine)]);
      return out;
    },
  };
}
