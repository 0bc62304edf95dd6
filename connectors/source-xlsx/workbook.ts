import type { SourceInput } from '@ferry/sdk';
import { damaged, notXlsx } from './file-errors';
import { isType, RelationshipsHandler, relsPathOf, WorkbookHandler, type Relationship } from './package-parts';
import { SharedStringsHandler } from './shared-strings';
import { BrokenCell, SheetRowsHandler, type CellContext, type SheetRow } from './sheet-rows';
import { StylesHandler } from './styles';
import { parseWholeXml, parseXml, type XmlHandler } from './xml-parts';
import { readZipDirectory, type ZipDirectory, type ZipEntry } from './zip-directory';
import { InflateBudget, zipParts } from './zip-parts';

export interface SheetInfo {
  name: string;
  /** Zero-based position among the workbook's tabs. */
  position: number;
  state: 'visible' | 'hidden' | 'veryHidden';
  /** The worksheet's part; none for chart and dialog sheets, which hold no cells. */
  part?: ZipEntry;
}

/** A workbook's sheets and what its cells need, read from the package without touching any sheet. */
export interface Workbook {
  input: SourceInput;
  sheets: SheetInfo[];
  cells: CellContext;
  budget: InflateBudget;
}

const ROOT_RELS = '_rels/.rels';
const USUAL_WORKBOOK = 'xl/workbook.xml';

/**
 * Opens a workbook: checks the package (zip-directory.ts), then reads the
 * parts every sheet depends on (relationships, workbook, shared strings,
 * styles), in passes over the input that inflate nothing else. Most files use
 * the usual part names, so one pass is enough; others take one or two more.
 */
export async function openWorkbook(input: SourceInput, maxUncompressedBytes: number): Promise<Workbook> {
  const label = input.label;
  const directory = await readZipDirectory(input, maxUncompressedBytes);
  const budget = new InflateBudget(maxUncompressedBytes, label);
  const fetch = (handlers: Map<string, XmlHandler>) => fetchParts(input, directory, budget, handlers);

  const rootRels = new RelationshipsHandler(ROOT_RELS);
  let book = new WorkbookHandler();
  let bookRels = new RelationshipsHandler(relsPathOf(USUAL_WORKBOOK));
  let strings = new SharedStringsHandler();
  let styles = new StylesHandler();
  await fetch(
    new Map<string, XmlHandler>([
      [ROOT_RELS, rootRels],
      [USUAL_WORKBOOK, book],
      [relsPathOf(USUAL_WORKBOOK), bookRels],
      ['xl/sharedstrings.xml', strings],
      ['xl/styles.xml', styles],
    ]),
  );

  const workbookPath = rootRels.relationships.find((r) => isType(r, 'officeDocument'))?.target ?? USUAL_WORKBOOK;
  if (!directory.byName.has(workbookPath.toLowerCase())) throw missingWorkbook(label, directory);
  if (workbookPath.toLowerCase() !== USUAL_WORKBOOK) {
    book = new WorkbookHandler();
    bookRels = new RelationshipsHandler(relsPathOf(workbookPath));
    await fetch(new Map<string, XmlHandler>([[workbookPath, book], [relsPathOf(workbookPath), bookRels]]));
  }

  const stringsPath = bookRels.relationships.find((r) => isType(r, 'sharedStrings'))?.target;
  const stylesPath = bookRels.relationships.find((r) => isType(r, 'styles'))?.target;
  // Without a relationship the usual part (if any) is used, as Excel itself would repair it.
  const again = new Map<string, XmlHandler>();
  if (stringsPath && stringsPath.toLowerCase() !== 'xl/sharedstrings.xml') again.set(stringsPath, (strings = new SharedStringsHandler()));
  if (stylesPath && stylesPath.toLowerCase() !== 'xl/styles.xml') again.set(stylesPath, (styles = new StylesHandler()));
  if (again.size > 0) await fetch(again);

  return {
    input,
    sheets: sheetsOf(book, bookRels.relationships, directory, label),
    cells: { sharedStrings: strings.strings, formats: styles.kinds(), date1904: book.date1904 },
    budget,
  };
}

function sheetsOf(book: WorkbookHandler, relationships: Relationship[], directory: ZipDirectory, label: string): SheetInfo[] {
  return book.sheets.map((sheet, position) => {
    const relationship = relationships.find((r) => r.id === sheet.relationshipId);
    if (!relationship || !isType(relationship, 'worksheet')) return { name: sheet.name, position, state: sheet.state };
    const part = directory.byName.get(relationship.target.toLowerCase());
    if (!part) throw damaged(label, `the part of sheet "${sheet.name}" (${relationship.target}) is missing`);
    return { name: sheet.name, position, state: sheet.state, part };
  });
}

async function fetchParts(input: SourceInput, directory: ZipDirectory, budget: InflateBudget, handlers: Map<string, XmlHandler>): Promise<void> {
  const byPath = new Map([...handlers].map(([path, handler]) => [path.toLowerCase(), handler]));
  const entries = [...byPath.keys()].flatMap((path) => directory.byName.get(path) ?? []);
  for await (const part of zipParts(input, entries, budget)) {
    await parseWholeXml(part.chunks, byPath.get(part.entry.name.toLowerCase())!, input.label, part.entry.name);
  }
}

/** One sheet being read: its rows a batch at a time, as the XML arrives. */
export interface SheetStream {
  sheet: SheetInfo;
  handler: SheetRowsHandler;
  batches: AsyncGenerator<SheetRow[]>;
}

/** Streams the given sheets' rows, sheet after sheet in the order the file stores them (one pass over the input). */
export async function* readSheets(workbook: Workbook, sheets: SheetInfo[]): AsyncGenerator<SheetStream> {
  const label = workbook.input.label;
  const byPart = new Map(sheets.filter((s) => s.part).map((s) => [s.part!, s]));
  for await (const part of zipParts(workbook.input, [...byPart.keys()], workbook.budget)) {
    const sheet = byPart.get(part.entry)!;
    const handler = new SheetRowsHandler(workbook.cells);
    const batches = (async function* (): AsyncGenerator<SheetRow[]> {
      try {
        for await (const _ of parseXml(part.chunks, handler, label, part.entry.name)) {
          const rows = handler.take();
          if (rows.length > 0) yield rows;
        }
      } catch (error) {
        if (error instanceof BrokenCell) throw damaged(label, `in sheet "${sheet.name}", ${error.detail}`, part.entry.name);
        throw error;
      }
    })();
    try {
      yield { sheet, handler, batches };
    } finally {
      await batches.return(undefined);
    }
  }
}

function missingWorkbook(label: string, directory: ZipDirectory): Error {
  const names = [...directory.byName.keys()];
  const has = (prefix: string) => names.some((name) => name.startsWith(prefix));
  if (directory.byName.has('mimetype') && directory.byName.has('content.xml')) return notXlsx(label, 'it is an OpenDocument file (such as .ods)');
  if (directory.byName.has('xl/workbook.bin')) return notXlsx(label, 'it is an Excel binary workbook (.xlsb)');
  if (has('word/')) return notXlsx(label, 'it is a Word document');
  if (has('ppt/')) return notXlsx(label, 'it is a PowerPoint presentation');
  if (has('xl/')) return damaged(label, 'its workbook part (xl/workbook.xml) is missing');
  return notXlsx(label, 'it is a ZIP archive with no workbook inside');
}
