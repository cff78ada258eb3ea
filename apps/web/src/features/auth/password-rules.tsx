/** The password rules, ticked off as the user types; the server has the final word. */
import { List, Text, ThemeIcon } from '@mantine/core';
import { IconCheck, IconCircleDashed } from '@tabler/icons-react';

export const MIN_PASSWORD_LENGTH = 12;

export function passwordReady(password: string, confirmation: string): boolean {
  return password.length >= MIN_PASSWORD_LENGTH && password === confirmation;
}

function Rule(props: { met: boolean; children: string }) {
  return (
    <List.Item
      icon={
        <ThemeIcon size={18} radius="xl" color={props.met ? 'teal' : 'gray'} variant={props.met ? 'filled' : 'light'}>
          {props.met ? <IconCheck size={12} /> : <IconCircleDashed size={12} />}
        </ThemeIcon>
      }
    >
      <Text size="sm" c={props.met ? undefined : 'dimmed'}>
        {props.children}
      </Text>
    </List.Item>
  );
}

export function PasswordRules(props: { password: string; confirmation: string }) {
  return (
    <List spacing={6} size="sm" aria-label="Password rules">
      <Rule met={props.password.length >= MIN_PASSWORD_LENGTH}>{`At least ${MIN_PASSWORD_LENGTH} characters`}</Rule>
      <Rule met={props.password.length > 0 && props.password === props.confirmation}>Both entries match</Rule>
      <List.Item
        icon={
          <ThemeIcon size={18} radius="xl" color="gray" variant="light">
            <IconCircleDashed size={12} />
          </ThemeIcon>
        }
      >
        <Text size="sm" c="dimmed">
          Not a common password, nor your name or e-mail address (checked when you save). A short sentence is easy to remember and hard to
          guess.
        </Text>
      </List.Item>
    </List>
  );
}
