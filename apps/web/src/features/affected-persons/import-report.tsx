/** What the server found in the file: rows, valid rows, each problem by line and field, and the countries of the valid rows. */
import { Alert, Badge, Group, Paper, Progress, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import type { ImportField } from '#shared/contracts/affected-persons';
import { countryName } from '../incidents/country-name.ts';
import type { ImportReport } from './affected-persons-api.ts';
import type { ImportProgress } from './import-stream.ts';
import { IMPORT_FIELD_LABELS } from './register-labels.tsx';

const number = new Intl.NumberFormat();

function Figure(props: { label: string; value: number; color?: string; testId: string }) {
  return (
    <Paper withBorder p="sm" data-testid={props.testId}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: '0.04em' }}>
        {props.label}
      </Text>
      <Text size="xl" fw={700} c={props.color} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {number.format(props.value)}
      </Text>
    </Paper>
  );
}

export function ImportReportView(props: { report: ImportReport; column: (field: ImportField) => string | undefined }) {
  const { report } = props;
  const clean = report.problemCount === 0;
  return (
    <Stack gap="md" data-testid="import-report">
      <SimpleGrid cols={3}>
        <Figure label="Rows" value={report.rows} testId="report-rows" />
        <Figure label="Valid" value={report.valid} color={clean ? 'teal.8' : undefined} testId="report-valid" />
        <Figure label="Problems" value={report.problemCount} color={clean ? undefined : 'red.8'} testId="report-problems" />
      </SimpleGrid>
      {clean ? (
        <Alert
          color="teal"
          variant="light"
          icon={<IconCircleCheck size={18} />}
          title={report.committed ? 'Imported' : 'No problems found'}
          data-testid="report-clean"
        >
          {report.committed
            ? `${number.format(report.added)} ${report.added === 1 ? 'person was' : 'persons were'} added to the register.`
            : `Every row can be imported. Nothing has been written yet.`}
        </Alert>
      ) : (
        <Alert
          color="red"
          variant="light"
          icon={<IconAlertTriangle size={18} />}
          title="Nothing can be imported yet"
          data-testid="report-blocked"
        >
          An import is all or nothing. Correct the rows below in the file, then choose the corrected file.
        </Alert>
      )}
      {report.problems.length > 0 && (
        <div>
          <Table.ScrollContainer minWidth={560} maxHeight={280}>
            <Table data-testid="import-problems" stickyHeader highlightOnHover={false} verticalSpacing={6}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={64}>Line</Table.Th>
                  <Table.Th w={180}>Field</Table.Th>
                  <Table.Th>Problem</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.problems.map((p, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a line can have several problems; the list is fixed.
                  <Table.Tr key={i} data-testid="import-problem" data-row={p.row} data-field={p.field ?? ''}>
                    <Table.Td ff="monospace">{p.row}</Table.Td>
                    <Table.Td>
                      {p.field ? (
                        <>
                          <Text size="sm">{IMPORT_FIELD_LABELS[p.field]}</Text>
                          {props.column(p.field) && (
                            <Text size="xs" c="dimmed">
                              column “{props.column(p.field)}”
                            </Text>
                          )}
                        </>
                      ) : (
                        <Text size="sm" c="dimmed">
                          The row
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{p.message}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {report.problemCount > report.problems.length && (
            <Text size="xs" c="dimmed" mt={6} data-testid="problems-truncated">
              The first {number.format(report.problems.length)} of {number.format(report.problemCount)} problems are listed.
            </Text>
          )}
        </div>
      )}
      {report.byCountry.length > 0 && (
        <div>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600} mb={6} style={{ letterSpacing: '0.04em' }}>
            Valid rows by country
          </Text>
          <Group gap={6} data-testid="report-countries">
            {report.byCountry.map((c) => (
              <Badge key={c.key} variant="light" color="gray" tt="none" size="lg" fw={500}>
                {countryName(c.key)} · {number.format(c.count)}
              </Badge>
            ))}
          </Group>
        </div>
      )}
    </Stack>
  );
}

const PHASE_LABELS: Record<ImportProgress['phase'], string> = {
  validating: 'Checking rows',
  committing: 'Writing to the register',
};

export function ImportProgressBar(props: { progress: ImportProgress | null }) {
  const { progress } = props;
  const share = progress && progress.total > 0 ? (progress.done / progress.total) * 100 : 0;
  // Checking is the first half of the work, writing the second.
  const value = !progress ? 0 : progress.phase === 'validating' ? share / 2 : 50 + share / 2;
  return (
    <Stack gap={6} data-testid="import-progress">
      <Group justify="space-between">
        <Text size="sm" fw={500}>
          {progress ? PHASE_LABELS[progress.phase] : 'Sending the file'}…
        </Text>
        {progress && (
          <Text size="sm" c="dimmed" style={{ fontVariantNumeric: 'tabular-nums' }}>
            {number.format(progress.done)} of {number.format(progress.total)}
          </Text>
        )}
      </Group>
      <Progress value={value} animated striped={!progress} size="lg" aria-label="Import progress" />
      <Text size="xs" c="dimmed">
        Keep this window open. The import is saved whole at the end, or not at all.
      </Text>
    </Stack>
  );
}
