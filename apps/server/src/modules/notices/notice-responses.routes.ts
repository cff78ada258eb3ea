/**
 * The organization's response: the draft, the submission, and attachments. An upload is
 * the raw file as the request body with its own Content-Type and the file name in the
 * query, so it gets its own scope in which any content type is read as bytes, up to
 * `notices.attachmentMaxBytes`; everywhere else only JSON is accepted.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import {
  Attachment, AttachmentParams, Notice, NoticeParams, QuestionParams, SaveResponseBody, SubmitResponseBody, UploadAttachmentQuery,
} from '#shared/contracts/notices';
import { actorOf, principalOf } from '../../access/principal.ts';
import type { Config } from '../../config/config.ts';
import { defineRoute } from '../../http/route.ts';
import type { NoticeResponsesService } from './notice-responses.service.ts';

/** RFC 6266: an ASCII fallback name and the exact name in UTF-8. */
function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

export function registerNoticeResponsesRoutes(app: FastifyInstance, { responses, config }: { responses: NoticeResponsesService; config: Config }) {
  const tags = ['Notice responses'];
  const me = principalOf;

  defineRoute(app, {
    method: 'PUT', url: '/notices/:noticeId/response', operationId: 'saveResponseDraft', tags, permission: 'notices.respond',
    summary: 'Save answers to the draft response (each given answer replaces that question\'s; `version` 0 for the first save).',
    params: NoticeParams, body: SaveResponseBody, response: { 200: Notice },
    handler: async (request) => responses.saveDraft(me(request), actorOf(request.principal, request), request.params.noticeId, request.body),
  });

  defineRoute(app, {
    method: 'POST', url: '/notices/:noticeId/response/submit', operationId: 'submitResponse', tags, permission: 'notices.respond',
    summary: 'Submit the response, once: every question answered, and an attachment where a question needs one.',
    params: NoticeParams, body: SubmitResponseBody, response: { 200: Notice },
    handler: async (request) => responses.submit(me(request), actorOf(request.principal, request), request.params.noticeId, request.body.version),
  });

  app.register(async (uploads) => {
    uploads.removeAllContentTypeParsers();
    uploads.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: config.notices.attachmentMaxBytes }, (_request, body, done) => done(null, body));
    defineRoute(uploads, {
      method: 'POST', url: '/notices/:noticeId/questions/:questionId/attachments', operationId: 'uploadAttachment', tags, permission: 'notices.respond',
      summary: 'Attach a file to the draft answer of a question: the file is the body, with its own Content-Type; the name is in `filename`. '
        + 'PDF, PNG, JPEG, text, CSV, ZIP, .docx or .xlsx, checked on the bytes.',
      params: QuestionParams, querystring: UploadAttachmentQuery, response: { 201: Attachment },
      handler: async (request, reply) => {
        const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const attachment = await responses.upload(me(request), actorOf(request.principal, request), request.params.noticeId, request.params.questionId, {
          filename: request.query.filename, contentType: request.headers['content-type'], bytes,
        });
        return reply.status(201).send(attachment);
      },
    });
  });

  defineRoute(app, {
    method: 'GET', url: '/attachments/:attachmentId', operationId: 'getAttachment', tags, permission: 'notices.read',
    summary: 'Download an attachment (audited): staff who read the incident once the response is submitted, and the organization\'s own users.',
    params: AttachmentParams, response: { 200: Type.String({ description: 'The file, with its stored content type.' }) },
    handler: async (request, reply) => {
      const file = await responses.download(me(request), actorOf(request.principal, request), request.params.attachmentId);
      // Text attachments were checked to be UTF-8 on upload; say so rather than leave the reader to guess.
      const type = file.contentType.startsWith('text/') ? `${file.contentType}; charset=utf-8` : file.contentType;
      return reply.type(type).header('content-disposition', contentDisposition(file.filename)).header('x-content-sha256', file.sha256).send(file.bytes);
    },
  });

  defineRoute(app, {
    method: 'DELETE', url: '/attachments/:attachmentId', operationId: 'deleteAttachment', tags, permission: 'notices.respond',
    summary: 'Remove an attachment from a draft response.', params: AttachmentParams, response: { 204: null },
    handler: async (request, reply) => {
      await responses.remove(me(request), actorOf(request.principal, request), request.params.attachmentId);
      return reply.status(204).send();
    },
  });
}
