/** Attachment types checked on their bytes. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bytesMatchType, filenameProblem, isAllowedType, mediaType, zipEntryNames } from './attachment-types.ts';
import { SAMPLE_FILES, makeZip } from './notice-test-fixtures.ts';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('attachment types', () => {
  it('reads the media type of a header and knows the allowed list', () => {
    assert.equal(mediaType('Text/CSV; charset=UTF-8'), 'text/csv');
    assert.equal(mediaType(undefined), '');
    assert.ok(isAllowedType('application/pdf') && isAllowedType(DOCX) && isAllowedType(XLSX));
    assert.ok(!isAllowedType('text/html') && !isAllowedType('application/octet-stream') && !isAllowedType('image/svg+xml'));
  });

  it('matches each type\'s signature and nothing else', () => {
    const samples = { 'application/pdf': SAMPLE_FILES.pdf(), 'image/png': SAMPLE_FILES.png(), 'image/jpeg': SAMPLE_FILES.jpeg(), 'application/zip': SAMPLE_FILES.zip(), [DOCX]: SAMPLE_FILES.docx(), [XLSX]: SAMPLE_FILES.xlsx() } as const;
    for (const type of Object.keys(samples)) {
      for (const [other, otherBytes] of Object.entries(samples)) {
        const zipFamily = (x: string) => [DOCX, XLSX, 'application/zip'].includes(x);
        // A .docx and an .xlsx are ZIP archives too, so "application/zip" accepts them.
        const expected = type === other || (type === 'application/zip' && zipFamily(other));
        assert.equal(bytesMatchType(otherBytes, type as 'application/pdf'), expected, `${other} bytes declared as ${type}`);
      }
    }
  });

  it('takes text as UTF-8 without NUL bytes', () => {
    assert.ok(bytesMatchType(Buffer.from('naïve, café — ₹121\n'), 'text/plain'));
    assert.ok(bytesMatchType(SAMPLE_FILES.csv(), 'text/csv'));
    assert.ok(!bytesMatchType(Buffer.from([0x61, 0x00]), 'text/plain'));
    assert.ok(!bytesMatchType(Buffer.from([0xc3, 0x28]), 'text/csv'), 'invalid UTF-8');
  });

  it('reads ZIP entry names from the central directory and refuses a broken archive', () => {
    assert.deepEqual(zipEntryNames(makeZip([{ name: 'a.txt', data: 'a' }, { name: 'dir/b.txt', data: 'b' }])), ['a.txt', 'dir/b.txt']);
    assert.equal(zipEntryNames(Buffer.from('PK\x03\x04 not really')), null);
    const truncated = makeZip([{ name: 'a.txt', data: 'a' }]);
    assert.equal(zipEntryNames(truncated.subarray(0, truncated.length - 30)), null);
  });

  it('refuses file names with paths or control characters', () => {
    assert.equal(filenameProblem('report 2019.pdf'), null);
    assert.equal(filenameProblem('रिपोर्ट.pdf'), null);
    assert.ok(filenameProblem('../x'));
    assert.ok(filenameProblem('a\\b'));
    assert.ok(filenameProblem('a\nb'));
    assert.ok(filenameProblem('..'));
    assert.ok(filenameProblem('  '));
  });
});
