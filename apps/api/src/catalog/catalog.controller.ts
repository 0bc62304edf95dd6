import { CatalogStore, RunStore, TagStore, TeamStore, type Database, type FerryEnv } from '@ferry/domain';
import { DATABASE, ENV, REGISTRY, RunPipeline } from '@ferry/engine';
import { RunLauncher } from '@ferry/jobs';
import { resolveConfig, type PluginRegistry } from '@ferry/sdk';
import { grantPipeline, sinkTemplate, templateCsv, templateWorkbook } from '@ferry/workflows';
import { Body, Controller, Get, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import type { Response } from 'express';
import { ApiError, notFound } from '../http/api-error';
import { WorkspaceId } from '../http/auth';
import { pageSize } from '../http/page-size';
import { runView } from '../imports/imports.service';


class NameDto {
  @IsString() @Length(1, 200)
  name!: string;
}

class AddOfferDto extends NameDto {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @IsString({ each: true })
  products!: string[];
}

class GrantDto {
  @IsString() @Length(1, 200)
  offer!: string;

  @IsString() @Length(1, 100)
  tag!: string;

  @IsOptional() @IsString() @MaxLength(200)
  name?: string;

  @IsOptional() @IsBoolean()
  dryRun?: boolean;

  @IsOptional() @IsBoolean()
  notify?: boolean;

  @IsOptional() @Matches(/^[a-z]{2}(-[A-Za-z]{2})?$/)
  language?: string;

  @IsOptional() @IsString() @MaxLength(100)
  template?: string;
}

/** Products, offers, teams and tags: what imports refer to by name. */
@ApiTags('catalog')
@Controller()
export class CatalogController {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(ENV) private readonly env: FerryEnv,
    @Inject(REGISTRY) private readonly registry: PluginRegistry,
    private readonly runPipeline: RunPipeline,
    private readonly launcher: RunLauncher,
  ) {}

  @Get('products')
  async products(@WorkspaceId() workspaceId: string) {
    return { products: await new CatalogStore(this.db.sql).listProducts(workspaceId) };
  }

  @Post('products')
  async addProduct(@WorkspaceId() workspaceId: string, @Body() body: NameDto) {
    return new CatalogStore(this.db.sql).addProduct(workspaceId, body.name);
  }

  @Get('offers')
  async offers(@WorkspaceId() workspaceId: string) {
    return { offers: await new CatalogStore(this.db.sql).listOffers(workspaceId) };
  }

  @Post('offers')
  async addOffer(@WorkspaceId() workspaceId: string, @Body() body: AddOfferDto) {
    return new CatalogStore(this.db.sql).addOffer(workspaceId, body.name, body.products);
  }

  @Get('teams')
  async teams(@WorkspaceId() workspaceId: string) {
    return { teams: await new TeamStore(this.db.sql).list(workspaceId) };
  }

  @Post('teams')
  async addTeam(@WorkspaceId() workspaceId: string, @Body() body: NameDto) {
    return new TeamStore(this.db.sql).add(workspaceId, body.name);
  }

  /** Tags by name, a page at a time: `next` is the `after` of the next page (null on the last). */
  @Get('tags')
  async tags(@WorkspaceId() workspaceId: string, @Query('after') after?: string, @Query('limit') limit = '100') {
    const n = pageSize(limit, 100, 1000);
    if (after !== undefined && after.length > 200) throw new ApiError(400, 'invalid_after', 'after is the name of the last tag of the previous page.');
    const tags = await new TagStore(this.db.sql).list(workspaceId, { after, limit: n });
    return { tags, next: tags.length === n ? tags[tags.length - 1].name : null };
  }

  /** The bulk action: every contact with the tag gets the offer, as a run (dry-run first if you like). */
  @Post('grants')
  async grant(@WorkspaceId() workspaceId: string, @Body() body: GrantDto, @Res({ passthrough: true }) response: Response) {
    const offer = await new CatalogStore(this.db.sql).findOffer(workspaceId, body.offer);
    if (!offer) throw new ApiError(400, 'unknown_offer', `There is no offer "${body.offer.trim()}".`);
    const tags = await new TagStore(this.db.sql).idsByName(workspaceId, [body.tag.trim()], false);
    if (tags.size === 0) throw new ApiError(400, 'unknown_tag', `No contact has the tag "${body.tag.trim()}".`);
    const notify = { ...(body.notify === undefined ? {} : { notify: body.notify }), ...(body.language ? { language: body.language } : {}), ...(body.template ? { template: body.template } : {}) };
    const pipeline = grantPipeline(offer.name, body.tag.trim(), { name: body.name, dryRun: body.dryRun, batchSize: this.env.FERRY_BATCH_SIZE, notify });
    const runId = await this.runPipeline.enqueue({ workspaceId, pipeline });
    await this.launcher.dispatch(workspaceId, runId);
    response.status(202);
    return runView((await new RunStore(this.db.sql).get(workspaceId, runId))!);
  }

  /** A sample file for a sink: its columns (required first, then the workspace's custom fields) and an example row. */
  @Get('templates/:file')
  async template(@WorkspaceId() workspaceId: string, @Param('file') file: string, @Res() response: Response) {
    const match = /^([a-z0-9-]+)\.(csv|xlsx)$/.exec(file);
    if (!match || !this.registry.has('sink', match[1])) throw notFound('template', file);
    const [, sinkName, format] = match;
    const sink = this.registry.get('sink', sinkName);
    const fields = await sink.fields(resolveConfig(sink, {}), { workspaceId, runId: '', dryRun: true, db: this.db.sql });
    const tables = sinkTemplate(sinkName, fields, format as 'csv' | 'xlsx');
    response.setHeader('Content-Disposition', `attachment; filename="${sinkName}-template.${format}"`);
    if (format === 'xlsx') {
      response.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      response.send(await templateWorkbook(tables));
    } else {
      response.setHeader('Content-Type', 'text/csv; charset=utf-8');
      response.send(Buffer.concat([Buffer.from('\ufeff'), Buffer.from(templateCsv(tables[0]))]));
    }
  }
}
