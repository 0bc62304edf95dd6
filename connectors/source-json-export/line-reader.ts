/** One line of a text file. */
export interface Line {
  /** From 1. */
  number: number;
  /** Without its line break; undefined when it is longer than the limit (only its length is known). */
  text: string | undefined;
  /** In bytes, without the line break. */
  length: number;
  /** False for a last line that no line break ends. */
  terminated: boolean;
}

const NEWLINE = 0x0a;
const RETURN = 0x0d;

/**
 * Splits bytes into UTF-8 lines (LF or CRLF) without holding more than one
 * line: a line longer than `maxBytes` is counted to its end but not kept.
 */
export async function* readLines(chunks: AsyncIterable<Buffer>, maxBytes: number): AsyncGenerator<Line> {
  let parts: Buffer[] = [];
  let length = 0;
  let number = 0;
  const line = (tail: Buffer, terminated: boolean): Line => {
    length += tail.length;
    let text: string | undefined;
    let size = length;
    if (length <= maxBytes) {
      const bytes = parts.length === 0 ? tail : Buffer.concat([...parts, tail]);
      size = terminated && bytes[bytes.length - 1] === RETURN ? bytes.length - 1 : bytes.length;
      text = bytes.toString('utf8', 0, size);
    }
    const result: Line = { number: ++number, text, length: size, terminated };
    parts = [];
    length = 0;
    return result;
  };

  for await (const chunk of chunks) {
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end >= 0; end = chunk.indexOf(NEWLINE, start)) {
      yield line(chunk.subarray(start, end), true);
      start = end + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      if (length + rest.length <= maxBytes) parts.push(rest);
      else parts = [];
      length += rest.length;
    }
  }
  if (length > 0) yield line(Buffer.alloc(0), false);
}
