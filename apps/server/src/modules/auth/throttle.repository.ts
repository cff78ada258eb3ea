/** Failed sign-ins, counted per account and per client address over a sliding window. */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';

export interface ThrottleLimits {
  maxFailuresPerAccount: number;
  maxFailuresPerAddress: number;
  windowMinutes: number;
}

/** Seconds until the next attempt is allowed, or 0 when it is allowed now. */
export async function secondsUntilAllowed(
  db: Kysely<DB>,
  limits: ThrottleLimits,
  key: { account: string; clientAddress: string },
  now: Date,
): Promise<number> {
  const since = new Date(now.getTime() - limits.windowMinutes * 60_000);
  const check = async (column: 'account' | 'client_address', value: string, max: number) => {
    const rows = await db
      .selectFrom('auth_failures')
      .select('failed_at')
      .where(column, '=', value)
      .where('failed_at', '>', since)
      .orderBy('failed_at', 'desc')
      .limit(max)
      .execute();
    if (rows.length < max) return 0;
    const oldest = rows[rows.length - 1].failed_at.getTime();
    return Math.max(1, Math.ceil((oldest + limits.windowMinutes * 60_000 - now.getTime()) / 1000));
  };
  const [byAccount, byAddress] = await Promise.all([
    check('account', key.account, limits.maxFailuresPerAccount),
    check('client_address', key.clientAddress, limits.maxFailuresPerAddress),
  ]);
  return Math.max(byAccount, byAddress);
}

export async function recordFailure(trx: Transaction<DB>, key: { account: string; clientAddress: string }, now: Date): Promise<void> {
  await trx.insertInto('auth_failures').values({ account: key.account, client_address: key.clientAddress, failed_at: now }).execute();
}

export async function clearAccountFailures(trx: Transaction<DB>, account: string): Promise<void> {
  await trx.deleteFrom('auth_failures').where('account', '=', account).execute();
}

export async function purgeOldFailures(db: Kysely<DB>, before: Date): Promise<number> {
  const result = await db.deleteFrom('auth_failures').where('failed_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
