import { WorkspaceStore, type Database, type FerryEnv } from '@ferry/domain';
import { DATABASE, FerryCoreModule, RunPipeline } from '@ferry/engine';
import type { PluginRegistry } from '@ferry/sdk';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

export const WORKSPACE_ID = Symbol('WorkspaceId');

/** The core, plus the workspace the CLI works in (FERRY_WORKSPACE, created on first use). */
@Module({})
class CliModule {
  static forRoot(env: FerryEnv, registry: PluginRegistry): DynamicModule {
    return {
      module: CliModule,
      imports: [FerryCoreModule.forRoot(env, registry)],
      providers: [
        { provide: WORKSPACE_ID, inject: [DATABASE], useFactory: (db: Database) => new WorkspaceStore(db.sql).ensure(env.FERRY_WORKSPACE) },
      ],
      exports: [WORKSPACE_ID],
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
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(env, registry), { logger: false, abortOnError: false });
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
