import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { Type } from '@sinclair/typebox';
import { type TestApp, createTestApp } from '../../test/test-app.ts';
import { SYSTEM_ACTOR } from '../audit/audit-event.ts';
import { inTransaction } from '../db/unit-of-work.ts';
import { AppError } from '../http/app-error.ts';
import { defineJob } from './job-definition.ts';
import { createJobQueue } from './job-queue.ts';

const attempts = new Map<string, number[]>();
const noteJob = defineJob({
  name: 'test.note',
  payload: Type.Object({ label: Type.String(), fail: Type.Boolean() }, { additionalProperties: false }),
  retryLimit: 1,
  retryDelaySeconds: 1,
  async handler(payload, context) {
    attempts.set(payload.label, [...(attempts.get(payload.label) ?? []), context.attempt]);
    if (payload.fail) throw new Error(`note ${payload.label} cannot be delivered`);
  },
});

async function until<T>(what: string, probe: () => Promise<T | undefined>, seconds = 40): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

describe('job queue', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ extraJobs: [noteJob], runJobs: true });
  });
  after(() => t.close());

  const jobsNamed = async (label: string) =>
    (await t.testDb.database.executeSql(`select id, state from pgboss.job where name = 'test.note' and data->>'label' = $1`, [label])).rows;

  it('a job enqueued in a transaction that rolls back does not exist; one that commits does', async () => {
    const deps = { db: t.testDb.database.db, jobs: t.built.jobs };
    await assert.rejects(
      inTransaction(deps, SYSTEM_ACTOR, async (uow) => {
        uow.enqueue('test.note', { label: 'rolled-back', fail: false });
        throw new Error('the change failed');
      }),
      /the change failed/,
    );
    await inTransaction(deps, SYSTEM_ACTOR, async (uow) => uow.enqueue('test.note', { label: 'committed', fail: false }));
    assert.equal((await jobsNamed('rolled-back')).length, 0);
    assert.equal((await jobsNamed('committed')).length, 1);
    await until('the committed job to run', async () => (attempts.has('committed') ? true : undefined));
    await sleep(1500);
    assert.equal(attempts.has('rolled-back'), false);
    assert.deepEqual(attempts.get('committed'), [0]);
  });

  it('refuses a payload that does not match the schema at enqueue, and the change with it', async () => {
    const db = t.testDb.database.db;
    await assert.rejects(
      inTransaction({ db, jobs: t.built.jobs }, SYSTEM_ACTOR, async (uow) => {
        await uow.trx.updateTable('organizations').set({ name: 'Should Not Stay' }).where('id', '=', t.world.orgA.id).execute();
        uow.enqueue('test.note', { label: 'bad', fail: 'no', extra: 1 });
      }),
      (error: unknown) => error instanceof AppError && error.code === 'jobs.invalid',
    );
    assert.equal((await jobsNamed('bad')).length, 0);
    const org = await db.selectFrom('organizations').select('name').where('id', '=', t.world.orgA.id).executeTakeFirstOrThrow();
    assert.equal(org.name, t.world.orgA.name);
    await assert.rejects(inTransaction({ db, jobs: t.built.jobs }, SYSTEM_ACTOR, async (uow) => uow.enqueue('no.such.job', {})), /No job named/);
  });

  it('retries a failing job, then lists it as failed for admins only; a job beside it in the batch is not disturbed', async () => {
    const deps = { db: t.testDb.database.db, jobs: t.built.jobs };
    await inTransaction(deps, SYSTEM_ACTOR, async (uow) => {
      uow.enqueue('test.note', { label: 'fails', fail: true });
      uow.enqueue('test.note', { label: 'beside', fail: false });
    });
    const admin = await t.login('admin');
    const failed = await until('the job to be listed as failed', async () => {
      const response = await t.request({ method: 'GET', url: '/api/v1/jobs/failed', as: admin });
      assert.equal(response.statusCode, 200);
      return response.json().items.find((j: { name: string }) => j.name === 'test.note');
    });
    assert.equal(failed.retryCount, 1);
    assert.equal(failed.retryLimit, 1);
    assert.match(failed.error, /note fails cannot be delivered/);
    // First attempt and one retry, each told which attempt it is.
    assert.deepEqual(attempts.get('fails'), [0, 1]);
    assert.deepEqual(attempts.get('beside'), [0]);
    assert.deepEqual((await jobsNamed('beside')).map((j) => j.state), ['completed']);

    for (const key of ['coordinator', 'org_admin'] as const) {
      const response = await t.request({ method: 'GET', url: '/api/v1/jobs/failed', as: await t.login(key) });
      assert.equal(response.statusCode, 403);
    }
  });

  it('refuses two definitions with the same name', () => {
    const logger = { error() {}, warn() {}, info() {} } as never;
    const executeSql = t.testDb.database.executeSql;
    assert.throws(() => createJobQueue({ executeSql, logger, definitions: [noteJob, { ...noteJob }] }), /defined twice/);
    assert.throws(() => createJobQueue({ executeSql, logger, definitions: [{ ...noteJob, name: 'Bad Name!' }] }), /not valid/);
  });
});
