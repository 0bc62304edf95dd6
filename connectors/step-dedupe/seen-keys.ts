/** The row number bits of a slot; the top bit marks a record noted from a recognised row. */
const ROW = 0x7fffffff;
const RECOGNISED = 0x80000000;

/**
 * The first row number of every key seen, without keeping the keys: each key
 * is reduced to a 64-bit hash (two unrelated 32-bit hashes) in an
 * open-addressing table of typed arrays, 12 bytes a slot. A million keys take
 * 25 MB outside the JS heap; two different keys share a hash with a
 * probability of about 3 in 100 million per million keys.
 */
export class SeenKeys {
  private high: Uint32Array;
  private low: Uint32Array;
  /** Row number + 1 (top bit: noted from a recognised row, see noteRecognised); 0 marks an empty slot. */
  private rows: Uint32Array;
  private count = 0;
  /** Keys (high, low pairs) noted from recognised rows in the current batch. */
  private provisional: number[] = [];

  constructor(capacity = 1 << 16) {
    this.high = new Uint32Array(capacity);
    this.low = new Uint32Array(capacity);
    this.rows = new Uint32Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** The row the key was first seen on, or undefined after recording `row` as its first. */
  firstRowOf(high: number, low: number, row: number): number | undefined {
    const slot = this.slotOf(high, low);
    const stored = this.rows[slot];
    if (stored !== 0) {
      const first = (stored & ROW) - 1;
      // A recognised row of this batch that comes after this one in the file: this one is first.
      if (!(stored & RECOGNISED) || first < row) return first;
      this.rows[slot] = row + 1;
      return undefined;
    }
    this.insert(slot, high, low, row + 1);
    return undefined;
  }

  /**
   * Records a recognised row (one that skips the steps) as its key's first and
   * returns true, when the key is new; else records nothing and returns false.
   * Recognised rows are told before the batch's other rows are transformed,
   * so until the next batch such a record gives way to an earlier row of the
   * batch that is transformed after it.
   */
  noteRecognised(high: number, low: number, row: number): boolean {
    const slot = this.slotOf(high, low);
    if (this.rows[slot] !== 0) return false;
    this.insert(slot, high, low, (row + 1) | RECOGNISED);
    this.provisional.push(high, low);
    return true;
  }

  /** Makes the recognised rows noted so far ordinary records (a new batch begins). */
  settle(): void {
    for (let i = 0; i < this.provisional.length; i += 2) {
      const slot = this.slotOf(this.provisional[i], this.provisional[i + 1]);
      this.rows[slot] &= ROW;
    }
    this.provisional = [];
  }

  private insert(slot: number, high: number, low: number, stored: number): void {
    this.high[slot] = high;
    this.low[slot] = low;
    this.rows[slot] = stored;
    if (++this.count * 10 > this.rows.length * 7) this.grow();
  }

  /** The key's slot, or the empty slot where it would go. */
  private slotOf(high: number, low: number): number {
    const mask = this.rows.length - 1;
    let slot = low & mask;
    while (this.rows[slot] !== 0) {
      if (this.low[slot] === low && this.high[slot] === high) return slot;
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private grow(): void {
    const { high, low, rows } = this;
    const capacity = rows.length * 2;
    const mask = capacity - 1;
    this.high = new Uint32Array(capacity);
    this.low = new Uint32Array(capacity);
    this.rows = new Uint32Array(capacity);
    for (let i = 0; i < rows.length; i++) {
      if (rows[i] === 0) continue;
      let slot = low[i] & mask;
      while (this.rows[slot] !== 0) slot = (slot + 1) & mask;
      this.high[slot] = high[i];
      this.low[slot] = low[i];
      this.rows[slot] = rows[i];
    }
  }
}
