/** Hourly housekeeping: ended sessions, old failed sign-ins, used or expired set-up links. */
import { Type } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import type { Config } from '../../config/config.ts';
import type { DB } from '../../db/schema.ts';
import { purgeExpiredSessions } from '../../modules/auth/sessions.repository.ts';
import { purgeOldFailures } from '../../modules/auth/throttle.repository.ts';
import { defineJob } from '../job-definition.ts';

export function purgeExpiredCredentialsJob(deps: { db: Kysely<DB>; config: Config; clock: () => Date }) {
  return defineJob({
    name: 'auth.purge_expired',
    payload: Type.Object({}),
    cron: '17 * * * *',
    retryLimit: 3,
    async handler() {
      const now = deps.clock();
      await purgeExpiredSessions(deps.db, now, deps.config.sessionIdleMinutes);
      await purgeOldFailures(deps.db, new Date(now.getTime() - 24 * 3_600_000));
      await deps.db
        .deleteFrom('password_setup_tokens')
        .where((eb) => eb.or([eb('expires_at', '<', now), eb('used_at', 'is not', null)]))
        .execute();
    },
  });
}
