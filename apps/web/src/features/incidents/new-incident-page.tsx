/** Record a new incident. The server gives it the next reference of the year. */
import { Alert, Anchor, Breadcrumbs, Button, Card, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { errorMessage } from '../../api/error-message.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { RequirePermission } from '../../components/require-permission.tsx';
import { type DraftErrors, draftToCreateBody, emptyDraft, serverFieldErrors, validateDraft } from './incident-draft.ts';
import { IncidentFields } from './incident-fields.tsx';
import { useCreateIncident } from './incidents-api.ts';
import { localZone } from './zoned-time.ts';

function NewIncidentForm() {
  const navigate = useNavigate();
  const [draft, setDraft] = useState(() => emptyDraft(localZone()));
  const [tried, setTried] = useState(false);
  const create = useCreateIncident();
  // Once a save was tried, marks follow the fields as they are corrected.
  const errors: DraftErrors = tried ? { ...serverFieldErrors(create.error), ...validateDraft(draft) } : {};
  const change = (next: typeof draft) => {
    setDraft(next);
    if (create.isError) create.reset();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (Object.keys(validateDraft(draft)).length) return;
    create.mutate(draftToCreateBody(draft), {
      onSuccess: (incident) => {
        notifications.show({ color: 'teal', message: `${incident.reference} recorded.` });
        navigate(`/incidents/${incident.id}`);
      },
    });
  };
  const invalid = Object.keys(errors).length > 0;

  return (
    <>
      <PageHeader
        eyebrow={
          <Breadcrumbs>
            <Anchor component={Link} to="/incidents" size="sm">
              Incidents
            </Anchor>
            <Text size="sm">New incident</Text>
          </Breadcrumbs>
        }
        title="New incident"
        description="Record what is known now; everything but the title, severity and TLP can be filled in later."
      />
      <form onSubmit={submit} noValidate aria-label="New incident">
        <Card padding="xl">
          {(create.isError || invalid) && (
            <Alert color="red" variant="light" role="alert" mb="lg" title="The incident was not recorded">
              {create.isError ? errorMessage(create.error) : 'Correct the fields marked below.'}
            </Alert>
          )}
          <IncidentFields draft={draft} onChange={change} errors={errors} />
          <Group justify="flex-end" mt="xl">
            <Button variant="default" component={Link} to="/incidents">
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Record incident
            </Button>
          </Group>
        </Card>
      </form>
    </>
  );
}

export function NewIncidentPage() {
  return (
    <RequirePermission permission="incidents.create">
      <NewIncidentForm />
    </RequirePermission>
  );
}
