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
