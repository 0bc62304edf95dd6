import { openDatabase, type Database, type FerryEnv } from '@ferry/domain';
import type { PluginRegistry } from '@ferry/sdk';
import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { RunPipeline } from './run-pipeline.use-case';

export const ENV = Symbol('FerryEnv');
export const DATABASE = Symbol('Database');
export const REGISTRY = Symbol('PluginRegistry');

@Injectable()
class DatabaseCloser implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly db: Database) {}
  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
  }
}

/** What every Ferry application needs (the CLI, the worker, the API): env, the database (migrated), plugins, the engine. */
@Module({})
export class FerryCoreModule {
  static forRoot(env: FerryEnv, registry: PluginRegistry): DynamicModule {
    return {
      module: FerryCoreModule,
      global: true,
      providers: [
        { provide: ENV, useValue: env },
        { provide: REGISTRY, useValue: registry },
        { provide: DATABASE, useFactory: () => openDatabase(env) },
        // A run's lease outlives the queue's job lock: a run is taken over only after its job was found stalled.
        { provide: RunPipeline, inject: [DATABASE, REGISTRY], useFactory: (db: Database, r: PluginRegistry) => new RunPipeline(db, r, env.FERRY_JOB_LOCK_MS * 2) },
        DatabaseCloser,
      ],
      exports: [ENV, DATABASE, REGISTRY, RunPipeline],
    };
  }
}
