/**
 * The target of the first link with `rel` (RFC 8288) in a Link header, e.g.
 * `<https://api.example.com/people?page=2>; rel="next", <...>; rel="last"`.
 * Parameters may be quoted (with commas and escapes inside), `rel` may list
 * several relations, and names compare without case.
 */
export function linkWithRel(header: string | null, rel: string): string | undefined {
  if (!header) return undefined;
  const wanted = rel.toLowerCase();
  const s: string = header;
  let i = 0;
  const skip = (chars: string) => {
    while (i < s.length && chars.includes(s[i])) i++;
  };
  const readUntil = (stops: string) => {
    const start = i;
    while (i < s.length && !stops.includes(s[i])) i++;
    return s.slice(start, i).trim();
  };
  const readQuoted = () => {
    let text = '';
    for (i++; i < s.length && s[i] !== '"'; i++) text += s[i] === '\\' ? (s[++i] ?? '') : s[i];
    i++;
    return text;
  };

  while (i < s.length) {
    skip(' \t,');
    if (i >= s.length) break;
    if (s[i] !== '<') return undefined; // not a Link header we can read
    const end = s.indexOf('>', i);
    if (end < 0) return undefined;
    const target = s.slice(i + 1, end).trim();
    i = end + 1;
    let rels: string[] = [];
    for (skip(' \t'); s[i] === ';'; skip(' \t')) {
      i++;
      const name = readUntil('=;,').toLowerCase();
      let value = '';
      if (s[i] === '=') {
        i++;
        skip(' \t');
        value = s[i] === '"' ? readQuoted() : readUntil(';,');
      }
      if (name === 'rel') rels = value.toLowerCase().split(/\s+/);
    }
    if (rels.includes(wanted)) return target;
  }
  return undefined;
}
