import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ChunkParser, ParsedChunk } from './record-parser';

const SCRIPT = path.join(__dirname, 'csv-parse-worker.js');

/**
 * Inputs from this size on are parsed on a thread of their own: csv-parse is
 * the costliest part of reading a CSV, and on the main thread it competes with
 * the steps and the database writes. Below it, starting the thread (~30 ms)
 * would cost more than it saves.
 */
export const OFF_THREAD_MIN_BYTES = 1024 * 1024;

/** Whether an input of this size is parsed off the main thread (only from the compiled build: a worker runs JavaScript). */
export function parsesOffThread(size: number | undefined): boolean {
  return size !== undefined && size >= OFF_THREAD_MIN_BYTES && existsSync(SCRIPT);
}

/**
 * A RecordParser on a worker thread (csv-parse-worker): chunks are sent as
 * they are read and parsed there while this thread goes on with earlier rows;
 * answers come back in the order the chunks went.
 */
export class ParseThread implements ChunkParser {
  private readonly worker: Worker;
  private readonly waiting: { resolve: (parsed: ParsedChunk) => void; reject: (error: Error) => void }[] = [];
  private failure?: Error;

  constructor(delimiter: string, capBytes: number) {
    this.worker = new Worker(SCRIPT, { workerData: { delimiter, capBytes } });
    this.worker.on('message', (parsed: ParsedChunk) => this.waiting.shift()?.resolve(parsed));
    // A thread that dies must fail the read, not leave it waiting forever.
    const failAll = (error: Error) => {
      this.failure ??= error;
      for (const pending of this.waiting.splice(0)) pending.reject(this.failure);
    };
    this.worker.on('error', failAll);
    this.worker.on('exit', (code) => failAll(new Error(`The CSV parsing thread stopped (exit code ${code}).`)));
  }

  write(chunk: Buffer): Promise<ParsedChunk> {
    return this.ask(chunk);
  }

  end(): Promise<ParsedChunk> {
    return this.ask(null);
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private ask(message: Buffer | null): Promise<ParsedChunk> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      if (!message) return this.worker.postMessage(null);
      // A Buffer is often a view of a larger pooled block, which postMessage would copy whole: send exactly its bytes.
      const bytes = new Uint8Array(message);
      this.worker.postMessage(bytes, [bytes.buffer]);
    });
  }
}
