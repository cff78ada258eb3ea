/**
 * Deadlines across incidents: the obligations still owed, by the day they fall due on the
 * viewer's clock, as a month grid or an agenda. Shown: pending obligations due in the
 * month and those already missed (still unmet), the governing one of each topic unless
 * asked otherwise; whatever is past its due time is marked in red. Each links to its
 * incident's obligations.
 */
import { Anchor, Badge, Box, Button, Card, Group, SegmentedControl, SimpleGrid, Stack, Switch, Text, Title } from '@mantine/core';
import { IconCalendarEvent, IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorState } from '../../components/error-state.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { RequirePermission } from '../../components/require-permission.tsx';
import { localZone, zoneOffsetName } from '../incidents/zoned-time.ts';
import { useNow } from '../notices/due-countdown.tsx';
import { ObligationDue } from './obligation-due.tsx';
import { StateBadge, topicLabel } from './obligation-labels.tsx';
import { type Obligation, useObligations } from './obligations-api.ts';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MAX_IN_CELL = 4;

const two = (n: number) => String(n).padStart(2, '0');
/** "2025-03" of a local date. */
const monthKey = (d: Date) => `${d.getFullYear()}-${two(d.getMonth() + 1)}`;
/** "2025-03-04" of an instant on the viewer's clock. */
const dayKey = (d: Date) => `${monthKey(d)}-${two(d.getDate())}`;

function monthFrom(param: string | null): Date {
  const match = param ? /^(\d{4})-(\d{2})$/.exec(param) : null;
  const now = new Date();
  return match ? new Date(Number(match[1]), Number(match[2]) - 1, 1) : new Date(now.getFullYear(), now.getMonth(), 1);
}

/** The days the grid shows: whole weeks, Monday first, from the week of the 1st to the week of the last day. */
function gridDays(month: Date): Date[] {
  const first = new Date(month);
  const start = new Date(first.getFullYear(), first.getMonth(), 1 - ((first.getDay() + 6) % 7));
  const last = new Date(first.getFullYear(), first.getMonth() + 1, 0);
  const end = new Date(last.getFullYear(), last.getMonth(), last.getDate() + (6 - ((last.getDay() + 6) % 7)));
  const days: Date[] = [];
  for (let d = start; d <= end; d = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1)) days.push(d);
  return days;
}

const isOverdue = (o: Obligation, now: number) => o.state === 'missed' || (!!o.dueAt && new Date(o.dueAt).getTime() < now);
const timeOf = (iso: string) =>
  new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));

function CellItem(props: { o: Obligation; now: number }) {
  const { o } = props;
  const late = isOverdue(o, props.now);
  return (
    <Anchor
      component={Link}
      to={`/incidents/${o.incident.id}?tab=obligations`}
      size="xs"
      underline="never"
      data-testid="deadline-item"
      data-overdue={late || undefined}
      title={`${o.organization.name}: ${topicLabel(o.topic, o.notice)} (${o.rule.code})`}
      style={{
        display: 'block',
        padding: '2px 6px',
        borderRadius: 4,
        background: late ? 'var(--mantine-color-red-0)' : 'var(--mantine-color-navy-0)',
        borderLeft: `3px solid var(--mantine-color-${late ? 'red-7' : 'navy-6'})`,
        color: late ? 'var(--mantine-color-red-9)' : 'var(--mantine-color-dark-7)',
        overflow: 'hidden',
        textOverflow: 'ellipsis',
        whiteSpace: 'nowrap',
      }}
    >
      <b>{o.dueAt ? timeOf(o.dueAt) : ''}</b> {o.incident.reference} · {o.organization.name}
    </Anchor>
  );
}

function MonthGrid(props: { month: Date; items: Obligation[]; now: number; onMore: () => void }) {
  const byDay = new Map<string, Obligation[]>();
  for (const o of props.items) if (o.dueAt) byDay.set(dayKey(new Date(o.dueAt)), [...(byDay.get(dayKey(new Date(o.dueAt))) ?? []), o]);
  const today = dayKey(new Date(props.now));
  return (
    <Box style={{ overflowX: 'auto' }}>
      <Box miw={760} data-testid="deadline-grid">
        <SimpleGrid cols={7} spacing={0} verticalSpacing={0}>
          {WEEKDAYS.map((d) => (
            <Text key={d} size="xs" fw={600} c="dimmed" tt="uppercase" px="xs" pb={4}>
              {d}
            </Text>
          ))}
          {gridDays(props.month).map((day) => {
            const key = dayKey(day);
            const items = byDay.get(key) ?? [];
            const inMonth = day.getMonth() === props.month.getMonth();
            return (
              <Box
                key={key}
                data-testid="deadline-day"
                data-day={key}
                p={4}
                mih={108}
                style={{
                  border: '1px solid var(--mantine-color-gray-3)',
                  marginTop: -1,
                  marginLeft: -1,
                  background: inMonth ? undefined : 'var(--mantine-color-gray-0)',
                }}
              >
                <Text
                  size="xs"
                  fw={key === today ? 700 : 500}
                  c={key === today ? 'white' : inMonth ? undefined : 'dimmed'}
                  bg={key === today ? 'navy.8' : undefined}
                  ta="center"
                  w={20}
                  mb={2}
                  style={{ borderRadius: 10, lineHeight: '20px' }}
                  title={key === today ? 'Today' : undefined}
                >
                  {day.getDate()}
                </Text>
                <Stack gap={2}>
                  {items.slice(0, MAX_IN_CELL).map((o) => (
                    <CellItem key={o.id} o={o} now={props.now} />
                  ))}
                  {items.length > MAX_IN_CELL && (
                    <Anchor component="button" type="button" size="xs" onClick={props.onMore}>
                      {items.length - MAX_IN_CELL} more
                    </Anchor>
                  )}
                </Stack>
              </Box>
            );
          })}
        </SimpleGrid>
      </Box>
    </Box>
  );
}

function Agenda(props: { items: Obligation[]; now: number }) {
  const days = new Map<string, Obligation[]>();
  for (const o of props.items) if (o.dueAt) days.set(dayKey(new Date(o.dueAt)), [...(days.get(dayKey(new Date(o.dueAt))) ?? []), o]);
  const dayTitle = (key: string) =>
    new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(
      new Date(Number(key.slice(0, 4)), Number(key.slice(5, 7)) - 1, Number(key.slice(8, 10))),
    );
  return (
    <Stack gap="lg" data-testid="deadline-agenda">
      {[...days].map(([key, items]) => (
        <div key={key}>
          <Title order={5} mb="xs">
            {dayTitle(key)}
          </Title>
          <Stack gap="xs">
            {items.map((o) => (
              <Card
                key={o.id}
                padding="sm"
                data-testid="agenda-item"
                style={isOverdue(o, props.now) ? { borderColor: 'var(--mantine-color-red-4)' } : undefined}
              >
                <Group justify="space-between" align="flex-start" wrap="nowrap">
                  <Stack gap={2}>
                    <Group gap="xs">
                      <Anchor component={Link} to={`/incidents/${o.incident.id}?tab=obligations`} fw={600} size="sm" ff="monospace">
                        {o.incident.reference}
                      </Anchor>
                      <Text size="sm" fw={500}>
                        {o.organization.name}
                      </Text>
                      <StateBadge state={o.state} />
                    </Group>
                    <Text size="sm">
                      {topicLabel(o.topic, o.notice)}{' '}
                      <Text span size="xs" c="dimmed" ff="monospace">
                        {o.rule.code}
                      </Text>
                    </Text>
                  </Stack>
                  <ObligationDue obligation={o} />
                </Group>
              </Card>
            ))}
          </Stack>
        </div>
      ))}
    </Stack>
  );
}

function Deadlines() {
  const [params, setParams] = useSearchParams();
  const month = monthFrom(params.get('month'));
  const view = params.get('view') === 'agenda' ? 'agenda' : 'month';
  const governingOnly = params.get('all') !== '1';
  const now = useNow();
  const set = (next: Record<string, string | null>) => {
    const merged = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next))
      if (v === null) merged.delete(k);
      else merged.set(k, v);
    setParams(merged, { replace: true });
  };
  const range = {
    dueFrom: month.toISOString(),
    dueTo: new Date(month.getFullYear(), month.getMonth() + 1, 1).toISOString(),
    ...(governingOnly ? { governingOnly: true } : {}),
  };
  const pending = useObligations({ ...range, state: 'pending' });
  const missed = useObligations({ ...range, state: 'missed' });
  const shift = (by: number) => set({ month: monthKey(new Date(month.getFullYear(), month.getMonth() + by, 1)) });
  const title = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric' }).format(month);
  const zone = localZone();

  const error = pending.error ?? missed.error;
  const items = [...(pending.data ?? []), ...(missed.data ?? [])].sort(
    (a, b) => new Date(a.dueAt ?? 0).getTime() - new Date(b.dueAt ?? 0).getTime(),
  );
  const overdue = items.filter((o) => isOverdue(o, now)).length;

  return (
    <>
      <PageHeader
        title="Deadlines"
        description="Reporting and response obligations still owed, across the incidents you may read, by the day they fall due. Those past their due time and still unmet are marked in red."
      />
      <Card padding="lg">
        <Group justify="space-between" mb="md" wrap="wrap" gap="sm">
          <Group gap="xs">
            <Button variant="default" size="xs" onClick={() => shift(-1)} aria-label="Previous month">
              <IconChevronLeft size={16} />
            </Button>
            <Title order={3} miw={180} ta="center" data-testid="deadline-month">
              {title}
            </Title>
            <Button variant="default" size="xs" onClick={() => shift(1)} aria-label="Next month">
              <IconChevronRight size={16} />
            </Button>
            <Button variant="subtle" size="xs" onClick={() => set({ month: null })}>
              This month
            </Button>
          </Group>
          <Group gap="md">
            <Switch label="Governing only" checked={governingOnly} onChange={(e) => set({ all: e.currentTarget.checked ? null : '1' })} />
            <SegmentedControl
              size="xs"
              value={view}
              onChange={(v) => set({ view: v === 'agenda' ? 'agenda' : null })}
              data={[
                { value: 'month', label: 'Month' },
                { value: 'agenda', label: 'Agenda' },
              ]}
            />
          </Group>
        </Group>
        <Group gap="sm" mb="sm">
          <Text size="xs" c="dimmed">
            Times on your clock: {zone} ({zoneOffsetName(zone, month)}).
          </Text>
          {!!items.length && (
            <Badge variant="light" color="navy" size="sm">
              {items.length} due this month
            </Badge>
          )}
          {!!overdue && (
            <Badge variant="light" color="red" size="sm" data-testid="overdue-count">
              {overdue} overdue
            </Badge>
          )}
        </Group>
        {error ? (
          <ErrorState
            error={error}
            onRetry={() => {
              void pending.refetch();
              void missed.refetch();
            }}
          />
        ) : pending.isPending || missed.isPending ? (
          <LoadingState rows={6} label="Loading deadlines" />
        ) : view === 'month' ? (
          <MonthGrid month={month} items={items} now={now} onMore={() => set({ view: 'agenda' })} />
        ) : items.length === 0 ? (
          <EmptyState icon={<IconCalendarEvent size={26} />} title="Nothing falls due this month" />
        ) : (
          <Agenda items={items} now={now} />
        )}
      </Card>
    </>
  );
}

export function DeadlinesPage() {
  return (
    <RequirePermission permission="obligations.read">
      <Deadlines />
    </RequirePermission>
  );
}
