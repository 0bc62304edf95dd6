import type { ProgressListener } from '@ferry/engine';
import { SingleBar } from 'cli-progress';

/**
 * A progress bar on a terminal (by bytes of the file read, with rows counted);
 * nothing when output is piped or --json is asked for.
 */
export function progressBar(totalBytes: number | undefined, enabled: boolean): { listener?: ProgressListener; stop(): void } {
  if (!enabled || !totalBytes) return { stop() {} };
  const bar = new SingleBar({
    format: ' {bar} {percentage}% | {rows} rows | {rate} rows/s',
    stream: process.stderr,
    hideCursor: true,
  });
  const started = Date.now();
  bar.start(totalBytes, 0, { rows: 0, rate: 0 });
  return {
    listener: ({ counts, bytesRead }) => {
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      bar.update(Math.min(bytesRead ?? 0, totalBytes), { rows: counts.read, rate: Math.round(counts.read / seconds) });
    },
    stop: () => bar.stop(),
  };
}

/** A progress line for a run executing elsewhere (a worker): rows done so far, and the rate. */
export function rowProgress(enabled: boolean): { listener?: ProgressListener; stop(): void } {
  if (!enabled) return { stop() {} };
  const started = Date.now();
  let shown = false;
  return {
    listener: ({ counts }) => {
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      process.stderr.write(`\r ${counts.read} rows | ${Math.round(counts.read / seconds)} rows/s   `);
      shown = true;
    },
    stop: () => {
      if (shown) process.stderr.write('\n');
    },
  };
}
