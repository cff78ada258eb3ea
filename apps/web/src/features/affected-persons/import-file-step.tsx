/** The import's first step: choose the file, read it as UTF-8 in the browser, and show its first rows. */
import { Alert, Button, FileButton, Group, Loader, Table, Text } from '@mantine/core';
import { IconAlertTriangle, IconFileSpreadsheet, IconUpload } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import { type CsvPreview, readCsvFile } from './csv-file.ts';

export interface ChosenFile {
  name: string;
  size: number;
  text: string;
  preview: CsvPreview;
}

const number = new Intl.NumberFormat();

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function CsvPreviewTable(props: { preview: CsvPreview }) {
  const { header, rows } = props.preview;
  return (
    <Table.ScrollContainer minWidth={Math.max(480, header.length * 130)} maxHeight={260}>
      <Table data-testid="import-preview" withTableBorder withColumnBorders highlightOnHover={false} verticalSpacing={6} fz="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={48} c="dimmed">
              Line
            </Table.Th>
            {header.map((h, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional; two may share a name.
              <Table.Th key={i} style={{ whiteSpace: 'nowrap' }}>
                {h || (
                  <Text span c="dimmed" fs="italic" size="xs">
                    (no name)
                  </Text>
                )}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row, r) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows of a file preview have no identity but their position.
            <Table.Tr key={r}>
              <Table.Td c="dimmed">{r + 2}</Table.Td>
              {header.map((_, c) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: positional cells.
                <Table.Td key={c} style={{ maxWidth: 220, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                  {row[c] ?? ''}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function ImportFileStep(props: { file: ChosenFile | null; onFile: (file: ChosenFile | null) => void }) {
  const [reading, setReading] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  const reset = useRef<() => void>(null);

  const choose = async (file: File | null) => {
    reset.current?.();
    if (!file) return;
    setReading(true);
    setRefused(null);
    try {
      const read = await readCsvFile(file);
      if (read.ok) props.onFile({ name: file.name, size: file.size, text: read.text, preview: read.preview });
      else {
        setRefused(`${file.name}: ${read.message}`);
        props.onFile(null);
      }
    } catch {
      setRefused(`${file.name} could not be read.`);
      props.onFile(null);
    } finally {
      setReading(false);
    }
  };

  return (
    <>
      <Text size="sm" mb="sm">
        A CSV file in UTF-8, the first line naming the columns — as a platform sends its list of notified users. The file is read here
        first; nothing is sent until you check it.
      </Text>
      <Group gap="sm" mb="md">
        <FileButton onChange={choose} accept=".csv,text/csv" resetRef={reset}>
          {(fileProps) => (
            <Button
              {...fileProps}
              variant={props.file ? 'default' : 'filled'}
              leftSection={<IconUpload size={16} />}
              disabled={reading}
              data-autofocus
            >
              {props.file ? 'Choose another file' : 'Choose a CSV file'}
            </Button>
          )}
        </FileButton>
        {reading && <Loader size="sm" aria-label="Reading the file" />}
        {props.file && !reading && (
          <Group gap={6} data-testid="import-file">
            <IconFileSpreadsheet size={18} color="var(--mantine-color-navy-7)" aria-hidden />
            <Text size="sm" fw={500}>
              {props.file.name}
            </Text>
            <Text size="sm" c="dimmed">
              {formatBytes(props.file.size)} · {number.format(props.file.preview.rowCount)}{' '}
              {props.file.preview.rowCount === 1 ? 'row' : 'rows'} · {props.file.preview.header.length} columns
            </Text>
          </Group>
        )}
      </Group>
      {refused && (
        <Alert
          color="red"
          variant="light"
          role="alert"
          icon={<IconAlertTriangle size={18} />}
          title="This file cannot be imported"
          mb="md"
          data-testid="import-file-error"
        >
          {refused}
        </Alert>
      )}
      {props.file && (
        <>
          <Text size="xs" c="dimmed" mb={6}>
            The header and the first {props.file.preview.rows.length === 1 ? 'row' : `${props.file.preview.rows.length} rows`}, as read:
          </Text>
          <CsvPreviewTable preview={props.file.preview} />
        </>
      )}
    </>
  );
}
