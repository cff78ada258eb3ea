/** The CERT's view of one organization's compliance with the notices issued to it, reached from the organization's page. */
import { Anchor, Breadcrumbs, Text } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { PageHeader } from '../../components/page-header.tsx';
import { RequirePermission } from '../../components/require-permission.tsx';
import { useOrganization } from '../organizations/organizations-api.ts';
import { useMe } from '../session/use-me.ts';
import { ComplianceView } from './compliance-view.tsx';
import { NoticeNotFound } from './notice-nav.tsx';

function StaffCompliance(props: { id: string }) {
  const org = useOrganization(props.id);
  const name = org.data?.name ?? '…';
  return (
    <>
      <PageHeader
        eyebrow={
          <Breadcrumbs>
            <Anchor component={Link} to="/admin/organizations" size="sm">
              Organizations
            </Anchor>
            <Anchor component={Link} to={`/admin/organizations/${props.id}`} size="sm">
              {name}
            </Anchor>
            <Text size="sm">Compliance</Text>
          </Breadcrumbs>
        }
        title={`Compliance: ${name}`}
        description="How the organization has answered the notices issued to it in the incidents you may read: on time, late, still open or overdue, answers refused and escalations."
      />
      <ComplianceView organizationId={props.id} base="/notices" staff />
    </>
  );
}

export function OrganizationCompliancePage() {
  const { id } = useParams();
  const me = useMe();
  return (
    <RequirePermission permission="notices.read">
      {me.user.organization.isHome ? (
        <StaffCompliance key={id} id={id ?? ''} />
      ) : (
        <NoticeNotFound what="Organization" back={{ to: '/portal/compliance', label: 'Your organization’s record' }} />
      )}
    </RequirePermission>
  );
}
