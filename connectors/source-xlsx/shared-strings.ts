import { decodeEscapes } from './cell-text';
import type { XmlHandler } from './xml-parts';

/**
 * The shared strings a workbook's cells point at, packed as UTF-8 in one
 * growing buffer with an offset per string. Excel writes every distinct text
 * there (a 200,000-row contact list: some 600,000 names and emails); as
 * JavaScript strings, many of them slices of the parser's chunks, the table
 * cost over 100 MB — packed, about the size of its text.
 */
export class StringTable {
  private bytes = Buffer.allocUnsafe(1 << 16);
  private used = 0;
  private ends = new Uint32Array(1024);
  length = 0;

  push(text: string): void {
    const needed = this.used + Buffer.byteLength(text);
    if (needed > this.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, this.bytes.length * 2));
      this.bytes.copy(grown, 0, 0, this.used);
      this.bytes = grown;
    }
    this.used += this.bytes.write(text, this.used);
    if (this.length === this.ends.length) {
      const grown = new Uint32Array(this.ends.length * 2);
      grown.set(this.ends);
      this.ends = grown;
    }
    this.ends[this.length++] = this.used;
  }

  get(index: number): string {
    return this.bytes.toString('utf8', index === 0 ? 0 : this.ends[index - 1], this.ends[index]);
  }
}

/**
 * The shared strings table (`sst`), held in memory because cells refer to it
 * by index. A string is the text of its `<t>` elements, runs of rich text
 * joined; phonetic guides (`<rPh>`) are not part of the text.
 */
export class SharedStringsHandler implements XmlHandler {
  readonly strings = new StringTable();
  private inItem = false;
  private phonetic = 0;
  private inText = false;
  private current = '';

  open(name: string): void {
    if (name === 'si') {
      this.inItem = true;
      this.current = '';
    } else if (name === 'rPh') {
      this.phonetic++;
    } else if (name === 't' && this.inItem && this.phonetic === 0) {
      this.inText = true;
    }
  }

  text(text: string): void {
    if (this.inText) this.current += text;
  }

  close(name: string): void {
    if (name === 't') this.inText = false;
    else if (name === 'rPh') this.phonetic--;
    else if (name === 'si') {
      this.strings.push(decodeEscapes(this.current));
      this.inItem = false;
    }
  }
}
