/** The import's second step: a column of the file for each field, defaults for empty cells, and who sent the list. */
import { Alert, Select, SimpleGrid, Table, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMemo } from 'react';
import { IMPORT_FIELDS, type ImportField } from '#shared/contracts/affected-persons';
import { countryOptions } from '../incidents/country-name.ts';
import type { Participant } from '../incidents/participants-api.ts';
import { useCategories } from './affected-persons-api.ts';
import { DEFAULTABLE, type ImportDefaults, type Mapping, repeatedHeaders } from './import-mapping.ts';
import { AFFECTED_HOW_OPTIONS, type AffectedHow, categoryOptions, IMPORT_FIELD_LABELS } from './register-labels.tsx';

const HINTS: Partial<Record<ImportField, string>> = {
  phone: 'E.164, e.g. +919812345678',
  country: 'ISO code, e.g. IN',
  affectedHow: 'targeted, compromised_confirmed, compromised_suspected',
};

export function ImportMappingStep(props: {
  header: string[];
  mapping: Mapping;
  onMapping: (mapping: Mapping) => void;
  defaults: ImportDefaults;
  onDefaults: (defaults: ImportDefaults) => void;
  sourceOrganizationId: string | null;
  onSource: (id: string | null) => void;
  participants: Participant[];
  problem: string | null;
}) {
  const countries = useMemo(() => countryOptions().filter((c) => c.value !== 'ZZ'), []);
  const repeated = repeatedHeaders(props.header);
  const columns = [...new Set(props.header.filter((h) => h && !repeated.includes(h)))];
  const used = new Set(Object.values(props.mapping));
  const categories = useCategories();
  // The file's cells hold codes; only active categories are accepted for new entries.
  const hints: Partial<Record<ImportField, string>> = {
    ...HINTS,
    category: categories.isError
      ? 'The categories could not be loaded.'
      : (categories.data
          ?.filter((c) => c.active)
          .map((c) => c.code)
          .join(', ') ?? 'Loading…'),
  };
  const defaultData: Record<(typeof DEFAULTABLE)[number], { value: string; label: string }[]> = {
    country: countries,
    category: categoryOptions(categories.data),
    affectedHow: AFFECTED_HOW_OPTIONS,
  };

  return (
    <>
      <Text size="sm" mb="sm">
        Choose the column that holds each field. Country, category and how affected may instead take a default, used for every row whose
        cell is empty.
      </Text>
      {repeated.length > 0 && (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} mb="sm">
          The header names {repeated.map((h) => `“${h}”`).join(', ')} more than once; columns are found by their name, so rename them in the
          file to use them.
        </Alert>
      )}
      <Table data-testid="import-mapping" highlightOnHover={false} verticalSpacing={6}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w="24%">Field</Table.Th>
            <Table.Th w="38%">Column in the file</Table.Th>
            <Table.Th>Default for empty cells</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {IMPORT_FIELDS.map((field) => {
            const defaultable = (DEFAULTABLE as readonly string[]).includes(field) ? (field as (typeof DEFAULTABLE)[number]) : null;
            return (
              <Table.Tr key={field} data-field={field}>
                <Table.Td>
                  <Text size="sm" fw={500} id={`import-field-${field}`}>
                    {IMPORT_FIELD_LABELS[field]}
                  </Text>
                  {hints[field] && (
                    <Text size="xs" c={field === 'category' && categories.isError ? 'red' : 'dimmed'}>
                      {hints[field]}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Select
                    aria-label={`Column for ${IMPORT_FIELD_LABELS[field]}`}
                    placeholder="Not in the file"
                    clearable
                    size="xs"
                    data={columns.map((c) => ({ value: c, label: c, disabled: used.has(c) && props.mapping[field] !== c }))}
                    value={props.mapping[field] ?? null}
                    onChange={(value) => props.onMapping({ ...props.mapping, [field]: value ?? undefined })}
                  />
                </Table.Td>
                <Table.Td>
                  {defaultable && (
                    <Select
                      aria-label={`Default ${IMPORT_FIELD_LABELS[field]}`}
                      placeholder={props.mapping[field] ? 'None (the cell is required)' : 'Choose a default'}
                      clearable
                      searchable={defaultable === 'country'}
                      size="xs"
                      data={defaultData[defaultable]}
                      value={props.defaults[defaultable]}
                      onChange={(value) =>
                        props.onDefaults({
                          ...props.defaults,
                          [defaultable]: defaultable === 'affectedHow' ? (value as AffectedHow | null) : value,
                        })
                      }
                    />
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <SimpleGrid cols={{ base: 1, sm: 2 }} mt="md">
        <Select
          label="Source organization"
          description="The participant that sent this list; each person is recorded as reported by it."
          placeholder="None"
          clearable
          data={props.participants.map((p) => ({ value: p.organization.id, label: p.organization.name }))}
          value={props.sourceOrganizationId}
          onChange={props.onSource}
          nothingFoundMessage="No organization takes part yet"
        />
      </SimpleGrid>
      {props.problem && (
        <Alert color="orange" variant="light" mt="md" role="status" data-testid="mapping-problem">
          {props.problem}
        </Alert>
      )}
    </>
  );
}
