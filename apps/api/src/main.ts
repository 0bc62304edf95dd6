import 'reflect-metadata';
import { loadEnv } from '@ferry/domain';
import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ApiModule } from './api.module';
import { ApiError } from './http/api-error';

/** `npx ferry-api`: the admin HTTP API on FERRY_API_PORT, OpenAPI at /docs. */
async function main(): Promise<void> {
  const env = loadEnv();
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(env), { logger: ['warn', 'error'], bodyParser: false, rawBody: true });
  // JSON bodies are small (options, fixes, a pasted table); files come as multipart, streamed to disk.
  // rawBody: validation strips keys named __proto__ from the parsed body, and a column may be called that (see RawBody).
  app.useBodyParser('json', { limit: '12mb' });
  app.useGlobalPipes(new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: true },
    exceptionFactory: (errors) => {
      const messages = errors.flatMap((e) => Object.values(e.constraints ?? {}).concat(e.children?.length ? [`${e.property} is invalid`] : []));
      return new ApiError(400, 'invalid_request', messages.join('; ') || 'The request is invalid.');
    },
  }));
  app.disable('x-powered-by');
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  const document = SwaggerModule.createDocument(app, new DocumentBuilder()
    .setTitle('Ferry admin API')
    .setDescription('Upload, preview and map, review and fix, confirm, follow, history and error reports. Every request carries an API key: Authorization: Bearer <key>.')
    .addBearerAuth()
    .build());
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  await app.listen(env.FERRY_API_PORT, process.env.FERRY_API_HOST ?? '127.0.0.1');
  process.stdout.write(`ferry api listening on ${(await app.getUrl()).replace('[::1]', '127.0.0.1')} (pid ${process.pid})\n`);
}

main().catch((error) => {
  process.stderr.write(`ferry api: ${(error as Error).message}\n`);
  process.exit(1);
});

