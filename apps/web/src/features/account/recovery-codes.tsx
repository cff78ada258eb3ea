/** The recovery codes, shown once, with copy and download. */
import { Alert, Button, Group, Paper, SimpleGrid, Text } from '@mantine/core';
import { useClipboard } from '@mantine/hooks';
import { IconAlertTriangle, IconCheck, IconCopy, IconDownload } from '@tabler/icons-react';

export function recoveryCodesFile(codes: string[], email: string): string {
  return [
    `Casebook recovery codes for ${email}`,
    `Saved ${new Date().toISOString()}`,
    'Each code signs you in once if you lose your authenticator app.',
    '',
    ...codes,
    '',
  ].join('\n');
}

export function RecoveryCodes(props: { codes: string[]; email: string }) {
  const clipboard = useClipboard({ timeout: 2000 });
  const download = () => {
    const blob = new Blob([recoveryCodesFile(props.codes, props.email)], { type: 'text/plain' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = 'casebook-recovery-codes.txt';
    link.click();
    URL.revokeObjectURL(url);
  };
  return (
    <>
      <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} mb="md">
        Save these codes somewhere safe now — they will not be shown again. Each one signs you in once if you lose your authenticator app.
      </Alert>
      <Paper withBorder p="md" bg="gray.0">
        <SimpleGrid cols={2} spacing="xs" data-testid="recovery-codes">
          {props.codes.map((code) => (
            <Text key={code} className="mono" ta="center">
              {code}
            </Text>
          ))}
        </SimpleGrid>
      </Paper>
      <Group mt="md" gap="sm">
        <Button
          variant="default"
          leftSection={clipboard.copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
          onClick={() => clipboard.copy(props.codes.join('\n'))}
        >
          {clipboard.copied ? 'Copied' : 'Copy codes'}
        </Button>
        <Button variant="default" leftSection={<IconDownload size={16} />} onClick={download}>
          Download
        </Button>
      </Group>
    </>
  );
}
