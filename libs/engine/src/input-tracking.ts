import type { SourceInput } from '@ferry/sdk';

/** Wraps an input so progress can say how many bytes the source has read so far. */
export function trackInput(input?: SourceInput): { input?: SourceInput; bytesRead: () => number | undefined } {
  if (!input) return { bytesRead: () => undefined };
  let stream: { bytesRead?: number } | undefined;
  return {
    input: {
      ...input,
      open() {
        const opened = input.open();
        stream = opened as { bytesRead?: number };
        return opened;
      },
    },
    bytesRead: () => stream?.bytesRead,
  };
}
