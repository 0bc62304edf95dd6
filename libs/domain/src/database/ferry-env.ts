import { plainToInstance } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, validateSync } from 'class-validator';
import * as path from 'node:path';

/**
 * The environment Ferry reads, validated once at start-up. Without
 * DATABASE_URL Ferry runs on an embedded PostgreSQL in FERRY_HOME.
 */
export class FerryEnv {
  /** postgres://user:password@host:port/db — a secret: never printed. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must start with postgres:// or postgresql://' })
  DATABASE_URL?: string;

  @IsOptional()
  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must start with redis:// or rediss://' })
  REDIS_URL?: string;

  /** Where the embedded database and uploads live. */
  @IsString()
  FERRY_HOME: string = path.resolve('.ferry');

  /** The workspace the CLI acts on (its slug). */
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'FERRY_WORKSPACE must be a lower-case slug' })
  FERRY_WORKSPACE: string = 'default';

  @IsInt()
  @Min(1)
  @Max(100_000)
  FERRY_BATCH_SIZE: number = 1000;

  /** Runs one worker process executes at once. */
  @IsInt()
  @Min(1)
  @Max(64)
  FERRY_WORKER_CONCURRENCY: number = 2;

  /** Runs of one workspace executing at once across all workers, so one school never starves the others. */
  @IsInt()
  @Min(1)
  @Max(64)
  FERRY_WORKSPACE_CONCURRENCY: number = 2;

  /**
   * How long a worker's hold on a job lasts without renewal: after a worker
   * dies (SIGKILL, power loss), its run is taken over by another worker
   * within about this time.
   */
  @IsInt()
  @Min(1000)
  FERRY_JOB_LOCK_MS: number = 30_000;

  /** Redis key prefix of Ferry's queues: installations (or test runs) sharing one Redis keep apart by it. */
  @IsString()
  @Matches(/^[a-zA-Z0-9:_-]{1,64}$/, { message: 'FERRY_QUEUE_PREFIX may hold letters, digits, : _ -' })
  FERRY_QUEUE_PREFIX: string = 'ferry';

  /** The admin API's port (0: any free port, printed at start). */
  @IsInt()
  @Min(0)
  @Max(65535)
  FERRY_API_PORT: number = 3000;

  /** The largest file the admin API accepts; bigger uploads are answered 413. */
  @IsInt()
  @Min(1)
  FERRY_UPLOAD_MAX_BYTES: number = 200 * 1024 * 1024;

  /**
   * Days an uploaded file is kept (0: for ever). The admin API deletes older
   * files every hour, except those a queued or running import still reads;
   * their imports keep their history, and their error reports say the file is gone.
   */
  @IsInt()
  @Min(0)
  FERRY_UPLOAD_RETENTION_DAYS: number = 30;

  // ------------------------------------------------------------ emails (libs/notify)

  /** The SMTP server emails go through; without it, emails wait in the outbox. */
  @IsOptional()
  @IsString()
  FERRY_SMTP_HOST?: string;

  /** 465 means TLS from the start; other ports upgrade with STARTTLS when the server offers it. */
  @IsInt()
  @Min(1)
  @Max(65535)
  FERRY_SMTP_PORT: number = 587;

  @IsOptional()
  @IsString()
  FERRY_SMTP_USER?: string;

  /** A secret: never printed. */
  @IsOptional()
  @IsString()
  FERRY_SMTP_PASSWORD?: string;

  /** The From of every email, e.g. `Piano School <hello@piano.example>`. */
  @IsString()
  FERRY_SMTP_FROM: string = 'Ferry <no-reply@localhost>';

  /** Where links in emails point (the platform's address): set-password and course pages live under it. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true }, { message: 'FERRY_APP_URL must be an http(s) address' })
  FERRY_APP_URL: string = 'http://localhost:3000';

  /** Emails one workspace sends a minute at most (a workspace may set its own with `ferry emails rate`). */
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  FERRY_EMAIL_RATE_PER_MINUTE: number = 100;

  /** Attempts before a message whose sending keeps failing for a passing reason is given up. */
  @IsInt()
  @Min(1)
  @Max(100)
  FERRY_EMAIL_MAX_ATTEMPTS: number = 5;

  /** The wait before the first retry, doubled for each further one (at most an hour). */
  @IsInt()
  @Min(0)
  FERRY_EMAIL_RETRY_MS: number = 30_000;

  /** How long a sender holds a claimed message: a sender that dies mid-send loses it to another after this. */
  @IsInt()
  @Min(1000)
  FERRY_EMAIL_LEASE_MS: number = 60_000;

  /** How often a worker looks for emails to send. */
  @IsInt()
  @Min(100)
  FERRY_EMAIL_POLL_MS: number = 2000;
}

export function loadEnv(source: NodeJS.ProcessEnv = process.env): FerryEnv {
  const raw = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const env = plainToInstance(FerryEnv, raw, { enableImplicitConversion: true, exposeDefaultValues: true });
  const errors = validateSync(env, { whitelist: true });
  if (errors.length > 0) {
    const text = errors.flatMap((e) => Object.values(e.constraints ?? {})).join('; ');
    throw new Error(`Invalid environment: ${text}`);
  }
  env.FERRY_HOME = path.resolve(env.FERRY_HOME);
  return env;
}
