/** CERT teams: an incident may be owned by a team, whose members then see it. Admins manage them. */
import type { FastifyInstance } from 'fastify';
import type { Transaction } from 'kysely';
import { IdParams } from '#shared/contracts/common';
import { CreateTeamBody, Team, TeamList, UpdateTeamBody } from '#shared/contracts/incidents';
import type { DB } from '../../db/schema.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import { type UnitOfWorkDeps, inTransaction } from '../../db/unit-of-work.ts';
import { AppError, notFound } from '../../http/app-error.ts';
import { defineRoute } from '../../http/route.ts';
import { actorOf } from '../../access/principal.ts';

async function loadTeams(db: UnitOfWorkDeps['db'] | Transaction<DB>, id?: string) {
  let query = db.selectFrom('teams as t').leftJoin('team_members as m', 'm.team_id', 't.id').leftJoin('users as u', 'u.id', 'm.user_id')
    .select(['t.id', 't.name', 'u.id as user_id', 'u.name as user_name']).orderBy('t.name').orderBy('u.name');
  if (id) query = query.where('t.id', '=', id);
  const rows = await query.execute();
  const teams = new Map<string, { id: string; name: string; members: Array<{ id: string; name: string }> }>();
  for (const r of rows) {
    if (!teams.has(r.id)) teams.set(r.id, { id: r.id, name: r.name, members: [] });
    if (r.user_id) teams.get(r.id)?.members.push({ id: r.user_id, name: r.user_name ?? '' });
  }
  return [...teams.values()];
}

/** Only active CERT staff can be team members. */
async function setMembers(trx: Transaction<DB>, teamId: string, memberIds: string[]) {
  if (memberIds.length > 0) {
    const staff = await trx.selectFrom('users as u').innerJoin('organizations as o', 'o.id', 'u.organization_id').select('u.id')
      .where('u.id', 'in', memberIds).where('o.is_home', '=', true).where('u.disabled_at', 'is', null).execute();
    if (staff.length !== memberIds.length) throw new AppError('teams.invalid_member', 'Team members must be active CERT staff.');
  }
  await trx.deleteFrom('team_members').where('team_id', '=', teamId).execute();
  if (memberIds.length > 0) await trx.insertInto('team_members').values(memberIds.map((user_id) => ({ team_id: teamId, user_id }))).execute();
}

export function registerTeamsRoutes(app: FastifyInstance, deps: UnitOfWorkDeps & { clock: () => Date }) {
  const tags = ['Teams'];
  const nameTaken = (error: unknown) => {
    if (isUniqueViolation(error, 'teams_name_key')) throw new AppError('teams.already_exists', 'A team with this name exists already.');
    throw error;
  };

  defineRoute(app, {
    method: 'GET', url: '/teams', operationId: 'listTeams', tags, permission: 'teams.read',
    summary: 'CERT teams and their members.', response: { 200: TeamList },
    handler: async () => ({ items: await loadTeams(deps.db) }),
  });

  defineRoute(app, {
    method: 'POST', url: '/teams', operationId: 'createTeam', tags, permission: 'teams.manage',
    summary: 'Create a team.', body: CreateTeamBody, response: { 201: Team },
    handler: async (request, reply) => {
      const team = await inTransaction(deps, actorOf(request.principal, request), async (uow) => {
        const row = await uow.trx.insertInto('teams').values({ name: request.body.name.trim(), created_at: deps.clock() }).returning('id').executeTakeFirstOrThrow().catch(nameTaken);
        await setMembers(uow.trx, row.id, request.body.memberIds ?? []);
        uow.audit({ action: 'team.created', targetType: 'team', targetIds: [row.id], after: request.body });
        return (await loadTeams(uow.trx, row.id))[0];
      });
      return reply.status(201).send(team);
    },
  });

  defineRoute(app, {
    method: 'PATCH', url: '/teams/:id', operationId: 'updateTeam', tags, permission: 'teams.manage',
    summary: 'Rename a team or replace its members.', params: IdParams, body: UpdateTeamBody, response: { 200: Team },
    handler: async (request) =>
      inTransaction(deps, actorOf(request.principal, request), async (uow) => {
        const [before] = await loadTeams(uow.trx, request.params.id);
        if (!before) throw notFound('teams', 'The team');
        if (request.body.name) await uow.trx.updateTable('teams').set({ name: request.body.name.trim() }).where('id', '=', before.id).execute().catch(nameTaken);
        if (request.body.memberIds) await setMembers(uow.trx, before.id, request.body.memberIds);
        const [after] = await loadTeams(uow.trx, before.id);
        uow.audit({ action: 'team.updated', targetType: 'team', targetIds: [before.id], before, after });
        return after;
      }),
  });
}
