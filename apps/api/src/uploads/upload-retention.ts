import { markExpiredUploads, type Database, type FerryEnv } from '@ferry/domain';
import { DATABASE, ENV } from '@ferry/engine';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { rm } from 'node:fs/promises';
import { uploadPath } from './upload-storage';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How often the API looks for files past their time. */
const SWEEP_EVERY_MS = 60 * 60 * 1000;
/** Uploads marked per statement: a long backlog goes in short transactions. */
const SWEEP_PAGE = 500;

/**
 * Deletes uploaded files older than FERRY_UPLOAD_RETENTION_DAYS, at start and
 * every hour, so the uploads folder does not grow for ever. The upload's
 * record stays (marked removed): imports keep naming their file, and asking
 * for the file again answers 410 with the reason. A file a queued or running
 * import still reads is kept until that import ends.
 */
@Injectable()
export class UploadRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('uploads');
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<number>;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(ENV) private readonly env: FerryEnv,
  ) {}

  onApplicationBootstrap(): void {
    if (this.env.FERRY_UPLOAD_RETENTION_DAYS === 0) return;
    const run = () => void this.sweep().catch((error: Error) => this.logger.warn(`Deleting old uploads failed (tried again in an hour): ${error.message}`));
    run();
    this.timer = setInterval(run, SWEEP_EVERY_MS).unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping?.catch(() => undefined);
  }

  /** Deletes the files past their time; returns how many. One sweep at a time. */
  sweep(): Promise<number> {
    this.sweeping ??= this.deleteExpired(new Date(Date.now() - this.env.FERRY_UPLOAD_RETENTION_DAYS * DAY_MS)).finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async deleteExpired(cutoff: Date): Promise<number> {
    let deleted = 0;
    for (;;) {
      // Marked first: a crash between the two leaves a file on disk, never a record pointing at nothing.
      const expired = await markExpiredUploads(this.db.sql, cutoff, SWEEP_PAGE);
      for (const { workspaceId, storedName } of expired) await rm(uploadPath(this.env.FERRY_HOME, workspaceId, storedName), { force: true });
      deleted += expired.length;
      if (expired.length < SWEEP_PAGE) break;
    }
    if (deleted > 0) this.logger.log(`Deleted ${deleted} uploaded file(s) older than ${this.env.FERRY_UPLOAD_RETENTION_DAYS} days.`);
    return deleted;
  }
}
