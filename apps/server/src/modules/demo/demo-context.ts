/** What every step of loading the demo works with: the services, run on the case clock, and the demo's people. */
import type { Config } from '../../config/config.ts';
import type { UnitOfWorkDeps } from '../../db/unit-of-work.ts';
import { createEngagementsService } from '../engagements/engagements.service.ts';
import { createIncidentsService } from '../incidents/incidents.service.ts';
import { createNoticeLifecycleService } from '../notices/notice-lifecycle.service.ts';
import { createNoticeResponsesService } from '../notices/notice-responses.service.ts';
import { createNoticeReviewService } from '../notices/notice-review.service.ts';
import { createNoticesService } from '../notices/notices.service.ts';
import { createIncidentReportsService } from '../obligations/incident-reports.service.ts';
import { createObligationsService } from '../obligations/obligations.service.ts';
import { createParticipantsService } from '../participants/participants.service.ts';
import { createTimelineService } from '../timeline/timeline.service.ts';
import type { CaseClock } from './case-clock.ts';
import type { DemoPeople } from './demo-people.ts';

export type DemoDeps = UnitOfWorkDeps & { config: Config };

export function createDemoServices(deps: DemoDeps, clock: CaseClock) {
  const withClock = { ...deps, clock: clock.now };
  const notices = createNoticesService(withClock);
  const withNotices = { ...withClock, notices };
  return {
    incidents: createIncidentsService(withClock),
    participants: createParticipantsService(withClock),
    timeline: createTimelineService(withClock),
    engagements: createEngagementsService(withClock),
    notices,
    lifecycle: createNoticeLifecycleService(withNotices),
    responses: createNoticeResponsesService(withNotices),
    review: createNoticeReviewService(withNotices),
    obligations: createObligationsService(withClock),
    reports: createIncidentReportsService(withClock),
  };
}

export interface DemoContext {
  deps: DemoDeps;
  clock: CaseClock;
  people: DemoPeople;
  services: ReturnType<typeof createDemoServices>;
}
