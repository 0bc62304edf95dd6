import { parentPort, workerData } from 'node:worker_threads';
import { RecordParser, type ParsedChunk } from './record-parser';

/**
 * The parsing thread's side of ParseThread: a chunk of UTF-8 bytes in, the
 * records it completed out, one answer per message, in order.
 */
const { delimiter, capBytes } = workerData as { delimiter: string; capBytes: number };
const parser = new RecordParser(delimiter, capBytes);
let previous: Promise<unknown> = Promise.resolve();

parentPort!.on('message', (chunk: Uint8Array | null) => {
  // Each chunk waits for the one before: records are numbered in file order.
  previous = previous.then(async () => {
    const parsed: ParsedChunk = chunk ? await parser.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)) : await parser.end();
    parentPort!.postMessage(parsed);
  });
});
