import { CustomFieldStore, pageContacts, RunStore, type Database } from '@ferry/domain';
import { DATABASE } from '@ferry/engine';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IsArray, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { ApiError, notFound } from '../http/api-error';
import { Public, WorkspaceId } from '../http/auth';
import { pageSize } from '../http/page-size';
import { runView } from '../imports/imports.service';

class AddFieldDto {
  @Matches(/^[a-z][a-z0-9_]{0,62}$/, { message: 'key holds lower-case letters, digits and _, starting with a letter' })
  key!: string;

  @IsIn(['text', 'number', 'date', 'boolean', 'select'])
  type!: string;

  @IsOptional() @IsString() @Length(1, 200)
  label?: string;

  @IsOptional() @IsArray() @IsString({ each: true })
  options?: string[];
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** Whether the API reaches its database. */
  @Public()
  @Get()
  async health() {
    await this.db.sql.query('select 1');
    return { status: 'ok' };
  }
}

/** Every run of the workspace (imports, CLI runs, scheduled syncs), newest first. */
@ApiTags('runs')
@Controller('runs')
export class RunsController {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  @Get()
  async list(@WorkspaceId() workspaceId: string, @Query('limit') limit = '50') {
    const n = pageSize(limit, 50, 500);
    return { runs: (await new RunStore(this.db.sql).list(workspaceId, n)).map(runView) };
  }

  @Get(':id')
  async get(@WorkspaceId() workspaceId: string, @Param('id') id: string) {
    const run = await new RunStore(this.db.sql).get(workspaceId, id);
    if (!run) throw notFound('run', id);
    // Where the server keeps the file is the server's business.
    const { inputPath: _path, ...settings } = run.settings as Record<string, unknown>;
    return { ...runView(run), settings };
  }

  @Get(':id/issues')
  async issues(@WorkspaceId() workspaceId: string, @Param('id') id: string, @Query('after') after = '0') {
    const runs = new RunStore(this.db.sql);
    if (!(await runs.get(workspaceId, id))) throw notFound('run', id);
    if (!/^\d{1,18}$/.test(after)) throw new ApiError(400, 'invalid_after', 'after is the id of the last issue of the previous page.');
    const issues = await runs.issues(workspaceId, id, after, 1000);
    return { issues, next: issues.length === 1000 ? issues[issues.length - 1].id : null };
  }

  @Post(':id/cancel')
  @HttpCode(200)
  async cancel(@WorkspaceId() workspaceId: string, @Param('id') id: string) {
    const runs = new RunStore(this.db.sql);
    if (!(await runs.get(workspaceId, id))) throw notFound('run', id);
    await runs.requestCancel(workspaceId, id);
    return runView((await runs.get(workspaceId, id))!);
  }
}

@ApiTags('contacts')
@Controller('contacts')
export class ContactsController {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** A page of contacts, optionally with a tag or matching a search (email or name); `after` is the last id of the previous page. */
  @Get()
  async list(
    @WorkspaceId() workspaceId: string, @Query('tag') tag?: string, @Query('search') search?: string,
    @Query('after') after?: string, @Query('limit') limit = '100',
  ) {
    const n = pageSize(limit, 100, 1000);
    if (after !== undefined && !/^\d{1,18}$/.test(after)) throw new ApiError(400, 'invalid_after', 'after is the id of the last contact of the previous page.');
    if (search !== undefined && search.length > 200) throw new ApiError(400, 'invalid_search', 'A search is at most 200 characters.');
    const page = await pageContacts(this.db.sql, workspaceId, { tag, search, afterId: after, limit: n });
    return { contacts: page.map(({ id, ...contact }) => ({ id, ...contact })), next: page.length === n ? page[page.length - 1].id : null };
  }
}

@ApiTags('fields')
@Controller('fields')
export class FieldsController {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  @Get()
  async list(@WorkspaceId() workspaceId: string) {
    return { fields: await new CustomFieldStore(this.db.sql).list(workspaceId) };
  }

  @Post()
  async add(@WorkspaceId() workspaceId: string, @Body() body: AddFieldDto) {
    return new CustomFieldStore(this.db.sql).add(workspaceId, body);
  }
}
