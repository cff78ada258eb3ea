import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../http/app-error.ts';
import { assertKeyTimeOrder, isTimeZone, keyTimeColumns } from './incident-facts.ts';

const NOW = new Date('2019-11-18T12:00:00Z');

function code(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (error) {
    assert.ok(error instanceof AppError, String(error));
    return error.code;
  }
}

const times = (values: Partial<Record<'occurred_at' | 'detected_at' | 'noticed_at' | 'reported_at', string>>) => ({
  occurred_at: values.occurred_at ? new Date(values.occurred_at) : null,
  detected_at: values.detected_at ? new Date(values.detected_at) : null,
  noticed_at: values.noticed_at ? new Date(values.noticed_at) : null,
  reported_at: values.reported_at ? new Date(values.reported_at) : null,
});

describe('incident facts', () => {
  it('knows IANA time zones, including old aliases and Etc offsets, and nothing else', () => {
    for (const zone of ['Asia/Kolkata', 'Asia/Calcutta', 'UTC', 'Europe/Berlin', 'America/Argentina/Buenos_Aires', 'Etc/GMT+5']) assert.equal(isTimeZone(zone), true, zone);
    for (const zone of ['Mars/Olympus', '', 'Asia/Kolkata/', 'Kolkata', 'GMT+25']) assert.equal(isTimeZone(zone), false, zone);
  });

  it('turns key times into columns, leaving out the ones not given and clearing the ones set to null', () => {
    assert.deepEqual(keyTimeColumns(undefined, NOW), {});
    assert.deepEqual(keyTimeColumns({}, NOW), {});
    const columns = keyTimeColumns({ occurred: { at: '2019-04-29T18:30:00Z', timeZone: 'Asia/Kolkata' }, reported: null }, NOW);
    assert.deepEqual(columns, { occurred_at: new Date('2019-04-29T18:30:00Z'), occurred_tz: 'Asia/Kolkata', reported_at: null, reported_tz: null });
    assert.ok(!('detected_at' in columns) && !('noticed_tz' in columns));
  });

  it('keeps the instant and the zone apart: an offset in the timestamp is converted, the zone is stored as named', () => {
    const columns = keyTimeColumns({ detected: { at: '2019-05-13T09:00:00+05:30', timeZone: 'Asia/Kolkata' } }, NOW);
    assert.equal((columns.detected_at as Date).toISOString(), '2019-05-13T03:30:00.000Z');
    assert.equal(columns.detected_tz, 'Asia/Kolkata');
  });

  it('refuses unknown zones and times in the future, allowing a few minutes of clock skew', () => {
    assert.equal(code(() => keyTimeColumns({ occurred: { at: '2019-04-29T00:00:00Z', timeZone: 'Mars/Olympus' } }, NOW)), 'incidents.invalid_time_zone');
    assert.equal(code(() => keyTimeColumns({ noticed: { at: '2019-11-18T12:06:00Z', timeZone: 'UTC' } }, NOW)), 'incidents.time_in_future');
    assert.equal(code(() => keyTimeColumns({ reported: { at: '2999-01-01T00:00:00Z', timeZone: 'UTC' } }, NOW)), 'incidents.time_in_future');
    assert.equal(code(() => keyTimeColumns({ reported: { at: '2019-11-18T12:04:00Z', timeZone: 'UTC' } }, NOW)), null);
    // Local midnight in Auckland is still the evening before in UTC: not in the future.
    assert.equal(code(() => keyTimeColumns({ reported: { at: '2019-11-19T00:00:00+13:00', timeZone: 'Pacific/Auckland' } }, NOW)), null);
    const error = (() => {
      try {
        keyTimeColumns({ detected: { at: '2020-01-01T00:00:00Z', timeZone: 'UTC' } }, NOW);
      } catch (e) {
        return e as AppError;
      }
    })();
    assert.equal(error?.status, 400);
    assert.match(error?.message ?? '', /detected/);
  });

  it('refuses detection, notice or report before the incident occurred', () => {
    const occurred = '2019-04-29T00:00:00Z';
    for (const name of ['detected_at', 'noticed_at', 'reported_at'] as const) {
      assert.equal(code(() => assertKeyTimeOrder(times({ occurred_at: occurred, [name]: '2019-04-28T23:59:59Z' }))), 'incidents.time_order', name);
      assert.equal(code(() => assertKeyTimeOrder(times({ occurred_at: occurred, [name]: occurred }))), null, `${name} at the same instant`);
      assert.equal(code(() => assertKeyTimeOrder(times({ occurred_at: occurred, [name]: '2019-05-13T00:00:00Z' }))), null, name);
    }
  });

  it('compares instants, not the wall-clock times of their zones', () => {
    // 05:00 in Kolkata is 23:30 the evening before in UTC, so it precedes 01:00 UTC.
    const occurred = keyTimeColumns({ occurred: { at: '2019-04-29T01:00:00Z', timeZone: 'UTC' } }, NOW);
    const detected = keyTimeColumns({ detected: { at: '2019-04-29T05:00:00+05:30', timeZone: 'Asia/Kolkata' } }, NOW);
    assert.equal(code(() => assertKeyTimeOrder({ ...times({}), ...occurred, ...detected } as Parameters<typeof assertKeyTimeOrder>[0])), 'incidents.time_order');
  });

  it('checks nothing when the occurrence is unknown, and allows the other times in any order', () => {
    assert.equal(code(() => assertKeyTimeOrder(times({ detected_at: '2019-05-13T00:00:00Z', reported_at: '2019-05-01T00:00:00Z' }))), null);
    assert.equal(code(() => assertKeyTimeOrder(times({}))), null);
    // A third party may report an incident before its victim notices it.
    assert.equal(code(() => assertKeyTimeOrder(times({ occurred_at: '2019-04-29T00:00:00Z', noticed_at: '2019-05-13T00:00:00Z', reported_at: '2019-05-01T00:00:00Z' }))), null);
  });
});
