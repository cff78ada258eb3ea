/** The affected-persons register's routes (docs/modules/affected-persons.md); the rules are in the service. */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import {
  AddAffectedPersonBody,
  AffectedCounts,
  AffectedPersonCategoryList,
  AffectedPersonList,
  ExportBody,
  GrantBody,
  GrantParams,
  ImportBody,
  ImportReport,
  ListAffectedPersonsQuery,
  LookupBody,
  LookupResult,
  MaskedPerson,
  PersonParams,
  RegisterGrant,
  RegisterGrantList,
  RegisterSettings,
  RevealBody,
  RevealResult,
  SuppliedPersonList,
  UpdateAffectedPersonBody,
  UpdateRegisterSettingsBody,
} from '#shared/contracts/affected-persons';
import { IdParams } from '#shared/contracts/common';
import { actorOf, principalOf } from '../../access/principal.ts';
import { AppError } from '../../http/app-error.ts';
import { defineRoute } from '../../http/route.ts';
import { listCategories } from './affected-persons.repository.ts';
import { createAffectedPersonsService, type RegisterDeps } from './affected-persons.service.ts';
import { exportPersons } from './register-export.ts';
import { createRegisterGrantsService } from './register-grants.service.ts';
import { importPersons } from './register-import.ts';
import { getRegisterSettings, updateRegisterSettings } from './register-retention.ts';

export function registerAffectedPersonsRoutes(app: FastifyInstance, deps: RegisterDeps) {
  const register = createAffectedPersonsService(deps);
  const grants = createRegisterGrantsService(deps);
  const tags = ['Affected persons'];
  const me = principalOf;
  const actor = (request: Parameters<typeof principalOf>[0] & { id: unknown; ip: string }) => actorOf(request.principal, request);

  defineRoute(app, {
    method: 'GET',
    url: '/incidents/:id/affected-persons/counts',
    operationId: 'getAffectedCounts',
    tags,
    permission: 'register.counts',
    summary:
      'Persons in the register per country, category, how affected and notification state — no identities — and the difference from the counts the incident states.',
    params: IdParams,
    response: { 200: AffectedCounts },
    handler: async (request) => register.counts(me(request), request.params.id),
  });

  defineRoute(app, {
    method: 'GET',
    url: '/incidents/:id/affected-persons',
    operationId: 'listAffectedPersons',
    tags,
    permission: 'register.read',
    summary:
      'The register, masked: numbers, countries, categories, sources and notification states; never a name or identifier. Needs a live grant.',
    params: IdParams,
    querystring: ListAffectedPersonsQuery,
    response: { 200: AffectedPersonList },
    handler: async (request) => register.list(me(request), actor(request), request.params.id, request.query),
  });

  defineRoute(app, {
    method: 'POST',
    url: '/incidents/:id/affected-persons/reveal',
    operationId: 'revealAffectedPersons',
    tags,
    permission: 'register.read',
    summary:
      'The identities of up to 200 persons, for a stated purpose; the read is audited with the purpose and the persons. Needs a live grant.',
    params: IdParams,
    body: RevealBody,
    response: { 200: RevealResult },
    handler: async (request) => register.reveal(me(request), actor(request), request.params.id, request.body),
  });

  defineRoute(app, {
    method: 'POST',
    url: '/incidents/:id/affected-persons',
    operationId: 'addAffectedPerson',
    tags,
    permission: 'register.write',
    summary:
      "Add a person; names, identifiers and notes are sealed under the incident's key, identifiers checked (E.164 phone numbers) and looked up for duplicates.",
    params: IdParams,
    body: AddAffectedPersonBody,
    response: { 201: MaskedPerson },
    handler: async (request, reply) =>
      reply.status(201).send(await register.add(me(request), actor(request), request.params.id, request.body)),
  });

  defineRoute(app, {
    method: 'PATCH',
    url: '/incidents/:id/affected-persons/:personId',
    operationId: 'updateAffectedPerson',
    tags,
    permission: 'register.write',
    summary:
      'Change an entry (its identity, category, or notification: notified on a date by a channel, could not reach, declined help). Optimistic locking on version.',
    params: PersonParams,
    body: UpdateAffectedPersonBody,
    response: { 200: MaskedPerson },
    handler: async (request) => register.update(me(request), actor(request), request.params.id, request.params.personId, request.body),
  });

  defineRoute(app, {
    method: 'POST',
    url: '/affected-persons/lookup',
    operationId: 'lookupIdentifier',
    tags,
    permission: 'register.read',
    summary:
      'Has this phone number, e-mail address or account been targeted before, in any incident? Compared by keyed digest; incidents you hold no grant for are counted, not named.',
    body: LookupBody,
    response: { 200: LookupResult },
    handler: async (request) => register.lookup(me(request), actor(request), request.body),
  });

  defineRoute(app, {
    method: 'GET',
    url: '/incidents/:id/register-grants',
    operationId: 'listRegisterGrants',
    tags,
    permission: 'register.read',
    summary: 'Who may read the register and until when (granters see every grant; others their own).',
    params: IdParams,
    response: { 200: RegisterGrantList },
    handler: async (request) => grants.list(me(request), request.params.id),
  });

  defineRoute(app, {
    method: 'POST',
    url: '/incidents/:id/register-grants',
    operationId: 'grantRegisterAccess',
    tags,
    permission: 'register.grant',
    summary: 'Grant a staff member need-to-know access to the register until a date (at most a year); replaces their live grant.',
    params: IdParams,
    body: GrantBody,
    response: { 201: RegisterGrant },
    handler: async (request, reply) =>
      reply.status(201).send(await grants.grant(me(request), actor(request), request.params.id, request.body)),
  });

  defineRoute(app, {
    method: 'DELETE',
    url: '/incidents/:id/register-grants/:grantId',
    operationId: 'revokeRegisterAccess',
    tags,
    permission: 'register.grant',
    summary: 'Revoke a grant now.',
    params: GrantParams,
    response: { 204: null },
    handler: async (request, reply) => {
      await grants.revoke(me(request), actor(request), request.params.id, request.params.grantId);
      return reply.status(204).send();
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/incidents/:id/affected-persons/supplied',
    operationId: 'listSuppliedPersons',
    tags,
    permission: 'register.supplied',
    summary: 'For the organization that supplied entries: its own references and whether each person has been notified. No names.',
    params: IdParams,
    response: { 200: SuppliedPersonList },
    handler: async (request) => register.supplied(me(request), request.params.id),
  });

  defineRoute(app, {
    method: 'POST',
    url: '/incidents/:id/affected-persons/imports',
    operationId: 'importAffectedPersons',
    tags,
    permission: 'register.write',
    summary:
      'Import a list (CSV text, a column mapping): dryRun true answers the validation report; false commits every row in one transaction, or nothing (422 with the report). With Accept: application/x-ndjson the answer streams progress lines, then the result.',
    params: IdParams,
    body: ImportBody,
    bodyLimit: 48 * 1024 * 1024,
    response: { 200: ImportReport },
    handler: async (request, reply) => {
      const run = (onProgress?: Parameters<typeof importPersons>[5]) =>
        importPersons(deps, me(request), actor(request), request.params.id, request.body, onProgress);
      if (!/application\/x-ndjson/.test(request.headers.accept ?? '')) return run();
      // Progress for a large file: one JSON line per step, then the result (or the error) as the last line.
      reply.hijack();
      reply.raw.writeHead(200, {
        'content-type': 'application/x-ndjson; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      const line = (value: unknown) => reply.raw.write(`${JSON.stringify(value)}\n`);
      try {
        const report = await run((progress) => line({ type: 'progress', ...progress }));
        line({ type: 'result', report });
      } catch (error) {
        if (error instanceof AppError)
          line({ type: 'error', error: { code: error.code, message: error.message, details: error.options.details ?? null } });
        else {
          request.log.error({ err: error }, 'import failed');
          line({
            type: 'error',
            error: {
              code: 'server.internal',
              message: 'Something went wrong on our side; nothing was imported. The request id identifies it in the logs.',
              requestId: String(request.id),
            },
          });
        }
      }
      reply.raw.end();
      return reply;
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: '/incidents/:id/affected-persons/export',
    operationId: 'exportAffectedPersons',
    tags,
    permission: 'register.read',
    summary:
      'The register with its identities as CSV, for notification work, for a stated purpose (audited with the persons exported). Needs a live grant.',
    params: IdParams,
    body: ExportBody,
    response: { 200: Type.String() },
    handler: async (request, reply) => {
      const file = await exportPersons(deps, me(request), actor(request), request.params.id, request.body);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .header('cache-control', 'no-store')
        .send(file.body);
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/incidents/:id/affected-persons/settings',
    operationId: 'getRegisterSettings',
    tags,
    permission: 'register.counts',
    summary: "The register's retention date (identities erased from it, counts kept) and legal hold.",
    params: IdParams,
    response: { 200: RegisterSettings },
    handler: async (request) => getRegisterSettings(deps, me(request), request.params.id),
  });

  defineRoute(app, {
    method: 'PATCH',
    url: '/incidents/:id/affected-persons/settings',
    operationId: 'updateRegisterSettings',
    tags,
    permission: 'register.grant',
    summary: 'Set the date from which identities are erased, or put the register on legal hold (with a reason).',
    params: IdParams,
    body: UpdateRegisterSettingsBody,
    response: { 200: RegisterSettings },
    handler: async (request) => updateRegisterSettings(deps, me(request), actor(request), request.params.id, request.body),
  });

  defineRoute(app, {
    method: 'GET',
    url: '/affected-person-categories',
    operationId: 'listAffectedPersonCategories',
    tags,
    permission: 'register.counts',
    summary:
      'The categories a person in the register can be given (journalist, lawyer, …), in their order; retired ones are marked inactive.',
    response: { 200: AffectedPersonCategoryList },
    handler: async () => ({ items: await listCategories(deps.db) }),
  });
}
