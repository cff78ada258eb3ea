import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../http/app-error.ts';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, assertStrongPassword, passwordProblem } from './password-policy.ts';

const about = { email: 'priya.raman@cert.example', name: 'Priya Raman' };

describe('password policy', () => {
  it('accepts a long, unusual passphrase', () => {
    assert.equal(passwordProblem('Tangerine-viaduct-orbit-59', about), null);
    assert.equal(passwordProblem('x'.repeat(3) + 'q7#Lm2@pW9zR', about), null);
  });

  it('needs at least 12 and at most 256 characters', () => {
    assert.equal(MIN_PASSWORD_LENGTH, 12);
    assert.match(passwordProblem('Tq7#Lm2@pW9', about) ?? '', /at least 12/);
    assert.equal(passwordProblem('Tq7#Lm2@pW9z', about), null);
    assert.match(passwordProblem(`Tq7#Lm2@pW9z${'k'.repeat(MAX_PASSWORD_LENGTH)}`, about) ?? '', /at most 256/);
  });

  it('refuses common passwords, also with digits or symbols around them and in any case', () => {
    for (const common of ['password1234', 'PASSWORD1234', 'qwertyuiop123', '123456789012', '!!!iloveyou2024', 'football12345']) {
      assert.match(passwordProblem(common, about) ?? '', /most common/, common);
    }
  });

  it('refuses a short pattern repeated', () => {
    for (const repeated of ['aaaaaaaaaaaa', 'abcabcabcabc', 'xY1!xY1!xY1!', '1212121212121212']) {
      assert.ok(passwordProblem(repeated, about), repeated);
    }
  });

  it('refuses passwords made of the user\'s own name or e-mail address', () => {
    for (const own of ['priyaraman!!', 'Priya.Raman2024', 'raman-priya-1', 'priya.raman@cert', 'ramanraman99']) {
      assert.match(passwordProblem(own, about) ?? '', /own name or e-mail/, own);
    }
    // A name inside an otherwise strong passphrase is fine.
    assert.equal(passwordProblem('Priya-drives-a-teal-tractor', about), null);
    // Without knowing the user, the same text is only judged on its own.
    assert.equal(passwordProblem('Priya.Raman2024'), null);
  });

  it('assertStrongPassword throws auth.weak_password (422)', () => {
    assert.throws(() => assertStrongPassword('short', about), (error: unknown) => {
      assert.ok(error instanceof AppError);
      assert.equal(error.code, 'auth.weak_password');
      assert.equal(error.status, 422);
      return true;
    });
    assert.doesNotThrow(() => assertStrongPassword('Tangerine-viaduct-orbit-59', about));
  });
});
