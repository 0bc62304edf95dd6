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
  /** Row number + 1; 0 marks an empty slot. */
  private rows: Uint32Array;
  private count = 0;

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
    const mask = this.rows.length - 1;
    let slot = low & mask;
    while (this.rows[slot] !== 0) {
      if (this.low[slot] === low && this.high[slot] === high) return this.rows[slot] - 1;
      slot = (slot + 1) & mask;
    }
    this.high[slot] = high;
    this.low[slot] = low;
    this.rows[slot] = row + 1;
    if (++this.count * 10 > this.rows.length * 7) this.grow();
    return undefined;
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
