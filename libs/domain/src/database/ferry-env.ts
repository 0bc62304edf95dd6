import { plainToInstance } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';
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
