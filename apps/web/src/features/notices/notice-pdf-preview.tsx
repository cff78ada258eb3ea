/**
 * The text of a notice laid out as its PDF prints it (notice-document.ts on the server):
 * the same headings in the same order, the body as plain text, characters the PDF's
 * fonts cannot print shown as "?". What is only known at issue says so.
 */
import { Alert, Box, Code, Group, Paper, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { NoticeKind } from '#shared/contracts/notices';
import type { Tlp } from '#shared/incidents';
import { TLP_COLORS } from '../incidents/incident-labels.ts';
import { printable, unprintable } from './notice-draft.ts';

const PDF_TITLES: Record<NoticeKind, string> = {
  call_for_information: 'Call for information',
  direction: 'Direction',
  clarification: 'Request for clarification',
  reminder: 'Reminder',
  show_cause: 'Show-cause notice',
};

export interface PdfText {
  issuer: string;
  kind: NoticeKind;
  tlp: Tlp;
  reference: string | null;
  incidentReference: string;
  organizationName: string | null;
  recipients: Array<{ name: string; email: string }>;
  follows: string | null;
  legalBasis: { instrument: string; clause: string; summary: string } | null;
  subject: string;
  body: string;
  questions: Array<{ text: string; requiresAttachment: boolean }>;
  /** The due line, or what stands in for it while it cannot be known. */
  due: { local: string; detail: string } | { pending: ReactNode };
}

function Label(props: { children: ReactNode }) {
  return (
    <Text fz={10} fw={700} c="gray.7" tt="uppercase" lts={0.5} mt={6}>
      {props.children}
    </Text>
  );
}

function Para(props: { children: ReactNode; muted?: boolean; bold?: boolean; testId?: string }) {
  return (
    <Text
      fz={13}
      fw={props.bold ? 700 : 400}
      c={props.muted ? 'dimmed' : undefined}
      fs={props.muted ? 'italic' : undefined}
      style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
      data-testid={props.testId}
    >
      {props.children}
    </Text>
  );
}

export function NoticePdfPreview(props: { text: PdfText }) {
  const t = props.text;
  const p = printable;
  const lost = unprintable(
    [t.subject, t.body, t.organizationName ?? '', t.legalBasis?.summary ?? '', ...t.questions.map((q) => q.text)].join('\n'),
  );
  return (
    <Stack gap="xs">
      {lost.length > 0 && (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} p="xs">
          <Text size="xs">
            The PDF has no font for {lost.slice(0, 8).join(' ')}
            {lost.length > 8 ? ' …' : ''}: they print as empty boxes. The record keeps the text as written.
          </Text>
        </Alert>
      )}
      <Paper
        withBorder
        shadow="xs"
        p="lg"
        radius="xs"
        bg="white"
        style={{ fontFamily: '"Noto Sans", Arial, sans-serif' }}
        data-testid="pdf-preview"
        aria-label="Preview of the PDF text"
      >
        <Group justify="flex-end">
          <Text fz={12} fw={700} ff="monospace" px={4} style={{ background: '#000', color: TLP_COLORS[t.tlp] }}>
            TLP:{t.tlp}
          </Text>
        </Group>
        <Text fz={14} fw={700}>
          {p(t.issuer)}
        </Text>
        <Text fz={19} fw={700} mt={4} mb={6}>
          {PDF_TITLES[t.kind]}
        </Text>
        <Label>Reference</Label>
        {t.reference ? <Para>{t.reference}</Para> : <Para muted>Assigned at issue</Para>}
        <Label>Date of issue</Label>
        <Para muted>The moment it is issued</Para>
        <Label>To</Label>
        {t.organizationName ? <Para>{p(t.organizationName)}</Para> : <Para muted>No organization chosen yet</Para>}
        {t.recipients.length > 0 && <Para>Attention: {t.recipients.map((r) => `${p(r.name)} <${r.email}>`).join('; ')}</Para>}
        <Label>Incident</Label>
        <Para>{t.incidentReference}</Para>
        {t.follows && (
          <>
            <Label>Follows up</Label>
            <Para>{t.follows}</Para>
          </>
        )}
        <Box h={8} />
        <Label>Legal basis</Label>
        {t.legalBasis ? (
          <>
            <Para>{p(`${t.legalBasis.instrument}, ${t.legalBasis.clause}`)}</Para>
            <Para>{p(t.legalBasis.summary)}</Para>
          </>
        ) : (
          <Para>None cited.</Para>
        )}
        <Box h={8} />
        <Label>Subject</Label>
        {t.subject.trim() ? (
          <Para bold testId="pdf-preview-subject">
            {p(t.subject)}
          </Para>
        ) : (
          <Para muted>No subject yet</Para>
        )}
        {t.body.trim() && <Para>{p(t.body)}</Para>}
        <Box h={8} />
        <Label>Questions</Label>
        {t.questions.length === 0 ? (
          <Para muted>No questions yet</Para>
        ) : (
          t.questions.map((q, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the position is what the PDF prints.
            <Para key={i}>
              {`${i + 1}. ${p(q.text.trim() || '…')}${q.requiresAttachment ? ' [An attachment is required with the answer.]' : ''}`}
            </Para>
          ))
        )}
        <Box h={8} />
        <Label>Reply by</Label>
        {'local' in t.due ? (
          <>
            <Para bold testId="pdf-preview-due">
              {t.due.local}
            </Para>
            <Para>{t.due.detail}</Para>
          </>
        ) : (
          <Text fz={13} c="dimmed" fs="italic" component="div">
            {t.due.pending}
          </Text>
        )}
        <Box h={8} />
        <Text fz={10} c="gray.7">
          SHA-256 of the canonical content of this notice (its frozen fields as canonical JSON):
        </Text>
        <Code fz={10} bg="transparent" p={0}>
          computed at issue
        </Code>
      </Paper>
    </Stack>
  );
}
