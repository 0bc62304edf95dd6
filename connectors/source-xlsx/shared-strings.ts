import { decodeEscapes } from './cell-text';
import type { XmlHandler } from './xml-parts';

/**
 * The shared strings a workbook's cells point at, packed as UTF-8 with an
 * end offset per string. Excel writes every distinct text there (a
 * 200,000-row contact list: some 600,000 names and emails); as JavaScript
 * strings, many of them slices of the parser's chunks, the table cost over
 * 100 MB — packed, about the size of its text.
 *
 * The bytes go in fixed 1 MB blocks, a string never split across two: one
 * buffer grown by doubling left each outgrown copy (8 + 4 + 2 … MB) waiting
 * for a garbage collection, and the C heap holding on to the pages after it.
 */
export class StringTable {
  private static readonly BLOCK = 1 << 20;
  private readonly blocks: Buffer[] = [];
  /** The index of the first string in each block. */
  private readonly firsts: number[] = [];
  private block: Buffer = Buffer.alloc(0);
  private used = 0;
  /** Where each string ends in its block. */
  private ends = new Uint32Array(1024);
  length = 0;

  push(text: string): void {
    const bytes = Buffer.byteLength(text);
    if (this.blocks.length === 0 || this.used + bytes > this.block.length) {
      // A cell holds at most 32,767 characters, so a string fits one block; a longer one (a damaged file) gets its own.
      this.block = Buffer.allocUnsafeSlow(Math.max(StringTable.BLOCK, bytes));
      this.used = 0;
      this.blocks.push(this.block);
      this.firsts.push(this.length);
    }
    this.used += this.block.write(text, this.used);
    if (this.length === this.ends.length) {
      const grown = new Uint32Array(this.ends.length * 2);
      grown.set(this.ends);
      this.ends = grown;
    }
    this.ends[this.length++] = this.used;
  }

  get(index: number): string {
    const b = this.blockOf(index);
    return this.blocks[b].toString('utf8', index === this.firsts[b] ? 0 : this.ends[index - 1], this.ends[index]);
  }

  /** The block holding string `index` (binary search over a few dozen blocks). */
  private blockOf(index: number): number {
    let low = 0;
    let high = this.firsts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.firsts[mid] <= index) low = mid;
      else high = mid - 1;
    }
    return low;
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
