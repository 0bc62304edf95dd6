import { openDatabase, WorkspaceStore, type Database, type FerryEnv } from '@ferry/domain';
import { RunPipeline } from '@ferry/engine';
import type { PluginRegistry } from '@ferry/sdk';
import { Module, type DynamicModule, type OnApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

export const ENV = Symbol('FerryEnv');
export const DATABASE = Symbol('Database');
export const REGISTRY = Symbol('PluginRegistry');
export const WORKSPACE_ID = Symbol('WorkspaceId');

@Injectable()
class DatabaseCloser implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly db: Database) {}
  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
  }
}

/** What every command needs: env, database (migrated), plugins, the workspace, the engine. */
@Module({})
class FerryCoreModule {
  static forRoot(env: FerryEnv, registry: PluginRegistry): DynamicModule {
    return {
      module: FerryCoreModule,
      providers: [
        { provide: ENV, useValue: env },
        { provide: REGISTRY, useValue: registry },
        { provide: DATABASE, useFactory: () => openDatabase(env) },
        {
          provide: WORKSPACE_ID,
          inject: [DATABASE],
          useFactory: (db: Database) => new WorkspaceStore(db.sql).ensure(env.FERRY_WORKSPACE),
        },
        { provide: RunPipeline, inject: [DATABASE, REGISTRY], useFactory: (db: Database, r: PluginRegistry) => new RunPipeline(db, r) },
        DatabaseCloser,
      ],
      exports: [ENV, DATABASE, REGISTRY, WORKSPACE_ID, RunPipeline],
    };
  }
}

export interface FerryContext {
  env: FerryEnv;
  db: Database;
  registry: PluginRegistry;
  workspaceId: string;
  runPipeline: RunPipeline;
}

/** Boots the Nest context for one command, runs it, and always shuts the database down. */
export async function withFerry<T>(env: FerryEnv, registry: PluginRegistry, work: (ctx: FerryContext) => Promise<T>): Promise<T> {
  const app = await NestFactory.createApplicationContext(FerryCoreModule.forRoot(env, registry), { logger: false, abortOnError: false });
  app.enableShutdownHooks();
  try {
    return await work({
      env,
      registry,
      db: app.get(DATABASE),
      workspaceId: app.get(WORKSPACE_ID),
      runPipeline: app.get(RunPipeline),
    });
  } finally {
    await app.close();
  }
}
