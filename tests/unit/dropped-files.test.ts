/**
 * A dropped file as the source files a format reads (`functions/imports/dropped-files.ts`): a zip's
 * files, the Mac's and folders' entries left out; a text file itself; a workbook's sheets; and what
 * cannot be read (not a zip, not UTF-8, too large once unzipped, not a workbook) as a problem by name,
 * never quoting what the file holds.
 */
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { MAX_UNZIPPED_BYTES, readDroppedFile, sourceFilesOf } from '../../functions/imports/dropped-files.ts';

const SECRET = 'Sentinel Childname';

describe('a dropped file', () => {
  it('is a zip’s files, by their paths in it, without folders and what archivers add', () => {
    const bytes = zipSync({
      'extract/ssd_person.csv': strToU8('\uFEFFpers_person_id\nCASE-1\n'),
      'extract/ssd_cp_plans.csv': strToU8('cppl_cp_plan_id\n'),
      'extract/': new Uint8Array(),
      '__MACOSX/extract/._ssd_person.csv': new Uint8Array([0, 5, 22, 7, 0xff]),
      'extract/.DS_Store': new Uint8Array([0xff, 0xfe]),
    });
    expect(sourceFilesOf({ name: 'Extract.ZIP', bytes })).toEqual({
      files: [
        { name: 'extract/ssd_cp_plans.csv', text: 'cppl_cp_plan_id\n' },
        // The byte-order mark dropped.
        { name: 'extract/ssd_person.csv', text: 'pers_person_id\nCASE-1\n' },
      ],
      problems: [],
    });
  });

  it('is itself when it is not a zip, and a problem by name when it is not UTF-8', () => {
    expect(sourceFilesOf({ name: 'census.xml', bytes: strToU8('<Message/>') })).toEqual({
      files: [{ name: 'census.xml', text: '<Message/>' }],
      problems: [],
    });
    const latin1 = new Uint8Array([...strToU8(`${SECRET},`), 0xe9]);
    const read = sourceFilesOf({ name: 'census.xml', bytes: latin1 });
    expect(read.files).toEqual([]);
    expect(read.problems).toEqual([
      { file: 'census.xml', message: expect.stringMatching(/not valid UTF-8 .*: not read$/) },
    ]);
    // A file of a zip that is not UTF-8 is left out, and the others read.
    const zipped = sourceFilesOf({
      name: 'x.zip',
      bytes: zipSync({ 'a.csv': latin1, 'b.csv': strToU8('b\n') }),
    });
    expect(zipped.files.map(({ name }) => name)).toEqual(['b.csv']);
    expect(zipped.problems.map(({ file }) => file)).toEqual(['a.csv']);
    expect(JSON.stringify(zipped.problems)).not.toContain(SECRET);
  });

  it('refuses a zip that does not open, holds nothing, or unzips to more than the limit, reading nothing', () => {
    expect(sourceFilesOf({ name: 'x.zip', bytes: strToU8(SECRET) })).toEqual({
      files: [],
      problems: [{ file: 'x.zip', message: 'is not a zip archive that can be opened: nothing was read' }],
    });
    expect(
      sourceFilesOf({ name: 'x.zip', bytes: zipSync({ 'folder/': new Uint8Array() }) }).problems,
    ).toEqual([{ file: 'x.zip', message: 'holds no files' }]);
    // A zip whose directory says its file unzips to more than the limit: refused before it is inflated.
    const bytes = zipSync({ 'a.csv': strToU8('a\n') });
    const view = new DataView(bytes.buffer);
    for (let at = 0; at < bytes.length - 4; at++) {
      if (view.getUint32(at, true) === 0x02014b50) view.setUint32(at + 24, MAX_UNZIPPED_BYTES + 1, true);
    }
    view.setUint32(22, MAX_UNZIPPED_BYTES + 1, true);
    expect(sourceFilesOf({ name: 'big.zip', bytes })).toEqual({
      files: [],
      problems: [{ file: 'big.zip', message: 'holds more than 512 MB once unzipped: nothing was read' }],
    });
  });

  it('is a workbook’s sheets, or a problem by name when it is not a workbook', async () => {
    const notAWorkbook = await readDroppedFile({ name: 'annex-a.xlsx', bytes: strToU8(SECRET) });
    expect(notAWorkbook).toEqual({
      files: [],
      problems: [
        { file: 'annex-a.xlsx', message: 'cannot be read as an Excel workbook (.xlsx): nothing was read' },
      ],
    });
    // Anything else is read as sourceFilesOf reads it.
    expect(await readDroppedFile({ name: 'census.xml', bytes: strToU8('<Message/>') })).toEqual(
      sourceFilesOf({ name: 'census.xml', bytes: strToU8('<Message/>') }),
    );
  });
});
