import { msUntilToken, take } from '../src/rate-limit';

const at = (seconds: number) => new Date(Date.UTC(2026, 10, 22, 12, 0, seconds));

describe('the per-workspace send rate', () => {
  it('lets a full minute go at once, then one message per 60/rate seconds', () => {
    const first = take({ tokens: 100, at: at(0) }, at(0), 100, 150);
    expect(first.granted).toBe(100);
    // 100 a minute: 0.6 s a message; 3 seconds later five more may go.
    const later = take(first.after, at(3), 100, 150);
    expect(later.granted).toBe(5);
    expect(take(later.after, at(3), 100, 150).granted).toBe(0);
  });

  it('never saves up more than one minute of messages, however long it was idle', () => {
    const idle = take({ tokens: 0, at: at(0) }, new Date(at(0).getTime() + 3_600_000), 100, 1000);
    expect(idle.granted).toBe(100);
  });

  it('sends 50,000 messages over 500 minutes at the default rate', () => {
    let bucket = { tokens: 100, at: at(0) };
    let sent = 0;
    let now = at(0).getTime();
    while (sent < 50_000) {
      const step = take(bucket, new Date(now), 100, 20);
      sent += step.granted;
      bucket = step.after;
      now += step.granted ? 0 : msUntilToken(bucket, new Date(now), 100);
    }
    expect((now - at(0).getTime()) / 60_000).toBeCloseTo(499, 0);
  });

  it('says how long until the next message may go', () => {
    expect(msUntilToken({ tokens: 0, at: at(0) }, at(0), 100)).toBe(600);
    expect(msUntilToken({ tokens: 0.5, at: at(0) }, at(0), 60)).toBe(500);
    expect(msUntilToken({ tokens: 2, at: at(0) }, at(0), 60)).toBe(0);
  });
});
