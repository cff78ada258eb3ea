/** Staff given access to one incident (read or write). Outside organizations never see this list. */
import type { FastifyInstance } from 'fastify';
import type { Transaction } from 'kysely';
import { IdParams } from '#shared/contracts/common';
import { IncidentMember, IncidentMemberList, MemberParams, SetMemberBody } from '#shared/contracts/incidents';
import type { DB } from '../../db/schema.ts';
import { type UnitOfWorkDeps, inTransaction } from '../../db/unit-of-work.ts';
import { AppError, notFound } from '../../http/app-error.ts';
import { defineRoute } from '../../http/route.ts';
import { type Principal, actorOf, principalOf } from '../../access/principal.ts';
import { findIncident } from './incidents.repository.ts';
import { incidentScope } from './incidents.scope.ts';
import { findWritableIncident } from './writable-incident.ts';

function membersQuery(db: UnitOfWorkDeps['db'] | Transaction<DB>, incidentId: string) {
  return db.selectFrom('incident_members as m').innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.name', 'u.email', 'u.role', 'm.access', 'm.added_at']).where('m.incident_id', '=', incidentId);
}

const view = (r: { id: string; name: string; email: string; role: string; access: 'read' | 'write'; added_at: Date }) =>
  ({ user: { id: r.id, name: r.name, email: r.email, role: r.role }, access: r.access, addedAt: r.added_at.toISOString() });

export function registerIncidentMembersRoutes(app: FastifyInstance, deps: UnitOfWorkDeps & { clock: () => Date }) {
  const tags = ['Incidents'];
  const me = principalOf;

  // Outside organizations never write an incident, so the write check also keeps them out.
  const writable = (trx: Transaction<DB>, principal: Principal, id: string) => findWritableIncident(trx, principal, id);

  defineRoute(app, {
    method: 'GET', url: '/incidents/:id/members', operationId: 'listIncidentMembers', tags, permission: 'incidents.read',
    summary: 'CERT staff given access to the incident.', params: IdParams, response: { 200: IncidentMemberList },
    handler: async (request) => {
      const principal = me(request);
      if (!principal.isStaff || !(await findIncident(deps.db, incidentScope(principal), request.params.id))) throw notFound('incidents', 'The incident');
      return { items: (await membersQuery(deps.db, request.params.id).orderBy('u.name').execute()).map(view) };
    },
  });

  defineRoute(app, {
    method: 'PUT', url: '/incidents/:id/members/:userId', operationId: 'setIncidentMember', tags, permission: 'incidents.write',
    summary: 'Give a CERT staff member read or write access to the incident.', params: MemberParams, body: SetMemberBody, response: { 200: IncidentMember },
    handler: async (request) =>
      inTransaction(deps, actorOf(request.principal, request), async (uow) => {
        const { id, userId } = request.params;
        await writable(uow.trx, me(request), id);
        const user = await uow.trx.selectFrom('users as u').innerJoin('organizations as o', 'o.id', 'u.organization_id')
          .select(['u.role', 'o.is_home', 'u.disabled_at']).where('u.id', '=', userId).executeTakeFirst();
        if (!user?.is_home || user.disabled_at) throw new AppError('incidents.invalid_member', 'Only active CERT staff can be given access to an incident.');
        const access = user.role === 'viewer' || user.role === 'auditor' ? 'read' : request.body.access;
        await uow.trx.insertInto('incident_members').values({ incident_id: id, user_id: userId, access, added_by: me(request).userId, added_at: deps.clock() })
          .onConflict((oc) => oc.columns(['incident_id', 'user_id']).doUpdateSet({ access })).execute();
        uow.audit({ action: 'incident.member_set', targetType: 'incident', targetIds: [id, userId], after: { access } });
        return view(await membersQuery(uow.trx, id).where('u.id', '=', userId).executeTakeFirstOrThrow());
      }),
  });

  defineRoute(app, {
    method: 'DELETE', url: '/incidents/:id/members/:userId', operationId: 'removeIncidentMember', tags, permission: 'incidents.write',
    summary: 'Take away a staff member\'s access to the incident.', params: MemberParams, response: { 204: null },
    handler: async (request, reply) => {
      await inTransaction(deps, actorOf(request.principal, request), async (uow) => {
        const { id, userId } = request.params;
        await writable(uow.trx, me(request), id);
        const removed = await uow.trx.deleteFrom('incident_members').where('incident_id', '=', id).where('user_id', '=', userId).returning('access').executeTakeFirst();
        if (!removed) throw notFound('incidents', 'The member');
        uow.audit({ action: 'incident.member_removed', targetType: 'incident', targetIds: [id, userId], before: removed });
      });
      return reply.status(204).send();
    },
  });
}
