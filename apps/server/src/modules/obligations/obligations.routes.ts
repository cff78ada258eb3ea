/** Obligations, their facts and explanations, the rules and the compliance summary (docs/modules/obligations.md). */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import {
  ComplianceQuery, ComplianceSummary, FactsParams, LinkObligationEntryBody, ListObligationsQuery, ObligationLink, ObligationExplanation, ObligationFactsList, ObligationList,
  ObligationParams, RuleParams, SetObligationFactsBody,
} from '#shared/contracts/obligation-api';
import { IdParams, Strict } from '#shared/contracts/common';
import { actorOf, principalOf } from '../../access/principal.ts';
import { defineRoute } from '../../http/route.ts';
import type { ObligationRulesService } from './obligation-rules.service.ts';
import type { ObligationsService } from './obligations.service.ts';

const { cursor: _cursor, limit: _limit, ...filters } = ListObligationsQuery.properties;
const ExportObligationsQuery = Strict(filters);
const RuleBody = Type.Object({}, { additionalProperties: true, description: 'A rule definition (docs/modules/obligations.md, "Rule definition"); checked in full by the server.' });
const Rule = Type.Object({}, { additionalProperties: true });
const RuleList = Strict({ items: Type.Array(Rule) });
const CreateRuleBody = Strict({
  pack: Type.Optional(Type.String({ minLength: 1, maxLength: 20, pattern: '^[A-Za-z0-9-]+$' })),
  definition: RuleBody,
  enabled: Type.Optional(Type.Boolean()),
});
const UpdateRuleBody = Strict({
  definition: Type.Optional(RuleBody),
  enabled: Type.Optional(Type.Boolean()),
  disabledNote: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
  changeReason: Type.Optional(Type.String({ maxLength: 2000 })),
  confirm: Type.Optional(Type.Boolean({ description: 'Make a change that alters computed obligations.' })),
});

export function registerObligationsRoutes(
  app: FastifyInstance,
  { obligations, rules }: { obligations: ObligationsService; rules: ObligationRulesService },
) {
  const tags = ['Obligations'];
  const me = principalOf;

  defineRoute(app, {
    method: 'GET', url: '/obligations', operationId: 'listObligations', tags, permission: 'obligations.read',
    summary: 'Obligations by due time, for one incident or across incidents, with filters.',
    querystring: ListObligationsQuery, response: { 200: ObligationList },
    handler: async (request) => obligations.list(me(request), request.query),
  });

  defineRoute(app, {
    method: 'GET', url: '/obligations/export.csv', operationId: 'exportObligations', tags, permission: 'obligations.read',
    summary: 'Every obligation matching the list\'s filters as CSV, limited to what the caller may read (audited).',
    querystring: ExportObligationsQuery, response: { 200: Type.String() },
    handler: async (request, reply) => {
      const file = await obligations.exportCsv(me(request), actorOf(request.principal, request), request.query);
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${file.filename}"`).send(file.body);
    },
  });

  defineRoute(app, {
    method: 'GET', url: '/obligations/compliance', operationId: 'getComplianceSummary', tags, permission: 'obligations.read',
    summary: 'Per organization and rule: on time, late, missed, pending, and the median lateness.',
    querystring: ComplianceQuery, response: { 200: ComplianceSummary },
    handler: async (request) => obligations.compliance(me(request), request.query),
  });

  defineRoute(app, {
    method: 'GET', url: '/obligations/:obligationId/explanation', operationId: 'explainObligation', tags, permission: 'obligations.read',
    summary: 'Why the obligation applies, what started its clock, how its due time was computed, and its earlier results.',
    params: ObligationParams, response: { 200: ObligationExplanation },
    handler: async (request) => obligations.explain(me(request), request.params.obligationId),
  });

  defineRoute(app, {
    method: 'GET', url: '/incidents/:id/obligation-facts', operationId: 'listObligationFacts', tags, permission: 'obligations.read',
    summary: 'The facts entered per participant organization that obligations are computed from.',
    params: IdParams, response: { 200: ObligationFactsList },
    handler: async (request) => obligations.listFacts(me(request), request.params.id),
  });

  defineRoute(app, {
    method: 'PUT', url: '/incidents/:id/obligation-facts/:organizationId', operationId: 'setObligationFacts', tags, permission: 'obligations.facts',
    summary: 'Set or clear facts of one participant organization (when it became aware, whether personal data is involved …); obligations are recomputed.',
    params: FactsParams, body: SetObligationFactsBody, response: { 200: ObligationFactsList },
    handler: async (request) => obligations.setFacts(me(request), actorOf(request.principal, request), request.params.id, request.params.organizationId, request.body),
  });

  defineRoute(app, {
    method: 'PUT', url: '/incidents/:id/obligation-links', operationId: 'linkObligationEntry', tags, permission: 'obligations.facts',
    summary: 'Record which chronology entry met a rule for a participant organization (a report made before Casebook, say), or remove the link.',
    params: IdParams, body: LinkObligationEntryBody, response: { 200: ObligationLink },
    handler: async (request) => obligations.linkEntry(me(request), actorOf(request.principal, request), request.params.id, request.body),
  });

  defineRoute(app, {
    method: 'GET', url: '/obligation-rules', operationId: 'listRules', tags, permission: 'obligations.read',
    summary: 'The rules obligations are computed from, with their versions.', response: { 200: RuleList },
    handler: async () => rules.list(),
  });

  defineRoute(app, {
    method: 'POST', url: '/obligation-rules', operationId: 'createRule', tags, permission: 'obligations.manage',
    summary: 'Add a rule; every incident is recomputed.', body: CreateRuleBody, response: { 201: Rule },
    handler: async (request, reply) => reply.status(201).send(await rules.create(me(request), actorOf(request.principal, request), request.body)),
  });

  defineRoute(app, {
    method: 'PATCH', url: '/obligation-rules/:ruleId', operationId: 'updateRule', tags, permission: 'obligations.manage',
    summary: 'Change, disable or enable a rule as a new version; a change that alters computed obligations needs "confirm".',
    params: RuleParams, body: UpdateRuleBody, response: { 200: Rule },
    handler: async (request) => rules.update(me(request), actorOf(request.principal, request), request.params.ruleId, request.body),
  });
}
