/**
 * The incident's "Affected persons" tab: the counts for everyone on the incident, the
 * register for staff whose role may read it (behind a grant and a purpose), the grants
 * for those who give them, and how long the register keeps identities.
 */
import { Stack } from '@mantine/core';
import type { Incident } from '../incidents/incidents-api.ts';
import { usePermissions } from '../session/use-me.ts';
import { useAffectedCounts } from './affected-persons-api.ts';
import { CountsView } from './counts-view.tsx';
import { GrantsSection } from './grants-section.tsx';
import { RegisterSection } from './register-section.tsx';
import { RetentionCard } from './retention-card.tsx';

export function AffectedPersonsTab(props: { incident: Incident }) {
  const { incident } = props;
  const { can } = usePermissions();
  // The country filter's choices come from the counts, which this tab loads anyway.
  const counts = useAffectedCounts(incident.id);
  // Granting, writing and setting the retention also need the right to change this incident (a coordinator's own team's).
  const canGrant = can('register.grant') && incident.abilities.update;
  return (
    <Stack gap="lg">
      <CountsView incidentId={incident.id} />
      {can('register.read') && (
        <RegisterSection
          incident={incident}
          counts={counts.data}
          canGrant={canGrant}
          canWrite={can('register.write') && incident.abilities.update}
        />
      )}
      {can('register.grant') && <GrantsSection incidentId={incident.id} canManage={canGrant} />}
      {can('register.counts') && <RetentionCard incidentId={incident.id} canManage={canGrant} />}
    </Stack>
  );
}
