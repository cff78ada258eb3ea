/** The chronology of an incident: entries, corrections with history, conflicts, export. */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { IdParams } from '#shared/contracts/common';
import {
  AddTimelineEntryBody, Conflict, EntryParams, ExportTimelineQuery, ListTimelineQuery, MarkConflictBody, TimelineEntry, TimelinePage,
  TimelineRevisionList, UpdateTimelineEntryBody,
} from '#shared/contracts/timeline';
import { actorOf, principalOf } from '../../access/principal.ts';
import { defineRoute } from '../../http/route.ts';
import type { createTimelineExport } from './timeline-export.ts';
import type { TimelineService } from './timeline.service.ts';

export function registerTimelineRoutes(app: FastifyInstance, deps: { timeline: TimelineService; exportTimeline: ReturnType<typeof createTimelineExport> }) {
  const { timeline } = deps;
  const tags = ['Chronology'];
  const me = principalOf;

  defineRoute(app, {
    method: 'GET', url: '/incidents/:id/timeline', operationId: 'listTimeline', tags, permission: 'incidents.read',
    summary: 'The chronology in date order, with conflicts (outside organizations: only entries shared with them).',
    params: IdParams, querystring: ListTimelineQuery, response: { 200: TimelinePage },
    handler: async (request) => timeline.list(me(request), request.params.id, request.query),
  });

  defineRoute(app, {
    method: 'POST', url: '/incidents/:id/timeline', operationId: 'addTimelineEntry', tags, permission: 'incidents.write',
    summary: 'Add a dated event with its source.', params: IdParams, body: AddTimelineEntryBody, response: { 201: TimelineEntry },
    handler: async (request, reply) => reply.status(201).send(await timeline.add(me(request), actorOf(request.principal, request), request.params.id, request.body)),
  });

  defineRoute(app, {
    method: 'PATCH', url: '/incidents/:id/timeline/:entryId', operationId: 'updateTimelineEntry', tags, permission: 'incidents.write',
    summary: 'Correct an entry; the earlier text is kept as a revision with the reason.', params: EntryParams, body: UpdateTimelineEntryBody, response: { 200: TimelineEntry },
    handler: async (request) => timeline.correct(me(request), actorOf(request.principal, request), request.params.id, request.params.entryId, request.body),
  });

  defineRoute(app, {
    method: 'GET', url: '/incidents/:id/timeline/:entryId/revisions', operationId: 'listTimelineRevisions', tags, permission: 'incidents.read',
    summary: 'Earlier texts of a corrected entry, newest first.', params: EntryParams, response: { 200: TimelineRevisionList },
    handler: async (request) => timeline.revisions(me(request), request.params.id, request.params.entryId),
  });

  defineRoute(app, {
    method: 'POST', url: '/incidents/:id/timeline/conflicts', operationId: 'markConflict', tags, permission: 'incidents.write',
    summary: 'Mark two entries about the same event as disagreeing.', params: IdParams, body: MarkConflictBody, response: { 201: Conflict },
    handler: async (request, reply) => reply.status(201).send(await timeline.markConflict(me(request), actorOf(request.principal, request), request.params.id, request.body)),
  });

  defineRoute(app, {
    method: 'GET', url: '/incidents/:id/timeline/export', operationId: 'exportTimeline', tags, permission: 'incidents.read',
    summary: 'The chronology as CSV or Markdown, with sources, limited to what the caller may see (audited).',
    params: IdParams, querystring: ExportTimelineQuery, response: { 200: Type.String() },
    handler: async (request, reply) => {
      const file = await deps.exportTimeline(me(request), actorOf(request.principal, request), request.params.id, request.query);
      return reply.type(file.contentType).header('content-disposition', `attachment; filename="${file.filename}"`).send(file.body);
    },
  });
}
