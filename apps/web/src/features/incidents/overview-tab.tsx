/** The incident at a glance: summary, key facts and times, affected people, related incidents. */
import { Badge, Card, Grid, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { MarkdownView } from '../../components/markdown-view.tsx';
import { formatDateTime } from '../../lib/format-time.ts';
import { AffectedCountsCard } from './affected-counts-card.tsx';
import type { Incident } from './incidents-api.ts';
import { KeyTimesList } from './key-times-list.tsx';
import { RelatedIncidentsCard } from './related-incidents-card.tsx';

export function Fact(props: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.4}>
        {props.label}
      </Text>
      <Text size="sm" fw={500} component="div">
        {props.children}
      </Text>
    </div>
  );
}

function Chips(props: { items: string[]; mono?: boolean }) {
  if (props.items.length === 0)
    return (
      <Text size="sm" c="dimmed" span>
        —
      </Text>
    );
  return (
    <Group gap={4} mt={2}>
      {props.items.map((item) => (
        <Badge key={item} variant="outline" color="gray" radius="sm" tt="none" fw={500} ff={props.mono ? 'monospace' : undefined}>
          {item}
        </Badge>
      ))}
    </Group>
  );
}

export function OverviewTab(props: { incident: Incident; onReload: () => void }) {
  const { incident } = props;
  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, md: 8 }}>
        <Stack gap="lg">
          <Card padding="lg">
            <Title order={4} mb="sm">
              Summary
            </Title>
            <MarkdownView
              source={incident.summary}
              empty={
                <Text size="sm" c="dimmed">
                  No summary written yet.
                </Text>
              }
            />
            {incident.statusReason && (
              <Text size="sm" c="dimmed" mt="md">
                Reason for the last status change: {incident.statusReason}
              </Text>
            )}
          </Card>
          <AffectedCountsCard incident={incident} onReload={props.onReload} />
          <RelatedIncidentsCard incident={incident} />
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Stack gap="lg">
          <Card padding="lg">
            <Title order={4} mb="md">
              Key facts
            </Title>
            <Stack gap="md">
              <Fact label="Category">
                {incident.category ? (
                  incident.category.label
                ) : (
                  <Text c="dimmed" size="sm" span>
                    Not yet known
                  </Text>
                )}
              </Fact>
              <Fact label="Owner">
                {incident.owner?.name ?? (
                  <Text c="dimmed" size="sm" span>
                    Unassigned
                  </Text>
                )}
              </Fact>
              {incident.team && <Fact label="Team">{incident.team.name}</Fact>}
              <Fact label="Platforms">
                <Chips items={incident.platforms} />
              </Fact>
              <Fact label="Vulnerabilities">
                <Chips items={incident.cves} mono />
              </Fact>
              <Fact label="Threat actors">
                <Chips items={incident.threatActors} />
              </Fact>
              <Fact label="Malware">
                <Chips items={incident.malware} />
              </Fact>
              <Fact label="Tags">
                <Chips items={incident.tags} />
              </Fact>
              <Group grow>
                <Fact label="Opened">{formatDateTime(incident.createdAt)}</Fact>
                <Fact label="Updated">{formatDateTime(incident.updatedAt)}</Fact>
              </Group>
            </Stack>
          </Card>
          <Card padding="lg">
            <Title order={4} mb="md">
              Key times
            </Title>
            <KeyTimesList keyTimes={incident.keyTimes} />
          </Card>
        </Stack>
      </Grid.Col>
    </Grid>
  );
}
