/**
 * Passwords for the demo users: drawn at random when the demo is loaded, printed once,
 * stored only as argon2id hashes. None is written in the code, so no two installations
 * share one. 4 groups of 5 characters from 56 unambiguous ones: about 116 bits.
 */
import { randomInt } from 'node:crypto';
import { passwordProblem } from '../auth/password-policy.ts';

const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function draw(): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let group = '';
    for (let i = 0; i < 5; i++) group += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(group);
  }
  return groups.join('-');
}

/** A random password that the password policy accepts for this user. */
export function generateDemoPassword(about: { email: string; name: string }): string {
  for (;;) {
    const password = draw();
    if (passwordProblem(password, about) === null) return password;
  }
}
