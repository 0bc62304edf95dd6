import 'reflect-metadata';
import { BUILT_IN_PLUGINS } from '@ferry/connectors';
import { loadEnv } from '@ferry/domain';
import { buildRegistry, FerryCoreModule } from '@ferry/engine';
import { redisConnection, RUNS_QUEUE } from '@ferry/jobs';
import { BullModule } from '@nestjs/bullmq';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createEmailSender } from './email-sender';
import { createRunProcessor } from './run.processor';

@Module({})
class WorkerModule {
  static forRoot(): DynamicModule {
    const env = loadEnv();
    if (!env.REDIS_URL) throw new Error('The worker needs REDIS_URL (without Redis, runs execute inline in the process that starts them).');
    return {
      module: WorkerModule,
      imports: [
        FerryCoreModule.forRoot(env, buildRegistry(BUILT_IN_PLUGINS)),
        BullModule.forRoot({ connection: redisConnection(env.REDIS_URL), prefix: env.FERRY_QUEUE_PREFIX }),
        BullModule.registerQueue({ name: RUNS_QUEUE }),
      ],
      providers: [createRunProcessor(env), createEmailSender(env)],
    };
  }
}

/** `node dist/apps/worker/src/main.js` (or `npx ferry-worker`): executes queued runs and sends emails until SIGTERM. */
async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(), { logger: ['log', 'warn', 'error'] });
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  process.stdout.write(`ferry worker ready (pid ${process.pid})\n`);
}

main().catch((error) => {
  process.stderr.write(`ferry worker: ${(error as Error).message}\n`);
  process.exit(1);
});
