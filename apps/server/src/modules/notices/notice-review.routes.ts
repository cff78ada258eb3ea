/** Assessments, clarifications, extensions, escalation and an organization's compliance record. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import {
  AssessAnswerBody, Assessment, DecideExtensionBody, EscalateNoticeBody, Extension, ExtensionParams, Notice, NoticeParams,
  OrganizationCompliance, OrganizationComplianceParams, QuestionParams, RequestExtensionBody,
} from '#shared/contracts/notices';
import { actorOf, principalOf } from '../../access/principal.ts';
import type { DB } from '../../db/schema.ts';
import { defineRoute } from '../../http/route.ts';
import { organizationCompliance } from './notice-compliance.ts';
import type { NoticeReviewService } from './notice-review.service.ts';

export function registerNoticeReviewRoutes(app: FastifyInstance, deps: { review: NoticeReviewService; db: Kysely<DB>; clock: () => Date }) {
  const { review } = deps;
  const tags = ['Notices'];
  const me = principalOf;
  const actor = (request: FastifyRequest) => actorOf(request.principal, request);

  defineRoute(app, {
    method: 'POST', url: '/notices/:noticeId/questions/:questionId/assessments', operationId: 'assessAnswer', tags, permission: 'notices.write',
    summary: 'Assess a submitted answer (answered, partial, refused, needs clarification); earlier assessments are kept, the latest counts.',
    params: QuestionParams, body: AssessAnswerBody, response: { 201: Assessment },
    handler: async (request, reply) => reply.status(201).send(await review.assess(me(request), actor(request), request.params.noticeId, request.params.questionId, request.body)),
  });

  defineRoute(app, {
    method: 'POST', url: '/notices/:noticeId/clarifications', operationId: 'createClarification', tags, permission: 'notices.write',
    summary: 'Draft a clarification notice asking again the questions whose answers were assessed partial or needing clarification.',
    params: NoticeParams, response: { 201: Notice },
    handler: async (request, reply) => reply.status(201).send(await review.clarify(me(request), actor(request), request.params.noticeId)),
  });

  defineRoute(app, {
    method: 'POST', url: '/notices/:noticeId/extensions', operationId: 'requestExtension', tags, permission: 'notices.respond',
    summary: 'Ask for more time, with a reason and the due time asked for; one request may wait at a time.',
    params: NoticeParams, body: RequestExtensionBody, response: { 201: Extension },
    handler: async (request, reply) => reply.status(201).send(await review.requestExtension(me(request), actor(request), request.params.noticeId, request.body)),
  });

  defineRoute(app, {
    method: 'POST', url: '/extensions/:extensionId/decision', operationId: 'decideExtension', tags, permission: 'notices.approve',
    summary: 'Grant (the notice\'s due time moves; the previous one is kept) or refuse a request for more time, with a note.',
    params: ExtensionParams, body: DecideExtensionBody, response: { 200: Extension },
    handler: async (request) => review.decideExtension(me(request), actor(request), request.params.extensionId, request.body),
  });

  defineRoute(app, {
    method: 'POST', url: '/notices/:noticeId/escalate', operationId: 'escalateNotice', tags, permission: 'notices.approve',
    summary: 'Record non-compliance of an overdue notice, or of one with a refused answer, under the penalty provision.',
    params: NoticeParams, body: EscalateNoticeBody, bodyOptional: true, response: { 200: Notice },
    handler: async (request) => review.escalate(me(request), actor(request), request.params.noticeId, request.body),
  });

  defineRoute(app, {
    method: 'GET', url: '/organizations/:id/compliance', operationId: 'getOrganizationCompliance', tags, permission: 'notices.read',
    summary: 'How an organization has answered the notices issued to it (staff: any; an organization: its own).',
    params: OrganizationComplianceParams, response: { 200: OrganizationCompliance },
    handler: async (request) => organizationCompliance(deps.db, me(request), request.params.id, deps.clock()),
  });
}
