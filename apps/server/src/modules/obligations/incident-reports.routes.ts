/** Incident reports: filed by organizations (portal or API token), read and reviewed by staff (docs/modules/obligations.md). */
import type { FastifyInstance } from 'fastify';
import {
  IncidentReport, IncidentReportList, ListIncidentReportsQuery, ReportParams, ReportVersionParams, ReviewIncidentReportBody, SubmitIncidentReportBody,
  SubmittedIncidentReport,
} from '#shared/contracts/incident-reports';
import { actorOf, principalOf } from '../../access/principal.ts';
import type { UnitOfWorkDeps } from '../../db/unit-of-work.ts';
import { defineRoute } from '../../http/route.ts';
import { createIncidentReportsService } from './incident-reports.service.ts';

export function registerIncidentReportsRoutes(app: FastifyInstance, deps: UnitOfWorkDeps & { clock: () => Date }) {
  const reports = createIncidentReportsService(deps);
  const tags = ['Incident reports'];
  const me = principalOf;

  defineRoute(app, {
    method: 'POST', url: '/incident-reports', operationId: 'submitIncidentReport', tags, permission: 'reports.submit',
    summary: 'File or revise the report a rule asks of your organization; idempotent on your reference. 201 for a new report, 200 for a new version or the same answers again.',
    body: SubmitIncidentReportBody, response: { 200: SubmittedIncidentReport, 201: SubmittedIncidentReport },
    handler: async (request, reply) => {
      const report = await reports.submit(me(request), actorOf(request.principal, request), request.body);
      return reply.status(report.outcome === 'created' ? 201 : 200).send(report);
    },
  });

  defineRoute(app, {
    method: 'GET', url: '/incident-reports', operationId: 'listIncidentReports', tags, permission: 'obligations.read',
    summary: 'Reports filed on incidents you may read (an organization: its own), newest first.',
    querystring: ListIncidentReportsQuery, response: { 200: IncidentReportList },
    handler: async (request) => reports.list(me(request), request.query),
  });

  defineRoute(app, {
    method: 'GET', url: '/incident-reports/:reportId', operationId: 'getIncidentReport', tags, permission: 'obligations.read',
    summary: 'A report with every version as answered and the reviews of each.',
    params: ReportParams, response: { 200: IncidentReport },
    handler: async (request) => reports.get(me(request), request.params.reportId),
  });

  defineRoute(app, {
    method: 'POST', url: '/incident-reports/:reportId/versions/:version/review', operationId: 'reviewIncidentReport', tags, permission: 'reports.review',
    summary: 'Accept the latest version of a report, or ask for a revision (with a comment saying what to change).',
    params: ReportVersionParams, body: ReviewIncidentReportBody, response: { 200: IncidentReport },
    handler: async (request) =>
      reports.review(me(request), actorOf(request.principal, request), request.params.reportId, request.params.version, request.body),
  });
}
