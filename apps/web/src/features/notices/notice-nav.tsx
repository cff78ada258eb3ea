/** What the notice pages share around them: the breadcrumbs, and "not found" for what does not exist or is not shared. */
import { Anchor, Breadcrumbs, Button, Text } from '@mantine/core';
import { IconFileUnknown } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { isApiError } from '../../api/api-error.ts';
import { EmptyState } from '../../components/empty-state.tsx';

export const isMissing = (error: unknown) => isApiError(error) && (error.status === 404 || error.code === 'request.invalid');

export function NoticeNotFound(props: { what?: string; back?: { to: string; label: string } }) {
  const back = props.back ?? { to: '/incidents', label: 'Back to incidents' };
  return (
    <EmptyState
      icon={<IconFileUnknown size={26} />}
      title={`${props.what ?? 'Notice'} not found`}
      message="It does not exist, or it has not been shared with you."
      action={
        <Button component={Link} to={back.to} variant="light">
          {back.label}
        </Button>
      }
    />
  );
}

export function NoticeCrumbs(props: { incident: { id: string; reference: string } | null; last: ReactNode }) {
  return (
    <Breadcrumbs>
      <Anchor component={Link} to="/incidents" size="sm">
        Incidents
      </Anchor>
      {props.incident && (
        <Anchor component={Link} to={`/incidents/${props.incident.id}?tab=notices`} size="sm" ff="monospace">
          {props.incident.reference}
        </Anchor>
      )}
      <Text size="sm">{props.last}</Text>
    </Breadcrumbs>
  );
}
