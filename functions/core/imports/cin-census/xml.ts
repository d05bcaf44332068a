/**
 * Reading an XML return one record at a time (the CIN census: each `Message/Children/Child`), with
 * `saxes`, a streaming parser that says where it is. Each record comes whole, as a small tree of its
 * elements with the line each starts on, so the mapping can name the element of a problem; a record
 * the XML breaks inside never comes. Of what surrounds the records, only the header asked for is read
 * (the census's `Message/Header`, which dates its year), the same way, and the rest is passed over.
 *
 * Nothing here keeps or reports the text of the file beyond the records it hands on: where the XML
 * breaks is said by line and column, and by the names of the elements open there.
 */
import { SaxesParser } from 'saxes';

/** An element as read: its name without any namespace prefix, where it starts, its text and its elements. */
export interface XmlElement {
  name: string;
  /** The line its start tag is on (the first line is 1). */
  line: number;
  /** Its text, whitespace at either end removed (`''` when it has none). */
  text: string;
  /** The line of its first text that is not whitespace; null when it has none. */
  textLine: number | null;
  elements: XmlElement[];
}

/** Where the XML stops being well-formed. */
export interface XmlBreak {
  line: number;
  /** The column, counting from 1. */
  column: number;
  /** The file ends inside an element: it was cut short. */
  cutShort: boolean;
  /** The names of the elements open there, outermost first. */
  open: string[];
  /** The record being read there, as far as it was read (its start was seen, its end was not). */
  partial: XmlElement | null;
}

/** What reading the whole file found, besides the records handed on. */
export interface XmlOutline {
  /** The root element's name; null when the file has none. */
  root: string | null;
  /** Whether the records' path was found all the way to where records are (`Message/Children`). */
  foundRecords: boolean;
  /** Where the XML broke, before the root element closed; null when it is well-formed to its end. */
  broken: XmlBreak | null;
  /** The line of anything wrong after the root element closed (text, a second root); null if nothing. */
  afterRoot: number | null;
  /** Text between the elements that hold the records (`Message`, `Children`), by line: it is not part of any record. */
  strayText: { line: number; element: string }[];
  /** The first element at the header's path, read whole; null when none was, or none was asked for. */
  header: XmlElement | null;
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

/** The line of the first character of `text` that is not whitespace, given the line `text` ends on. */
function lineOfFirstText(text: string, endLine: number): number {
  const first = text.search(/\S/);
  const newlinesAfter = (text.slice(first).match(/\n/g) ?? []).length;
  return endLine - newlinesAfter;
}

/**
 * Reads `text`, handing each record (an element at `path`, `['Message', 'Children', 'Child']`) to
 * `onRecord` as soon as its end tag is read, and keeping the element at `headerPath`
 * (`['Message', 'Header']`), when given, for the outline. At the first point where the XML is not
 * well-formed, reading stops: the records handed on are those read whole before it.
 */
export function readXmlRecords(
  text: string,
  path: readonly string[],
  onRecord: (record: XmlElement) => void,
  headerPath?: readonly string[],
): XmlOutline {
  const parser = new SaxesParser({ position: true });
  const outline: XmlOutline = {
    root: null,
    foundRecords: false,
    broken: null,
    afterRoot: null,
    strayText: [],
    header: null,
  };
  /** Names of every open element, outermost first. */
  const open: string[] = [];
  /** The open elements of the record (or header) being read, outermost (the record) first. */
  const tree: XmlElement[] = [];
  /** Whether what `tree` holds is the header, not a record. */
  let inHeader = false;
  let rootClosed = false;
  let closing = false;
  /** Reading stopped where the XML broke; what comes after the root element is not read either. */
  let stopped = false;
  const reading = () => !stopped && !rootClosed;
  /** Whether the open elements are exactly the path's first elements (and so hold records, or are records). */
  const onPath = () => open.length <= path.length && open.every((name, at) => name === path[at]);
  /** Whether the open elements are exactly the header's path, and no header has been read yet. */
  const atHeader = () =>
    headerPath !== undefined &&
    outline.header === null &&
    open.length === headerPath.length &&
    open.every((name, at) => name === headerPath[at]);

  const addText = (chunk: string) => {
    if (!reading() || chunk.trim() === '') return;
    const current = tree[tree.length - 1];
    const line = lineOfFirstText(chunk, parser.line);
    if (current) {
      current.text += chunk;
      current.textLine ??= line;
    } else if (open.length > 0 && onPath()) {
      outline.strayText.push({ line, element: open[open.length - 1] as string });
    }
  };

  parser.on('opentag', (tag) => {
    if (!reading()) return;
    const name = localName(tag.name);
    if (open.length === 0) outline.root ??= name;
    open.push(name);
    const startsHeader = tree.length === 0 && atHeader();
    if (tree.length > 0 || startsHeader || (open.length === path.length && onPath())) {
      if (startsHeader) inHeader = true;
      const element: XmlElement = { name, line: parser.line, text: '', textLine: null, elements: [] };
      tree[tree.length - 1]?.elements.push(element);
      tree.push(element);
    } else if (open.length === path.length - 1 && onPath()) {
      outline.foundRecords = true;
    }
  });
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', () => {
    if (!reading()) return;
    open.pop();
    const element = tree.pop();
    if (element) {
      element.text = element.text.trim();
      if (tree.length === 0 && inHeader) {
        outline.header = element;
        inHeader = false;
      } else if (tree.length === 0) onRecord(element);
    }
    if (open.length === 0) rootClosed = true;
  });
  parser.on('error', () => {
    if (rootClosed) {
      outline.afterRoot ??= parser.line;
      return;
    }
    if (stopped) return;
    stopped = true;
    outline.broken = {
      line: parser.line,
      column: parser.column + 1,
      cutShort: closing,
      open: [...open],
      partial: inHeader ? null : (tree[0] ?? null),
    };
  });
  parser.write(text);
  closing = true;
  parser.close();
  return outline;
}
