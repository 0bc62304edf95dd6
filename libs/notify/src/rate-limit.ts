/** A workspace's allowance: tokens left at a moment. */
export interface Allowance {
  tokens: number;
  at: Date;
}

/**
 * A token bucket: a workspace may send `perMinute` emails at once, then one
 * every 60/perMinute seconds. Each send takes a token; tokens come back
 * steadily up to the one-minute allowance, so a 50,000-person import goes
 * out at the rate however many senders share the work.
 */
export function refill(bucket: Allowance, now: Date, perMinute: number): number {
  const elapsed = Math.max(0, now.getTime() - bucket.at.getTime());
  return Math.min(perMinute, bucket.tokens + (elapsed * perMinute) / 60_000);
}

/** How many of `wanted` may go now, and the bucket after taking them. */
export function take(bucket: Allowance, now: Date, perMinute: number, wanted: number): { granted: number; after: Allowance } {
  const available = refill(bucket, now, perMinute);
  const granted = Math.max(0, Math.min(wanted, Math.floor(available)));
  return { granted, after: { tokens: available - granted, at: now } };
}

/** Milliseconds until the bucket holds a whole token again. */
export function msUntilToken(bucket: Allowance, now: Date, perMinute: number): number {
  const missing = 1 - refill(bucket, now, perMinute);
  return missing <= 0 ? 0 : Math.ceil((missing * 60_000) / perMinute);
}
