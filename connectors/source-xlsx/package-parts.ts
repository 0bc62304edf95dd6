import type { XmlHandler } from './xml-parts';

export interface Relationship {
  id: string;
  /** The relationship's type URI, e.g. `.../relationships/worksheet`. */
  type: string;
  /** The part it points at, as a path inside the package. */
  target: string;
  external: boolean;
}

/** A `.rels` part: `<Relationship Id Type Target TargetMode/>`. */
export class RelationshipsHandler implements XmlHandler {
  readonly relationships: Relationship[] = [];

  constructor(private readonly source: string) {}

  open(name: string, attributes: Record<string, string>): void {
    if (name !== 'Relationship') return;
    const external = attributes.TargetMode === 'External';
    const target = attributes.Target ?? '';
    this.relationships.push({ id: attributes.Id ?? '', type: attributes.Type ?? '', target: external ? target : resolvePart(this.source, target), external });
  }

  text(): void {}
  close(): void {}
}

/** Whether a relationship's type ends with this kind (transitional and strict OOXML differ only before it). */
export function isType(relationship: Relationship, kind: string): boolean {
  return relationship.type.endsWith(`/${kind}`);
}

export interface SheetEntry {
  name: string;
  relationshipId: string;
  state: 'visible' | 'hidden' | 'veryHidden';
}

/** `workbook.xml`: its sheets in tab order, and which date system it uses. */
export class WorkbookHandler implements XmlHandler {
  readonly sheets: SheetEntry[] = [];
  date1904 = false;

  open(name: string, attributes: Record<string, string>): void {
    if (name === 'workbookPr') {
      const value = attributes.date1904;
      this.date1904 = value === '1' || value === 'true';
    } else if (name === 'sheet') {
      // The relationship id is `r:id`, whatever prefix the file gave that namespace.
      const idKey = Object.keys(attributes).find((key) => key.endsWith(':id'));
      const state = attributes.state === 'hidden' || attributes.state === 'veryHidden' ? attributes.state : 'visible';
      this.sheets.push({ name: attributes.name ?? '', relationshipId: idKey ? attributes[idKey] : '', state });
    }
  }

  text(): void {}
  close(): void {}
}

/** The `.rels` part that belongs to a part: `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`. */
export function relsPathOf(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

/**
 * A relationship target as a package path: relative to the folder of the
 * part whose `.rels` it is, or absolute when it starts with `/`.
 */
export function resolvePart(relsPath: string, target: string): string {
  // `xl/_rels/workbook.xml.rels` describes `xl/workbook.xml`, so targets are relative to `xl/`.
  const sourceFolder = relsPath.replace(/(^|\/)_rels\/[^/]*$/, '$1');
  const segments = target.startsWith('/') ? [] : sourceFolder.split('/').filter(Boolean);
  for (const segment of decodeTarget(target).split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return segments.join('/');
}

function decodeTarget(target: string): string {
  try {
    return decodeURIComponent(target);
  } catch {
    return target;
  }
}
