/**
 * The framework's cell readers (cells.ts) on the elements of an XML record: the leaves of one element
 * (an `Assessments`, a `CINdetails`) read as a row's cells are, each problem placed by child, element
 * path and line instead of row and column, and worded with what became of the element.
 */
import { BAD, type Bad, Cells } from '../cells.ts';
import type { ImportProblem } from '../format.ts';
import type { XmlElement } from './xml.ts';

/** What a problem meant for what was imported: what was not, or that the element was imported all the same. */
export interface Outcome {
  /** Said after the problem: `the assessment was not imported`. */
  says: string;
  /** Nothing was refused: the element was imported without the value. */
  imported?: true;
}

/** The first element of `parent` named `name`. */
export const firstOf = (parent: XmlElement, name: string) =>
  parent.elements.find((element) => element.name === name);

/** Every element of `parent` named `name`. */
export const allOf = (parent: XmlElement, name: string) =>
  parent.elements.filter((element) => element.name === name);

/** A day as the census writes one (`YYYY-MM-DD`, a time after it tolerated), so not the day-first form of the CSV returns. */
const CENSUS_DAY = /^\d{4}-\d{2}-\d{2}/;

/** The leaves of one element of a child's record, read as cells. */
export class ElementCells extends Cells {
  #outcome: Outcome | null = null;

  /**
   * @param place The file, and the child's LAchildID once it is known.
   * @param element The element whose leaves are read (`Assessments`).
   * @param path Its path within the child (`CINdetails/Assessments`), for problems.
   */
  constructor(
    private readonly place: { file: string; child?: string },
    private readonly element: XmlElement,
    private readonly path: string,
    today: string,
    private readonly sink: ImportProblem[],
  ) {
    super(place.file, element.line, (name) => firstOf(element, name)?.text ?? '', today, sink);
  }

  /** Records a problem on a leaf of the element (or the element itself), said with the current outcome. */
  override problem(leaf: string | undefined, message: string): Bad {
    const at = leaf === undefined ? undefined : firstOf(this.element, leaf);
    const outcome = this.#outcome;
    this.sink.push({
      file: this.place.file,
      ...(this.place.child !== undefined && { child: this.place.child }),
      column: leaf === undefined ? this.path : `${this.path}/${leaf}`,
      line: at?.line ?? this.element.line,
      message: outcome === null ? message : `${message}; ${outcome.says}`,
      ...(outcome?.imported && { imported: true as const }),
    });
    return BAD;
  }

  /** Runs `read` with its problems said with `outcome`. */
  settled<T>(outcome: Outcome, read: () => T): T {
    const before = this.#outcome;
    this.#outcome = outcome;
    try {
      return read();
    } finally {
      this.#outcome = before;
    }
  }

  /** A day, written `YYYY-MM-DD` as the census writes dates: real, from 1900 to 2100, not after the import's day. */
  override date(leaf: string): string | null | Bad {
    const text = this.text(leaf);
    if (text !== '' && !CENSUS_DAY.test(text))
      return this.problem(leaf, 'is not a date: the census writes dates YYYY-MM-DD');
    return super.date(leaf);
  }
}
