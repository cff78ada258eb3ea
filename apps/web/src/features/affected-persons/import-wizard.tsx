/**
 * Importing a platform's list: choose the file (read and checked as UTF-8 here), map its
 * columns, let the server check every row (a dry run that writes nothing), and import
 * only a file without problems, all rows at once, with progress. The file's text — it
 * holds identities — lives in this wizard's state only and is gone when it closes.
 */
import { Alert, Button, Group, Loader, Modal, Stack, Stepper, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconDatabaseImport, IconFileCheck } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ImportField } from '#shared/contracts/affected-persons';
import { isApiError } from '../../api/api-error.ts';
import { errorMessage } from '../../api/error-message.ts';
import { useParticipants } from '../incidents/participants-api.ts';
import { useMe } from '../session/use-me.ts';
import { type ImportReport, registerKey, useCheckImport } from './affected-persons-api.ts';
import { type ChosenFile, formatBytes, ImportFileStep } from './import-file-step.tsx';
import { guessMapping, type ImportDefaults, importRequest, type Mapping, mappingProblem, NO_DEFAULTS } from './import-mapping.ts';
import { ImportMappingStep } from './import-mapping-step.tsx';
import { ImportProgressBar, ImportReportView } from './import-report.tsx';
import { commitImport, type ImportProgress } from './import-stream.ts';

type Commit =
  | { state: 'idle' }
  | { state: 'running'; progress: ImportProgress | null }
  | { state: 'done'; report: ImportReport }
  | { state: 'failed'; error: unknown };

const number = new Intl.NumberFormat();

/** A report the server sent with a refusal (register.import_invalid), if any. */
function reportOf(error: unknown): ImportReport | null {
  if (!isApiError(error) || error.code !== 'register.import_invalid') return null;
  const details = error.details as Partial<ImportReport> | null;
  return details && typeof details.rows === 'number' && Array.isArray(details.problems) ? (details as ImportReport) : null;
}

function failureText(error: unknown, file: ChosenFile | null): string {
  if (isApiError(error) && error.status === 413 && file)
    return `The file (${formatBytes(file.size)}) is larger than the server accepts in one request. Split it into smaller files and import them one after another.`;
  return errorMessage(error);
}

function Wizard(props: { incidentId: string; onClose: () => void; onBusy: (busy: boolean) => void }) {
  const me = useMe();
  const client = useQueryClient();
  const participants = useParticipants(props.incidentId);
  const [step, setStep] = useState(0);
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [mapping, setMapping] = useState<Mapping>({});
  const [defaults, setDefaults] = useState<ImportDefaults>(NO_DEFAULTS);
  const [source, setSource] = useState<string | null>(null);
  const [commit, setCommit] = useState<Commit>({ state: 'idle' });
  const check = useCheckImport(props.incidentId);

  const problem = mappingProblem(mapping, defaults);
  const changed =
    <T,>(apply: (value: T) => void) =>
    (value: T) => {
      apply(value);
      check.reset();
      setCommit({ state: 'idle' });
    };
  const chooseFile = (chosen: ChosenFile | null) => {
    setFile(chosen);
    if (chosen) setMapping((m) => guessMapping(chosen.preview.header, m));
    check.reset();
    setCommit({ state: 'idle' });
  };
  const request = () => importRequest(file?.text ?? '', mapping, defaults, source);
  const runCheck = () => {
    setStep(2);
    setCommit({ state: 'idle' });
    check.mutate(request());
  };
  const refused = commit.state === 'failed' ? reportOf(commit.error) : null;
  const report: ImportReport | undefined = commit.state === 'done' ? commit.report : (refused ?? check.data);
  const canImport =
    !!check.data &&
    check.data.problemCount === 0 &&
    !check.isPending &&
    (commit.state === 'idle' || (commit.state === 'failed' && !refused));

  const runImport = async () => {
    setCommit({ state: 'running', progress: null });
    props.onBusy(true);
    try {
      const result = await commitImport(props.incidentId, request(), {
        csrf: me.csrfToken,
        onProgress: (progress) => setCommit({ state: 'running', progress }),
      });
      setCommit({ state: 'done', report: result });
      notifications.show({
        color: 'teal',
        message: `${number.format(result.added)} ${result.added === 1 ? 'person' : 'persons'} imported.`,
      });
    } catch (error) {
      setCommit({ state: 'failed', error });
    } finally {
      props.onBusy(false);
      // Whatever happened, the register may have changed meanwhile.
      void client.invalidateQueries({ queryKey: registerKey(props.incidentId) });
    }
  };
  const column = (field: ImportField) => mapping[field];

  return (
    <Stack gap="lg">
      <Stepper
        active={commit.state === 'done' ? 3 : step}
        onStepClick={commit.state === 'running' || commit.state === 'done' ? undefined : setStep}
        allowNextStepsSelect={false}
        size="sm"
      >
        <Stepper.Step label="File" description={file ? file.name : 'A CSV in UTF-8'} />
        <Stepper.Step label="Columns" description="Map them to fields" />
        <Stepper.Step label="Check and import" description="All or nothing" />
      </Stepper>

      <div style={{ minHeight: 300 }}>
        {step === 0 && <ImportFileStep file={file} onFile={chooseFile} />}
        {step === 1 && file && (
          <ImportMappingStep
            header={file.preview.header}
            mapping={mapping}
            onMapping={changed(setMapping)}
            defaults={defaults}
            onDefaults={changed(setDefaults)}
            sourceOrganizationId={source}
            onSource={changed(setSource)}
            participants={participants.data ?? []}
            problem={problem}
          />
        )}
        {step === 2 && (
          <Stack gap="md">
            {check.isPending && (
              <Group gap="sm" data-testid="import-checking">
                <Loader size="sm" />
                <Text size="sm">
                  Checking {file ? number.format(file.preview.rowCount) : ''} rows against the register… nothing is written.
                </Text>
              </Group>
            )}
            {check.isError && (
              <Alert color="red" variant="light" role="alert" title="The file was not checked">
                {failureText(check.error, file)}
              </Alert>
            )}
            {commit.state === 'failed' && (
              <Alert color="red" variant="light" role="alert" title="Nothing was imported" data-testid="import-failed">
                {failureText(commit.error, file)}
              </Alert>
            )}
            {commit.state === 'running' && <ImportProgressBar progress={commit.progress} />}
            {report && commit.state !== 'running' && <ImportReportView report={report} column={column} />}
          </Stack>
        )}
      </div>

      <Group justify="space-between">
        <div>
          {step > 0 && commit.state !== 'running' && commit.state !== 'done' && (
            <Button variant="subtle" leftSection={<IconArrowLeft size={16} />} onClick={() => setStep(step - 1)}>
              Back
            </Button>
          )}
        </div>
        <Group gap="sm">
          {commit.state === 'done' ? (
            <Button onClick={props.onClose} data-autofocus>
              Close
            </Button>
          ) : (
            <>
              <Button variant="default" onClick={props.onClose} disabled={commit.state === 'running'}>
                Cancel
              </Button>
              {step === 0 && (
                <Button onClick={() => setStep(1)} disabled={!file}>
                  Map columns
                </Button>
              )}
              {step === 1 && (
                <Button leftSection={<IconFileCheck size={16} />} onClick={runCheck} disabled={!file || !!problem}>
                  Check
                </Button>
              )}
              {step === 2 && report && report.problemCount > 0 && (
                <Button variant="default" onClick={() => setStep(0)}>
                  Choose a corrected file
                </Button>
              )}
              {step === 2 && (
                <Button
                  leftSection={<IconDatabaseImport size={16} />}
                  onClick={runImport}
                  disabled={!canImport}
                  loading={commit.state === 'running'}
                >
                  {check.data && check.data.problemCount === 0
                    ? `Import ${number.format(check.data.valid)} ${check.data.valid === 1 ? 'person' : 'persons'}`
                    : 'Import'}
                </Button>
              )}
            </>
          )}
        </Group>
      </Group>
    </Stack>
  );
}

export function ImportWizard(props: { incidentId: string; opened: boolean; onClose: () => void }) {
  const [busy, setBusy] = useState(false);
  const close = () => {
    if (!busy) props.onClose();
  };
  return (
    <Modal
      opened={props.opened}
      onClose={close}
      title="Import persons from a CSV file"
      size="xl"
      closeOnClickOutside={!busy}
      closeOnEscape={!busy}
      withCloseButton={!busy}
    >
      {props.opened && <Wizard incidentId={props.incidentId} onClose={close} onBusy={setBusy} />}
    </Modal>
  );
}
