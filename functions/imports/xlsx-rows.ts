/**
 * An Excel workbook (`.xlsx`) as the sheets an import format reads: the edge that turns its bytes into
 * rows of cell text, so that the formats (functions/core/imports/) stay pure and read text alone. Each
 * sheet becomes one {@link SourceFile} named `<workbook>, sheet <sheet>`, its rows from the sheet's
 * row 1 (an empty row kept as `[]`, so that row numbers are the sheet's). A date cell becomes
 * `YYYY-MM-DD` (Excel keeps dates as days, without a time zone), a formula its result, rich text its
 * text. Read with exceljs.
 */
import { basename } from 'node:path';
import ExcelJS from 'exceljs';
import type { SourceFile } from '../core/imports/format.ts';

/** Whether a file is a workbook this reader takes, by its name. */
export const isWorkbook = (name: string) => name.toLowerCase().endsWith('.xlsx');

/** A workbook that could not be read: the message names the file, never what it holds. */
export class WorkbookError extends Error {
  override readonly name = 'WorkbookError';
}

/** A cell's value as text: what a sheet shows, with dates as `YYYY-MM-DD`. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value !== 'object') return String(value);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellText(value.result);
  if ('error' in value) return value.error;
  if ('hyperlink' in value) return cellText(value.text as ExcelJS.CellValue);
  return '';
}

/**
 * The sheets of the workbook `name` (the file's name as supplied), in the workbook's order.
 *
 * @throws {@link WorkbookError} when the bytes are not an Excel workbook.
 */
export async function readWorkbook(name: string, bytes: Uint8Array): Promise<SourceFile[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    throw new WorkbookError(
      `${basename(name)} cannot be read as an Excel workbook (.xlsx); save it as .xlsx, or each list as CSV`,
    );
  }
  const sheets: SourceFile[] = [];
  workbook.eachSheet((sheet) => {
    const rows: string[][] = [];
    for (let number = 1; number <= sheet.rowCount; number++) {
      const row = sheet.getRow(number);
      const cells: string[] = [];
      for (let column = 1; column <= row.cellCount; column++) cells.push(cellText(row.getCell(column).value));
      rows.push(cells);
    }
    sheets.push({ name: `${basename(name)}, sheet ${sheet.name}`, text: '', rows });
  });
  return sheets;
}
