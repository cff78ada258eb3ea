/** The organization's own compliance record: how it has answered the notices issued to it. */
import { Anchor, Breadcrumbs, Text } from '@mantine/core';
import { Link, Navigate } from 'react-router';
import { PageHeader } from '../../../components/page-header.tsx';
import { RequirePermission } from '../../../components/require-permission.tsx';
import { ComplianceView } from '../../notices/compliance-view.tsx';
import { useMe } from '../../session/use-me.ts';

export function PortalCompliancePage() {
  const me = useMe();
  const org = me.user.organization;
  if (org.isHome) return <Navigate to="/admin/organizations" replace />;
  return (
    <RequirePermission permission="notices.read">
      <PageHeader
        eyebrow={
          <Breadcrumbs>
            <Anchor component={Link} to="/portal/notices" size="sm">
              Notices
            </Anchor>
            <Text size="sm">Compliance record</Text>
          </Breadcrumbs>
        }
        title={`Compliance record: ${org.name}`}
        description="The notices issued to your organization and whether each was answered by its due time."
      />
      <ComplianceView organizationId={org.id} base="/portal/notices" staff={false} />
    </RequirePermission>
  );
}
