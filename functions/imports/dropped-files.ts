/**
 * A file as dropped for import, turned into the source files a format reads: a `.zip` is opened and
 * each file in it is one source file (a folder format, such as the SSD's or SSDA903's CSV files,
 * travels as one zip, so that one drop is one import); an Excel workbook (`.xlsx`, Annex A) is its
 * sheets (`xlsx-rows.ts`); any other file is one source file itself (a CIN census `.xml`). Text is
 * decoded as UTF-8 (a byte-order mark dropped). What cannot be read is a problem by file name, never
 * by content. Bytes in, text out: no files are opened here.
 */
import { type UnzipFileInfo, unzipSync } from 'fflate';
import { decodeUtf8 } from '../../events/index.ts';
import type { ImportProblem, SourceFile } from '../core/imports/format.ts';
import { isWorkbook, readWorkbook, WorkbookError } from './xlsx-rows.ts';

/** A file as dropped: its name (the last part of its key or path) and its bytes. */
export interface DroppedFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/**
 * The most a zip may hold once opened, all its files together: far above the largest council's SSD
 * extract (about two million rows, some 300 MB of CSV), and under the longest string Node can hold.
 */
export const MAX_UNZIPPED_BYTES = 512 * 1024 * 1024;

/** What a dropped file came to. */
export interface DroppedSourceFiles {
  files: SourceFile[];
  problems: ImportProblem[];
}

const MB = 1024 * 1024;

/** Whether a dropped file is a zip, by its name (`extract.zip`, in any case). */
export const isZip = (name: string) => name.toLowerCase().endsWith('.zip');

/**
 * Entries of a zip that are not files a council put there: folders, and what the Mac's and Windows'
 * archivers add (`__MACOSX/`, `._name`, `Thumbs.db`, dot files).
 */
function isPacking(path: string): boolean {
  const base = path.split('/').pop() ?? '';
  return path.endsWith('/') || path.startsWith('__MACOSX/') || base.startsWith('.') || base === 'Thumbs.db';
}

/** One file's bytes as a source file, or the problem that it is not UTF-8 text. */
function decoded(name: string, bytes: Uint8Array): SourceFile | ImportProblem {
  const text = decodeUtf8(bytes);
  return text.ok ? { name, text: text.text } : { file: name, message: `${text.message}: not read` };
}

/** The files of a zip, each named by its path inside it, or the problem with the zip as a whole. */
function unzipped(dropped: DroppedFile): DroppedSourceFiles {
  let total = 0;
  let tooLarge = false;
  const wanted = (entry: UnzipFileInfo) => {
    if (isPacking(entry.name) || tooLarge) return false;
    total += entry.originalSize;
    tooLarge = total > MAX_UNZIPPED_BYTES;
    return !tooLarge;
  };
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(dropped.bytes, { filter: wanted });
  } catch {
    return {
      files: [],
      problems: [
        { file: dropped.name, message: 'is not a zip archive that can be opened: nothing was read' },
      ],
    };
  }
  if (tooLarge) {
    return {
      files: [],
      problems: [
        {
          file: dropped.name,
          message: `holds more than ${MAX_UNZIPPED_BYTES / MB} MB once unzipped: nothing was read`,
        },
      ],
    };
  }
  const result: DroppedSourceFiles = { files: [], problems: [] };
  for (const path of Object.keys(entries).sort()) {
    const file = decoded(path, entries[path] as Uint8Array);
    // Let go of each file's bytes once decoded: the zip's files together can be hundreds of MB.
    delete entries[path];
    if ('text' in file) result.files.push(file);
    else result.problems.push(file);
  }
  if (result.files.length === 0 && result.problems.length === 0) {
    result.problems.push({ file: dropped.name, message: 'holds no files' });
  }
  return result;
}

/**
 * The source files of a dropped file: a zip's files, or the file itself, as text (see the module's
 * description); {@link readDroppedFile} reads a workbook too.
 */
export function sourceFilesOf(dropped: DroppedFile): DroppedSourceFiles {
  if (isZip(dropped.name)) return unzipped(dropped);
  const file = decoded(dropped.name, dropped.bytes);
  return 'text' in file ? { files: [file], problems: [] } : { files: [], problems: [file] };
}

/** {@link sourceFilesOf}, and a workbook's sheets: the files of anything a council may drop. */
export async function readDroppedFile(dropped: DroppedFile): Promise<DroppedSourceFiles> {
  if (!isWorkbook(dropped.name)) return sourceFilesOf(dropped);
  try {
    return { files: await readWorkbook(dropped.name, dropped.bytes), problems: [] };
  } catch (error) {
    if (!(error instanceof WorkbookError)) throw error;
    return {
      files: [],
      problems: [
        { file: dropped.name, message: 'cannot be read as an Excel workbook (.xlsx): nothing was read' },
      ],
    };
  }
}
