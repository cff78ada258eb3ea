/** The legal-basis catalogue and the holiday calendars: everyone reads, administrators change. */
import type { FastifyInstance } from 'fastify';
import {
  CalendarParams, CreateHolidayCalendarBody, CreateLegalBasisBody, HolidayCalendar, HolidayCalendarList, LegalBasis, LegalBasisList, LegalBasisParams, UpdateHolidayCalendarBody,
  UpdateLegalBasisBody,
} from '#shared/contracts/notices';
import { actorOf, principalOf } from '../../access/principal.ts';
import { defineRoute } from '../../http/route.ts';
import type { LegalBasesService } from './legal-bases.service.ts';

export function registerLegalBasesRoutes(app: FastifyInstance, { legalBases }: { legalBases: LegalBasesService }) {
  const tags = ['Legal bases'];
  const me = principalOf;

  defineRoute(app, {
    method: 'GET', url: '/legal-bases', operationId: 'listLegalBases', tags, permission: 'notices.read',
    summary: 'The legal provisions a notice may cite, retired ones included and marked.', response: { 200: LegalBasisList },
    handler: async () => legalBases.list(),
  });

  defineRoute(app, {
    method: 'POST', url: '/legal-bases', operationId: 'createLegalBase', tags, permission: 'legal-bases.manage',
    summary: 'Add a legal basis: instrument, clause, summary, an optional default deadline and the penalty provision.',
    body: CreateLegalBasisBody, response: { 201: LegalBasis },
    handler: async (request, reply) => reply.status(201).send(await legalBases.create(me(request), actorOf(request.principal, request), request.body)),
  });

  defineRoute(app, {
    method: 'PATCH', url: '/legal-bases/:legalBasisId', operationId: 'updateLegalBase', tags, permission: 'legal-bases.manage',
    summary: 'Change or retire a legal basis; the wording of one cited by an issued notice cannot change.',
    params: LegalBasisParams, body: UpdateLegalBasisBody, response: { 200: LegalBasis },
    handler: async (request) => legalBases.update(me(request), actorOf(request.principal, request), request.params.legalBasisId, request.body),
  });

  defineRoute(app, {
    method: 'GET', url: '/holiday-calendars', operationId: 'listHolidayCalendars', tags, permission: 'notices.read',
    summary: 'Business-day calendars: time zone, weekend days and dated holidays.', response: { 200: HolidayCalendarList },
    handler: async () => legalBases.listCalendars(),
  });

  defineRoute(app, {
    method: 'POST', url: '/holiday-calendars', operationId: 'createHolidayCalendar', tags, permission: 'legal-bases.manage',
    summary: 'Add a business-day calendar: its code (which rules and notices name), zone, weekend days and dated holidays.',
    body: CreateHolidayCalendarBody, response: { 201: HolidayCalendar },
    handler: async (request, reply) => reply.status(201).send(await legalBases.createCalendar(me(request), actorOf(request.principal, request), request.body)),
  });

  defineRoute(app, {
    method: 'PATCH', url: '/holiday-calendars/:calendarId', operationId: 'updateHolidayCalendar', tags, permission: 'legal-bases.manage',
    summary: 'Change a calendar\'s name, zone or weekend days, or replace its list of holidays; notice due times already set do not move, obligations are recomputed.',
    params: CalendarParams, body: UpdateHolidayCalendarBody, response: { 200: HolidayCalendar },
    handler: async (request) => legalBases.updateCalendar(me(request), actorOf(request.principal, request), request.params.calendarId, request.body),
  });
}
