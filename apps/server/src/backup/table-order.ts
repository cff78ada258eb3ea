/** The application's tables in an order that satisfies their foreign keys, with primary keys. */
import { type Kysely, sql } from 'kysely';

export interface TableInfo {
  name: string;
  primaryKey: string[];
}

const SKIP = new Set(['kysely_migration', 'kysely_migration_lock']);

export async function tablesInDependencyOrder(db: Kysely<any>): Promise<TableInfo[]> {
  const tables = await sql<{ name: string; pk: string[] }>`
    select c.relname as name,
           array(select a.attname from pg_index i
                   join lateral unnest(i.indkey) with ordinality k(attnum, ord) on true
                   join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
                  where i.indrelid = c.oid and i.indisprimary order by k.ord)::text[] as pk
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind = 'r'
     order by c.relname`.execute(db);
  const edges = await sql<{ child: string; parent: string }>`
    select distinct cc.relname as child, pc.relname as parent
      from pg_constraint k
      join pg_class cc on cc.oid = k.conrelid join pg_namespace cn on cn.oid = cc.relnamespace
      join pg_class pc on pc.oid = k.confrelid
     where k.contype = 'f' and cn.nspname = 'public' and cc.relname <> pc.relname`.execute(db);
  const remaining = new Map(tables.rows.filter((t) => !SKIP.has(t.name)).map((t) => [t.name, t]));
  const parents = new Map<string, Set<string>>();
  for (const e of edges.rows) {
    if (!parents.has(e.child)) parents.set(e.child, new Set());
    parents.get(e.child)?.add(e.parent);
  }
  const ordered: TableInfo[] = [];
  while (remaining.size > 0) {
    const ready = [...remaining.values()].filter((t) => [...(parents.get(t.name) ?? [])].every((p) => !remaining.has(p)));
    if (ready.length === 0) throw new Error(`Foreign keys form a cycle among: ${[...remaining.keys()].join(', ')}`);
    for (const t of ready) {
      if (t.pk.length === 0) throw new Error(`Table ${t.name} has no primary key; it cannot be backed up in pages.`);
      ordered.push({ name: t.name, primaryKey: t.pk });
      remaining.delete(t.name);
    }
  }
  return ordered;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
