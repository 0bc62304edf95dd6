import { Readable } from 'node:stream';
import type { SourceInput } from '@ferry/sdk';

/** A person of a generated export. */
export const person = (i: number) => ({
  email: `person${i}@example.com`, first_name: `First${i}`, last_name: 'Generated', phone: '+447700900123',
  tags: ['generated', `cohort-${i % 7}`], roles: ['student'], fields: { shoe_size: 30 + (i % 15) },
});

/**
 * A large export made while it is read, ~64 KB at a time, never held whole;
 * `progress.records` says how many records have been handed to the reader so far.
 */
export function generatedExport(count: number, format: 'json' | 'ndjson'): { input: SourceInput; progress: { records: number; done: boolean } } {
  const progress = { records: 0, done: false };
  function* chunks(): Generator<Buffer> {
    let text = format === 'json' ? '{"format":"ferry-export","version":1,"people":[\n' : '{"format":"ferry-export","version":1}\n';
    for (let i = 1; i <= count; i++) {
      const record = JSON.stringify(format === 'json' ? person(i) : { kind: 'person', ...person(i) });
      text += format === 'json' ? `${i > 1 ? ',\n' : ''}${record}` : `${record}\n`;
      if (text.length >= 64 * 1024) {
        progress.records = i;
        yield Buffer.from(text);
        text = '';
      }
    }
    if (format === 'json') text += '\n]}\n';
    progress.records = count;
    progress.done = true;
    yield Buffer.from(text);
  }
  return { input: { label: `generated.${format}`, open: () => Readable.from(chunks(), { objectMode: false }) }, progress };
}
