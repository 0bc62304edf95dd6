import { BUILT_IN_PLUGINS } from '@ferry/connectors';
import type { Database, FerryEnv } from '@ferry/domain';
import { buildRegistry, DATABASE, ENV, FerryCoreModule, RunPipeline } from '@ferry/engine';
import { RunLauncher } from '@ferry/jobs';
import { Inject, Injectable, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { MulterModule } from '@nestjs/platform-express';
import { CatalogController } from './catalog/catalog.controller';
import { ApiExceptionFilter } from './http/api-exception.filter';
import { ApiKeyGuard } from './http/auth';
import { ImportPlanner } from './imports/import-planner';
import { ImportsController } from './imports/imports.controller';
import { ImportsService } from './imports/imports.service';
import { SchedulesController } from './schedules/schedules.controller';
import { UploadRetention } from './uploads/upload-retention';
import { hashingStorage } from './uploads/upload-storage';
import { UploadsController } from './uploads/uploads.controller';
import { ContactsController, FieldsController, HealthController, RunsController } from './workspace-data/workspace-data.controller';

@Injectable()
class LauncherLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(RunLauncher) private readonly launcher: RunLauncher) {}
  async onApplicationBootstrap(): Promise<void> {
    await this.launcher.resumeAbandoned();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.launcher.close();
  }
}

/** The admin API: the import wizard's steps over HTTP, every query scoped to the key's workspace. */
@Module({})
export class ApiModule {
  static forRoot(env: FerryEnv): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        FerryCoreModule.forRoot(env, buildRegistry(BUILT_IN_PLUGINS)),
        // One file per request, streamed to disk; a bigger one is answered 413 and nothing of it is kept.
        // preservePath: the name as sent, so one carrying a path is refused rather than quietly cut to its base name.
        MulterModule.register({ storage: hashingStorage(env.FERRY_HOME), preservePath: true, defParamCharset: 'utf8', limits: { fileSize: env.FERRY_UPLOAD_MAX_BYTES, files: 1, fields: 10 } }),
      ],
      controllers: [HealthController, UploadsController, ImportsController, RunsController, ContactsController, FieldsController, CatalogController, SchedulesController],
      providers: [
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
        { provide: RunLauncher, inject: [ENV, DATABASE, RunPipeline], useFactory: (e: FerryEnv, db: Database, p: RunPipeline) => new RunLauncher(e, db, p) },
        LauncherLifecycle,
        UploadRetention,
        ImportPlanner,
        ImportsService,
      ],
    };
  }
}
