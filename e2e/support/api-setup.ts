/**
 * Records a story needs before its first step, made through the API as the signed-in
 * browser user (with its session cookie and CSRF token), so they pass the same rules.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

/** An incident of the 2019 case with the given organization as its affected platform; returns its id. */
export async function createIncidentWithPlatform(page: Page, organizationId: string): Promise<string> {
  const me = await (await page.request.get('/api/v1/me')).json();
  const headers = { 'x-csrf-token': me.csrfToken };
  const incident = await page.request.post('/api/v1/incidents', {
    headers,
    data: { title: 'Spyware delivered through a messaging app’s voice calls', severity: 'critical', tlp: 'AMBER' },
  });
  assert.equal(incident.status(), 201, await incident.text());
  const incidentId = (await incident.json()).id as string;
  const participant = await page.request.post(`/api/v1/incidents/${incidentId}/participants`, {
    headers,
    data: { organizationId, role: 'affected_platform' },
  });
  assert.equal(participant.status(), 201, await participant.text());
  return incidentId;
}
