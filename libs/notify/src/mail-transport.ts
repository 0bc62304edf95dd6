import type { FerryEnv } from '@ferry/domain';
import nodemailer from 'nodemailer';

export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Lets the receiving side (and a resend after a crash) recognise the message. */
  messageId: string;
}

/** Where emails go. One implementation: SMTP through nodemailer; tests run a real SMTP server. */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export type SmtpSettings = Pick<FerryEnv, 'FERRY_SMTP_HOST' | 'FERRY_SMTP_PORT' | 'FERRY_SMTP_USER' | 'FERRY_SMTP_PASSWORD'>;

/** SMTP from the environment, or undefined when FERRY_SMTP_HOST is not set (emails then wait in the outbox). */
export function smtpTransport(env: SmtpSettings): MailTransport | undefined {
  if (!env.FERRY_SMTP_HOST) return undefined;
  const transporter = nodemailer.createTransport({
    host: env.FERRY_SMTP_HOST,
    port: env.FERRY_SMTP_PORT,
    // 465 is TLS from the first byte; other ports upgrade with STARTTLS when the server offers it.
    secure: env.FERRY_SMTP_PORT === 465,
    auth: env.FERRY_SMTP_USER ? { user: env.FERRY_SMTP_USER, pass: env.FERRY_SMTP_PASSWORD ?? '' } : undefined,
    // One connection reused for many messages; the rate limit, not parallelism, sets the pace.
    pool: true,
    maxConnections: 1,
    connectionTimeout: 20_000,
    greetingTimeout: 20_000,
    socketTimeout: 60_000,
  });
  return {
    async send(mail) {
      await transporter.sendMail(mail);
    },
    close: () => transporter.close(),
  };
}
