/** The organizations taking part in an incident. */
import type { FastifyInstance } from 'fastify';
import { IdParams } from '#shared/contracts/common';
import { AddParticipantBody, Participant, ParticipantList, ParticipantParams, UpdateParticipantBody } from '#shared/contracts/incidents';
import { actorOf, principalOf } from '../../access/principal.ts';
import { defineRoute } from '../../http/route.ts';
import type { ParticipantsService } from './participants.service.ts';

export function registerParticipantsRoutes(app: FastifyInstance, { participants }: { participants: ParticipantsService }) {
  const tags = ['Participants'];
  const me = principalOf;

  defineRoute(app, {
    method: 'GET', url: '/incidents/:id/participants', operationId: 'listParticipants', tags, permission: 'incidents.read',
    summary: 'Organizations taking part (an outside organization sees only its own participation).', params: IdParams, response: { 200: ParticipantList },
    handler: async (request) => participants.list(me(request), request.params.id),
  });

  defineRoute(app, {
    method: 'POST', url: '/incidents/:id/participants', operationId: 'addParticipant', tags, permission: 'incidents.write',
    summary: 'Add an organization to the incident in a role.', params: IdParams, body: AddParticipantBody, response: { 201: Participant },
    handler: async (request, reply) => reply.status(201).send(await participants.add(me(request), actorOf(request.principal, request), request.params.id, request.body)),
  });

  defineRoute(app, {
    method: 'PATCH', url: '/incidents/:id/participants/:participantId', operationId: 'updateParticipant', tags, permission: 'incidents.write',
    summary: 'Change a participant\'s role, note or notification time.', params: ParticipantParams, body: UpdateParticipantBody, response: { 200: Participant },
    handler: async (request) => participants.update(me(request), actorOf(request.principal, request), request.params.id, request.params.participantId, request.body),
  });

  defineRoute(app, {
    method: 'DELETE', url: '/incidents/:id/participants/:participantId', operationId: 'removeParticipant', tags, permission: 'incidents.write',
    summary: 'Remove an organization from the incident; its users lose access at once.', params: ParticipantParams, response: { 204: null },
    handler: async (request, reply) => {
      await participants.remove(me(request), actorOf(request.principal, request), request.params.id, request.params.participantId);
      return reply.status(204).send();
    },
  });
}
