/**
 * What a password must be: at least 12 characters, not one of the ~50,000 most common
 * passwords (nor one with digits or symbols tacked on, nor a word repeated), and not
 * built from the user's own e-mail or name.
 */
import { dictionary } from '@zxcvbn-ts/language-common';
import { AppError } from '../../http/app-error.ts';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

const COMMON = new Set<string>((dictionary as Record<string, string[]>)['passwords-common'].map((p) => p.toLowerCase()));

function isRepetition(text: string): boolean {
  for (let size = 1; size <= text.length / 2; size++) {
    if (text.length % size === 0 && text.slice(0, size).repeat(text.length / size) === text) return true;
  }
  return false;
}

export function passwordProblem(password: string, about: { email?: string; name?: string } = {}): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  const lower = password.toLowerCase();
  const core = lower.replace(/[^a-z]+$/, '').replace(/^[^a-z]+/, '');
  if (COMMON.has(lower) || (core.length >= 4 && COMMON.has(core))) {
    return 'This password is on the list of the most common passwords; choose another.';
  }
  if (isRepetition(lower)) return 'This password repeats one short pattern; choose another.';
  const local = about.email?.split('@')[0] ?? '';
  const personal = [local, ...local.split(/[^a-zA-Z0-9]+/), ...(about.name?.split(/[^\p{L}\p{N}]+/u) ?? [])]
    .filter((p) => p.length >= 4)
    .map((p) => p.toLowerCase())
    .sort((a, b) => b.length - a.length);
  // Take out every part of the name and e-mail; if little is left, the password is built from them
  // ("harriet-oduya-1" as much as "harriet2024").
  let rest = lower;
  for (const p of personal) rest = rest.split(p).join('');
  if (personal.includes(core) || (rest.length < lower.length && rest.length < 6)) {
    return 'This password is mostly your own name or e-mail address; choose another.';
  }
  return null;
}

export function assertStrongPassword(password: string, about: { email?: string; name?: string } = {}): void {
  const problem = passwordProblem(password, about);
  if (problem) throw new AppError('auth.weak_password', problem);
}
