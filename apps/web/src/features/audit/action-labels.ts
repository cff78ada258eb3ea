/** Plain-language names for audit actions; an unknown action is shown as its code. */
export const ACTION_LABELS: Record<string, string> = {
  'auth.login_succeeded': 'Signed in',
  'auth.login_failed': 'Failed sign-in',
  'auth.logout': 'Signed out',
  'auth.logout_everywhere': 'Signed out everywhere',
  'auth.password_changed': 'Changed password',
  'auth.password_set': 'Set password from a set-up link',
  'auth.recovery_code_used': 'Used a recovery code',
  'auth.totp_enabled': 'Turned on two-step sign-in',
  'auth.totp_disabled': 'Turned off two-step sign-in',
  'backup.created': 'Created a backup',
  'backup.restored': 'Restored a backup',
  'organization.created': 'Created an organization',
  'organization.updated': 'Updated an organization',
  'token.created': 'Created an API token',
  'token.revoked': 'Revoked an API token',
  'token.used': 'Used an API token',
  'user.created': 'Created a user',
  'user.setup_link_issued': 'Issued a set-up link',
  'user.updated': 'Updated a user',
};

export const KNOWN_ACTIONS = Object.keys(ACTION_LABELS).sort();

export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action;
}

export function actionColor(action: string): string {
  if (action.endsWith('_failed') || action.endsWith('revoked') || action.endsWith('disabled')) return 'red';
  if (action.startsWith('auth.')) return 'gray';
  if (action.endsWith('created') || action.endsWith('enabled')) return 'teal';
  return 'navy';
}
