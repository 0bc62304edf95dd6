import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

/** A message the test server accepted, decoded. */
export interface ReceivedMail {
  to: string[];
  from: string;
  subject: string;
  messageId: string;
  html: string;
  text: string;
}

/** What the test server does with a message's data once it has arrived. */
export type SinkMode =
  | 'accept'
  /** Never answer: the sender waits (mid-send) until it gives up or dies. */
  | 'stall'
  /** Refuse for now (4xx) or for good (5xx). */
  | { refuse: number };

export interface SmtpSink {
  port: number;
  /** SMTP settings for Ferry's environment. */
  env: Record<string, string>;
  mails: ReceivedMail[];
  /** Messages whose data began to arrive, accepted or not. */
  attempts: () => number;
  setMode(mode: SinkMode): void;
  waitForMails(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

/** A real SMTP server on loopback (no TLS, no auth) that keeps what it receives. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const mails: ReceivedMail[] = [];
  let attempts = 0;
  let mode: SinkMode = 'accept';
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    closeTimeout: 100,
    onData(stream, session, callback) {
      attempts++;
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (mode === 'stall') return; // no answer, ever
        if (typeof mode === 'object') {
          const error = Object.assign(new Error(mode.refuse >= 500 ? 'Mailbox unavailable' : 'Try again later'), { responseCode: mode.refuse });
          return callback(error);
        }
        const parsed = parseMail(Buffer.concat(chunks).toString('utf8'));
        mails.push({ ...parsed, to: session.envelope.rcptTo.map((r) => r.address), from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '' });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    env: { FERRY_SMTP_HOST: '127.0.0.1', FERRY_SMTP_PORT: String(port), FERRY_SMTP_FROM: 'Piano School <hello@piano.example>' },
    mails,
    attempts: () => attempts,
    setMode: (next) => (mode = next),
    async waitForMails(count, timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      while (mails.length < count) {
        if (Date.now() > until) throw new Error(`expected ${count} emails, got ${mails.length}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return mails;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Just enough MIME for what nodemailer writes: headers, multipart/alternative, quoted-printable or base64, encoded words. */
function parseMail(raw: string): Omit<ReceivedMail, 'to' | 'from'> {
  const { headers, body } = splitPart(raw);
  const parts: Record<string, string> = {};
  const boundary = /boundary="?([^";]+)"?/i.exec(headers['content-type'] ?? '')?.[1];
  const leaves = boundary ? body.split(`--${boundary}`).slice(1, -1).map(splitPart) : [{ headers, body }];
  for (const leaf of leaves) {
    const type = (leaf.headers['content-type'] ?? 'text/plain').split(';')[0].trim();
    parts[type] = decodeBody(leaf.body, leaf.headers['content-transfer-encoding']);
  }
  return {
    subject: decodeWords(headers.subject ?? ''),
    messageId: headers['message-id'] ?? '',
    html: parts['text/html'] ?? '',
    text: parts['text/plain'] ?? '',
  };
}

function splitPart(raw: string): { headers: Record<string, string>; body: string } {
  const text = raw.replace(/^\r?\n/, '');
  const end = text.search(/\r?\n\r?\n/);
  const head = end < 0 ? text : text.slice(0, end);
  const body = end < 0 ? '' : text.slice(end).replace(/^\r?\n\r?\n/, '');
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

function decodeBody(body: string, encoding = '7bit'): string {
  const trimmed = body.replace(/\r?\n$/, '');
  if (/quoted-printable/i.test(encoding)) {
    const bytes = trimmed.replace(/=\r?\n/g, '').replace(/%/g, '%25').replace(/=([0-9A-F]{2})/gi, '%$1');
    return decodeURIComponent(bytes).replace(/\r\n/g, '\n');
  }
  if (/base64/i.test(encoding)) return Buffer.from(trimmed.replace(/\s+/g, ''), 'base64').toString('utf8').replace(/\r\n/g, '\n');
  return trimmed.replace(/\r\n/g, '\n');
}

function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QB])\?([^?]*)\?=/gi, (_, _charset, kind: string, data: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : decodeURIComponent(data.replace(/_/g, ' ').replace(/%/g, '%25').replace(/=([0-9A-F]{2})/gi, '%$1')));
}
