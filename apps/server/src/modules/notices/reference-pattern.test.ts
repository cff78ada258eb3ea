/** The configurable notice reference pattern. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from '../../config/config.ts';
import { DEFAULT_REFERENCE_PATTERN, formatReference, referencePatternProblem } from './reference-pattern.ts';

describe('notice reference pattern', () => {
  it('formats the default pattern as CERT/2019/N-0017', () => {
    assert.equal(formatReference(DEFAULT_REFERENCE_PATTERN, { year: 2019, seq: 17 }), 'CERT/2019/N-0017');
    assert.equal(formatReference(DEFAULT_REFERENCE_PATTERN, { year: 2026, seq: 12345 }), 'CERT/2026/N-12345');
    assert.equal(referencePatternProblem(DEFAULT_REFERENCE_PATTERN), null);
  });

  it('pads {seq:N} and leaves {seq} unpadded', () => {
    assert.equal(formatReference('N {seq} of {year}', { year: 2025, seq: 7 }), 'N 7 of 2025');
    assert.equal(formatReference('{year}.{seq:6}', { year: 2025, seq: 7 }), '2025.000007');
  });

  it('refuses patterns that would repeat references or carry other text', () => {
    assert.match(String(referencePatternProblem('N-{seq:4}')), /\{year\}/);
    assert.match(String(referencePatternProblem('CERT/{year}')), /\{seq\}/);
    assert.match(String(referencePatternProblem('{year}/{seq}/{seq}')), /exactly once/);
    assert.match(String(referencePatternProblem('{year}/{seq:0}')), /width/);
    assert.match(String(referencePatternProblem('{year}/{id}/{seq}')), /may contain only/);
    assert.match(String(referencePatternProblem('<b>{year}{seq}')), /may contain only/);
    assert.match(String(referencePatternProblem('')), /1 to 60/);
  });

  it('is read from the configuration, checked at start, with the attachment size limit', () => {
    const keys = { CASEBOOK_SESSION_SECRET: randomBytes(32).toString('base64'), CASEBOOK_DATA_KEY: randomBytes(32).toString('base64') };
    const defaults = loadConfig({ env: keys });
    assert.deepEqual(defaults.notices, { referencePattern: 'CERT/{year}/N-{seq:4}', attachmentMaxBytes: 10 * 1024 * 1024 });
    const set = loadConfig({ env: { ...keys, CASEBOOK_NOTICES_REFERENCE_PATTERN: 'N/{year}/{seq:3}', CASEBOOK_NOTICES_ATTACHMENT_MAX_BYTES: '2048' } });
    assert.deepEqual(set.notices, { referencePattern: 'N/{year}/{seq:3}', attachmentMaxBytes: 2048 });
    assert.throws(() => loadConfig({ env: { ...keys, CASEBOOK_NOTICES_REFERENCE_PATTERN: 'N-{seq}' } }), (e: Error) => e instanceof ConfigError && /CASEBOOK_NOTICES_REFERENCE_PATTERN must contain \{year\}/.test(e.message));
    assert.throws(() => loadConfig({ env: { ...keys, CASEBOOK_NOTICES_ATTACHMENT_MAX_BYTES: '10' } }), ConfigError);
  });
});
