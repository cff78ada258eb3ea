/** The user's own organization at a glance. */
import { Badge, Card, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { ORGANIZATION_KIND_LABELS } from '#shared/organizations';
import { ROLE_LABELS } from '#shared/roles';
import type { Me } from '../../api/types.ts';
import { useOrganization } from '../organizations/organizations-api.ts';

function Row(props: { label: string; children: React.ReactNode }) {
  return (
    <Group justify="space-between" gap="md" wrap="nowrap">
      <Text size="sm" c="dimmed">
        {props.label}
      </Text>
      <Text size="sm" fw={500} ta="right">
        {props.children}
      </Text>
    </Group>
  );
}

export function OrganizationCard(props: { me: Me }) {
  const { user } = props.me;
  const org = useOrganization(props.me.permissions.includes('organizations.read') ? user.organization.id : undefined);
  return (
    <Card padding="lg" h="100%">
      <Group justify="space-between" mb="md">
        <Title order={4}>Your organization</Title>
        {user.organization.isHome && <Badge variant="light">Home CERT</Badge>}
      </Group>
      <Stack gap="xs">
        <Text fw={600} size="lg" data-testid="home-organization">
          {user.organization.name}
        </Text>
        <Row label="Kind">{ORGANIZATION_KIND_LABELS[user.organization.kind]}</Row>
        <Row label="Your role">{ROLE_LABELS[user.role]}</Row>
        <Row label="Signed in as">{user.email}</Row>
        {props.me.permissions.includes('organizations.read') && (
          <Row label="People">
            {org.isPending ? (
              <Skeleton height={14} width={40} component="span" display="inline-block" />
            ) : org.data ? (
              org.data.userCount
            ) : (
              '—'
            )}
          </Row>
        )}
        {org.data?.jurisdiction && <Row label="Jurisdiction">{org.data.jurisdiction}</Row>}
      </Stack>
    </Card>
  );
}
