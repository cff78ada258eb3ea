/** The centred card that sign-in and password set-up share. */
import { Box, Center, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { BrandMark } from '../../components/brand-mark.tsx';

export function AuthFrame(props: { title: string; subtitle?: ReactNode; children: ReactNode; footer?: ReactNode }) {
  return (
    <Center mih="100vh" p="md" component="main">
      <Stack w="100%" maw={420} gap="lg">
        <Center>
          <BrandMark size="lg" />
        </Center>
        <Paper withBorder shadow="sm" p="xl">
          <Stack gap={4} mb="lg">
            <Title order={3}>{props.title}</Title>
            {props.subtitle && (
              <Text size="sm" c="dimmed">
                {props.subtitle}
              </Text>
            )}
          </Stack>
          {props.children}
        </Paper>
        <Box ta="center">
          <Text size="xs" c="dimmed">
            {props.footer ?? 'Incident coordination for the national CERT. Authorised use only; activity is logged.'}
          </Text>
        </Box>
      </Stack>
    </Center>
  );
}
