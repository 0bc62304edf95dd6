import { RunStore, ScheduleStore, UUID, type Database, type FerryEnv, type ScheduleRecord } from '@ferry/domain';
import { DATABASE, ENV, REGISTRY, RunPipeline, type PipelineDocument } from '@ferry/engine';
import { ScheduleQueue } from '@ferry/jobs';
import { REDACTED, secretKeys, type PluginRegistry } from '@ferry/sdk';
import { isIP } from 'node:net';
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IsNumber, IsObject, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { ApiError, notFound } from '../http/api-error';
import { WorkspaceId } from '../http/auth';
import { runView } from '../imports/imports.service';

class AddScheduleDto {
  @IsString() @Length(1, 200)
  name!: string;

  @IsString() @Length(1, 100)
  cron!: string;

  @IsOptional() @IsString() @Length(1, 64)
  timezone?: string;

  /** Share of the sink's records a run may change without approval (0.2 = 20%); null turns the check off. */
  @IsOptional() @IsNumber() @Min(0.0001) @Max(1)
  changeThreshold?: number | null;

  @IsObject()
  pipeline!: PipelineDocument;
}

/**
 * Recurring syncs from another platform. Over HTTP a schedule's source must
 * fetch its own data (an API): a source that reads a file on the server is
 * refused, so a key can never point Ferry at the server's files.
 */
@ApiTags('schedules')
@Controller('schedules')
export class SchedulesController {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(ENV) private readonly env: FerryEnv,
    @Inject(REGISTRY) private readonly registry: PluginRegistry,
    private readonly runPipeline: RunPipeline,
  ) {}

  @Get()
  async list(@WorkspaceId() workspaceId: string) {
    return { schedules: (await new ScheduleStore(this.db.sql).list(workspaceId)).map((s) => this.view(s)) };
  }

  @Post()
  async add(@WorkspaceId() workspaceId: string, @Body() body: AddScheduleDto) {
    const pipeline = body.pipeline;
    this.runPipeline.check(pipeline);
    if (pipeline.input !== undefined || this.registry.get('source', pipeline.source.use).manifest.input !== 'none') {
      throw new ApiError(400, 'file_source_not_allowed', `A schedule made over the API syncs from another platform (a source such as platform-api); "${pipeline.source.use}" reads a file on the server, which only an operator may set up (ferry schedules add).`);
    }
    refuseServerSecrets(this.registry, pipeline);
    refusePrivateAddress(pipeline.source.config?.baseUrl);
    const schedule = await new ScheduleStore(this.db.sql).add(workspaceId, { name: body.name, pipeline: pipeline as never, cron: body.cron, timezone: body.timezone, changeThreshold: body.changeThreshold });
    await this.withQueue((queue) => queue.register(workspaceId, schedule));
    return this.view(schedule);
  }

  @Get(':id')
  async get(@WorkspaceId() workspaceId: string, @Param('id') id: string) {
    const schedule = await this.find(workspaceId, id);
    const runs = await new RunStore(this.db.sql).list(workspaceId, 20, schedule.id);
    return { ...this.view(schedule), runs: runs.map(runView) };
  }

  @Post(':id/pause')
  @HttpCode(200)
  async pause(@WorkspaceId() workspaceId: string, @Param('id') id: string) {
    return this.setEnabled(workspaceId, id, false);
  }

  @Post(':id/resume')
  @HttpCode(200)
  async resume(@WorkspaceId() workspaceId: string, @Param('id') id: string) {
    return this.setEnabled(workspaceId, id, true);
  }

  @Post(':id/run-now')
  @HttpCode(202)
  async runNow(@WorkspaceId() workspaceId: string, @Param('id') id: string) {
    const schedule = await this.find(workspaceId, id);
    if (!this.env.REDIS_URL) throw new ApiError(409, 'no_queue', 'Scheduled syncs run on workers: set REDIS_URL for the API and the workers.');
    await this.withQueue((queue) => queue.runSlot(workspaceId, schedule.id));
    return { queued: true, schedule: this.view(schedule) };
  }

  @Delete(':id')
  async remove(@WorkspaceId() workspaceId: string, @Param('id') id: string) {
    const schedule = await this.find(workspaceId, id);
    await this.withQueue((queue) => queue.unregister(schedule.id));
    await new ScheduleStore(this.db.sql).remove(workspaceId, schedule.id);
    return { removed: schedule.id };
  }

  private async setEnabled(workspaceId: string, id: string, enabled: boolean) {
    const schedule = await this.find(workspaceId, id);
    await new ScheduleStore(this.db.sql).setEnabled(workspaceId, schedule.id, enabled);
    await this.withQueue((queue) => queue.register(workspaceId, { ...schedule, enabled }));
    return this.view({ ...schedule, enabled });
  }

  private async find(workspaceId: string, id: string): Promise<ScheduleRecord> {
    // By id only over HTTP: a name in a path is ambiguous with ids and needs escaping.
    const schedule = UUID.test(id) ? await new ScheduleStore(this.db.sql).find(workspaceId, id) : undefined;
    if (!schedule) throw notFound('schedule', id);
    return schedule;
  }

  private async withQueue(change: (queue: ScheduleQueue) => Promise<void>): Promise<void> {
    if (!this.env.REDIS_URL) return;
    const queue = new ScheduleQueue(this.env.REDIS_URL, this.env.FERRY_QUEUE_PREFIX);
    try {
      await change(queue);
    } finally {
      await queue.close();
    }
  }

  /** Secret options (an API token) never leave the server. */
  private view(s: ScheduleRecord) {
    return {
      id: s.id, name: s.name, cron: s.cron, timezone: s.timezone, enabled: s.enabled, changeThreshold: s.changeThreshold,
      state: s.state ?? null, skippedSlots: s.skippedSlots, pipeline: this.runPipeline.redact(s.pipeline as unknown as PipelineDocument),
    };
  }
}

/**
 * A source's secret (a platform's token) must come with the schedule: left
 * out, the source would fall back to the operator's environment, and a
 * workspace could have the server send the operator's token to an address
 * of its choosing.
 */
function refuseServerSecrets(registry: PluginRegistry, pipeline: PipelineDocument): void {
  const plugin = registry.get('source', pipeline.source.use);
  const config = pipeline.source.config ?? {};
  for (const key of secretKeys(plugin.config)) {
    const value = config[key];
    if (typeof value !== 'string' || !value.trim() || value === REDACTED) {
      throw new ApiError(400, 'secret_required', `Give the source's ${key} in the schedule itself: a schedule made over the API cannot use the server's environment.`);
    }
  }
  if (Object.hasOwn(config, 'tokenEnv')) throw new ApiError(400, 'secret_required', "tokenEnv names the server's environment, which a schedule made over the API cannot use; give the token itself.");
}

/** The server's own network (loopback, private, link-local ranges) is not another platform. */
function refusePrivateAddress(url: unknown): void {
  if (typeof url !== 'string') return;
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return; // the source's own config check says what is wrong with it
  }
  const privateV4 = /^(127\.|10\.|192\.168\.|169\.254\.|0\.|172\.(1[6-9]|2\d|3[01])\.)/;
  const privateV6 = /^(::1?$|fc|fd|fe80:|::ffff:)/;
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.internal')
    || (isIP(host) === 4 && privateV4.test(host)) || (isIP(host) === 6 && privateV6.test(host))) {
    throw new ApiError(400, 'private_address', `A schedule made over the API syncs from another platform on the internet; ${host} is an address of the server's own network.`);
  }
}
