import { formatKind, type FormatKind } from './number-formats';
import type { XmlHandler } from './xml-parts';

/**
 * `styles.xml`, for one thing only: which cell styles (`<cellXfs>` entries,
 * referred to by a cell's `s`) show numbers as dates or times.
 */
export class StylesHandler implements XmlHandler {
  private readonly formats = new Map<number, string>();
  private readonly styleFormats: number[] = [];
  private inCellXfs = false;
  private depth = 0;

  open(name: string, attributes: Record<string, string>): void {
    if (name === 'numFmt') {
      this.formats.set(Number(attributes.numFmtId), attributes.formatCode ?? '');
    } else if (name === 'cellXfs') {
      this.inCellXfs = true;
      this.depth = 0;
    } else if (this.inCellXfs) {
      // Only the `xf` elements directly under `cellXfs` are styles; they may hold `alignment` and others.
      if (name === 'xf' && this.depth === 0) this.styleFormats.push(Number(attributes.numFmtId ?? 0));
      this.depth++;
    }
  }

  text(): void {}

  close(name: string): void {
    if (name === 'cellXfs') this.inCellXfs = false;
    else if (this.inCellXfs) this.depth--;
  }

  /** How each style shows a number, by style index. */
  kinds(): FormatKind[] {
    return this.styleFormats.map((id) => formatKind(id, this.formats.get(id)));
  }
}
