import type { Readable } from 'node:stream';

/**
 * The objects an object-mode stream has ready, a batch at a time. stream-json
 * emits millions of tokens: one await per batch instead of one per token (as
 * `for await` over the stream does) makes parsing about a third faster.
 * Tokens that arrived before an error are handed out before it is thrown.
 */
export async function* objectBatches<T>(stream: Readable): AsyncGenerator<T[]> {
  let failure: { error: unknown } | undefined;
  let ended = false;
  let wake: (() => void) | undefined;
  const signal = () => {
    wake?.();
    wake = undefined;
  };
  const onError = (error: unknown) => {
    failure = { error };
    signal();
  };
  const onEnd = () => {
    ended = true;
    signal();
  };
  stream.on('readable', signal).once('end', onEnd).once('error', onError);
  try {
    for (;;) {
      const batch: T[] = [];
      for (let item = stream.read() as T | null; item !== null; item = stream.read() as T | null) batch.push(item);
      if (batch.length > 0) yield batch;
      else if (failure) throw failure.error;
      else if (ended) return;
      else await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    stream.off('readable', signal).off('end', onEnd).off('error', onError);
    stream.destroy();
  }
}
