/** A plain text table: columns padded to their widest cell, long cells cut. */
export function table(headers: string[], rows: (string | number | null | undefined)[][], maxWidth = 60): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => clip(c == null ? '' : String(c), maxWidth)))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells.map((r) => r.map((c, i) => (c ?? '').padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

function clip(text: string, max: number): string {
  const oneLine = text.replace(/[\r\n\t]+/g, ' ');
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}
