import type { CountryCode } from 'libphonenumber-js/mobile';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { parsePhone, type ParsedPhone } from './phone-parse';

/**
 * Parses phone numbers on a worker thread when one can be started (the
 * compiled build), so libphonenumber — the costliest part of an import — runs
 * beside the main thread's CSV parsing and database writes. Answers come back
 * in the order asked. Falls back to parsing in-thread (e.g. under ts-jest).
 */
export class PhoneParser {
  private readonly worker?: Worker;
  private readonly waiting = new Map<number, { resolve: (results: ParsedPhone[]) => void; reject: (error: Error) => void }>();
  private nextId = 0;

  constructor(private readonly country: CountryCode | undefined) {
    const script = path.join(__dirname, 'phone-worker.js');
    if (!existsSync(script)) return;
    this.worker = new Worker(script);
    this.worker.on('message', ({ id, results }: { id: number; results: ParsedPhone[] }) => {
      this.waiting.get(id)?.resolve(results);
      this.waiting.delete(id);
    });
    // A worker that dies must fail the run, not leave it waiting forever.
    const failAll = (error: Error) => {
      for (const pending of this.waiting.values()) pending.reject(error);
      this.waiting.clear();
    };
    this.worker.on('error', failAll);
    this.worker.on('exit', (code) => failAll(new Error(`The phone parser stopped (exit code ${code}).`)));
  }

  /** Stops the worker thread (its message port would keep the process alive). */
  async close(): Promise<void> {
    await this.worker?.terminate();
  }

  parse(texts: string[]): ParsedPhone[] | Promise<ParsedPhone[]> {
    if (!this.worker) return texts.map((text) => parsePhone(text, this.country));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker!.postMessage({ id, texts, country: this.country });
    });
  }
}
