import { Button } from '@mantine/core';
import { IconCompass } from '@tabler/icons-react';
import { Link } from 'react-router';
import { EmptyState } from './empty-state.tsx';

export function NotFoundPage() {
  return (
    <EmptyState
      icon={<IconCompass size={28} />}
      title="Page not found"
      message="The address does not match any page, or you may not see what it points to."
      action={
        <Button component={Link} to="/" variant="light">
          Go to the home page
        </Button>
      }
    />
  );
}
