import { Transform, type TransformCallback } from 'node:stream';

/** Passes bytes on unchanged, counting lines, so an error at the end of a file can say where the file stops. */
export class LineCounter extends Transform {
  private lines = 1;
  private column = 1;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    let last = -1;
    for (let at = chunk.indexOf(0x0a); at >= 0; at = chunk.indexOf(0x0a, at + 1)) {
      this.lines++;
      last = at;
    }
    this.column = last >= 0 ? chunk.length - last : this.column + chunk.length;
    callback(null, chunk);
  }

  /** Where the bytes passed so far end: "line 57, column 12" (columns in bytes). */
  position(): string {
    return `line ${this.lines}, column ${this.column}`;
  }
}
