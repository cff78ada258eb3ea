import { Type } from '@sinclair/typebox';
import { NullableTimestamp, Strict, Timestamp } from './common.ts';

export const FailedJob = Type.Object({
  id: Type.String(),
  name: Type.String(),
  retryCount: Type.Integer(),
  retryLimit: Type.Integer(),
  createdAt: Timestamp,
  failedAt: NullableTimestamp,
  error: Type.Union([Type.String(), Type.Null()]),
});
export const FailedJobList = Type.Object({ items: Type.Array(FailedJob) });
export const RetryJobParams = Strict({ name: Type.String({ pattern: '^[a-z][a-z0-9_.-]{2,99}$', maxLength: 100 }), id: Type.String({ format: 'uuid', maxLength: 36 }) });
