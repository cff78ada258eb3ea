/**
 * Notices (docs/modules/notices.md): the routes of the whole module, registered from one
 * place. This file holds the notices themselves: list, create, read (a recipient's first
 * read acknowledges), edit, approve, issue, withdraw, close, the PDF and the due-time
 * preview; the other route files hold responses, review and the catalogue.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { MailDelivery } from '#shared/contracts/mail';
import {
  CreateNoticeBody, DuePreview, DuePreviewBody, IncidentNoticeParams, ListNoticesQuery, Notice, NoticePage, NoticeParams, UpdateNoticeBody,
  VersionBody, WithdrawNoticeBody,
} from '#shared/contracts/notices';
import { actorOf, principalOf } from '../../access/principal.ts';
import type { Config } from '../../config/config.ts';
import type { UnitOfWorkDeps } from '../../db/unit-of-work.ts';
import { defineRoute } from '../../http/route.ts';
import { registerLegalBasesRoutes } from './legal-bases.routes.ts';
import { createLegalBasesService } from './legal-bases.service.ts';
import { createNoticeLifecycleService } from './notice-lifecycle.service.ts';
import { registerNoticeResponsesRoutes } from './notice-responses.routes.ts';
import { createNoticeResponsesService } from './notice-responses.service.ts';
import { registerNoticeReviewRoutes } from './notice-review.routes.ts';
import { createNoticeReviewService } from './notice-review.service.ts';
import { createNoticesService } from './notices.service.ts';

export function registerNoticesModule(app: FastifyInstance, deps: UnitOfWorkDeps & { clock: () => Date; config: Config }) {
  const notices = createNoticesService(deps);
  const withNotices = { ...deps, notices };
  registerNoticesRoutes(app, { notices, lifecycle: createNoticeLifecycleService(withNotices) });
  registerNoticeResponsesRoutes(app, { responses: createNoticeResponsesService(withNotices), config: deps.config });
  registerNoticeReviewRoutes(app, { review: createNoticeReviewService(withNotices), db: deps.db, clock: deps.clock });
  registerLegalBasesRoutes(app, { legalBases: createLegalBasesService(deps) });
}

function registerNoticesRoutes(
  app: FastifyInstance,
  { notices, lifecycle }: { notices: ReturnType<typeof createNoticesService>; lifecycle: ReturnType<typeof createNoticeLifecycleService> },
) {
  const tags = ['Notices'];
  const me = principalOf;

  defineRoute(app, {
    method: 'GET', url: '/notices', operationId: 'listNotices', tags, permission: 'notices.read',
    summary: 'Notices in the caller\'s scope, latest due time first (an organization: those issued to it); keyset cursor.',
    querystring: ListNoticesQuery, response: { 200: NoticePage },
    handler: async (request) => notices.list(me(request), request.query),
  });

  defineRoute(app, {
    method: 'POST', url: '/incidents/:id/notices', operationId: 'createNotice', tags, permission: 'notices.write',
    summary: 'Draft a notice to an organization taking part in the incident.', params: IncidentNoticeParams, body: CreateNoticeBody, response: { 201: Notice },
    handler: async (request, reply) => reply.status(201).send(await notices.create(me(request), actorOf(request.principal, request), request.params.id, request.body)),
  });

  defineRoute(app, {
    method: 'GET', url: '/notices/:noticeId', operationId: 'getNotice', tags, permission: 'notices.read',
    summary: 'One notice with its questions, answers, assessments, extensions and clarification chain; a recipient\'s first read acknowledges it.',
    params: NoticeParams, response: { 200: Notice },
    handler: async (request) => notices.get(me(request), actorOf(request.principal, request), request.params.noticeId),
  });

  defineRoute(app, {
    method: 'PATCH', url: '/notices/:noticeId', operationId: 'updateNotice', tags, permission: 'notices.write',
    summary: 'Change a draft (optimistic locking on `version`); changing an approved notice returns it to draft.',
    params: NoticeParams, body: UpdateNoticeBody, response: { 200: Notice },
    handler: async (request) => notices.update(me(request), actorOf(request.principal, request), request.params.noticeId, request.body),
  });

  defineRoute(app, {
    method: 'POST', url: '/notices/:noticeId/approve', operationId: 'approveNotice', tags, permission: 'notices.approve',
    summary: 'Approve a draft: by a coordinator or administrator who neither wrote it nor edited it last.',
    params: NoticeParams, body: VersionBody, response: { 200: Notice },
    handler: async (request) => lifecycle.approve(me(request), actorOf(request.principal, request), request.params.noticeId, request.body.version),
  });

  defineRoute(app, {
    method: 'POST', url: '/notices/:noticeId/issue', operationId: 'issueNotice', tags, permission: 'notices.approve',
    summary: 'Issue an approved notice: it takes its reference and due time, its text is frozen and its PDF is made.',
    params: NoticeParams, body: VersionBody, response: { 200: Notice },
    handler: async (request) => lifecycle.issue(me(request), actorOf(request.principal, request), request.params.noticeId, request.body.version),
  });

  defineRoute(app, {
    method: 'POST', url: '/notices/:noticeId/withdraw', operationId: 'withdrawNotice', tags, permission: 'notices.approve',
    summary: 'Withdraw a notice that is not closed, with a reason.', params: NoticeParams, body: WithdrawNoticeBody, response: { 200: Notice },
    handler: async (request) => lifecycle.withdraw(me(request), actorOf(request.principal, request), request.params.noticeId, request.body.version, request.body.reason),
  });

  defineRoute(app, {
    method: 'POST', url: '/notices/:noticeId/close', operationId: 'closeNotice', tags, permission: 'notices.approve',
    summary: 'Close a responded notice.', params: NoticeParams, body: VersionBody, response: { 200: Notice },
    handler: async (request) => lifecycle.close(me(request), actorOf(request.principal, request), request.params.noticeId, request.body.version),
  });

  defineRoute(app, {
    method: 'GET', url: '/notices/:noticeId/pdf', operationId: 'getNoticePdf', tags, permission: 'notices.read',
    summary: 'The PDF of the notice as issued, byte for byte as stored.', params: NoticeParams,
    response: { 200: Type.String({ description: 'application/pdf' }) },
    handler: async (request, reply) => {
      const file = await notices.pdf(me(request), request.params.noticeId);
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${file.filename}"`).send(file.bytes);
    },
  });

  defineRoute(app, {
    method: 'GET', url: '/notices/:noticeId/mail', operationId: 'listNoticeMail', tags, permission: 'notices.read',
    summary: 'The mail sent about the notice and how each message fared (sent, failed with its error, refused addresses). Staff only.',
    params: NoticeParams, response: { 200: Type.Object({ items: Type.Array(MailDelivery) }) },
    handler: async (request) => ({ items: await notices.mail(me(request), request.params.noticeId) }),
  });

  defineRoute(app, {
    method: 'POST', url: '/notices/due-preview', operationId: 'previewNoticeDue', tags, permission: 'notices.write',
    summary: 'The due time a notice would get if issued at `from` (default now), with its zone named.',
    body: DuePreviewBody, response: { 200: DuePreview },
    handler: async (request) => notices.previewDue(me(request), request.body),
  });
}
