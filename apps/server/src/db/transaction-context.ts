/**
 * Marks the code running inside `inTransaction`. On the embedded database a query sent
 * to `db` instead of `uow.trx` from inside a transaction would wait forever for the
 * session the transaction holds; the PGlite driver uses this mark to fail fast instead.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export const transactionContext = new AsyncLocalStorage<true>();
