import { ApiKeyStore, type ApiPrincipal, type Database } from '@ferry/domain';
import { DATABASE } from '@ferry/engine';
import { createParamDecorator, Inject, Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ApiError } from './api-error';

const PUBLIC = 'ferry:public';
/** A route anyone may call (health). */
export const Public = () => SetMetadata(PUBLIC, true);

type WithPrincipal = Request & { principal?: ApiPrincipal };

/**
 * Every request names its key (`Authorization: Bearer <key>`, or `X-Api-Key`);
 * the key alone decides the workspace, never anything in the request. A viewer
 * key may only read.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<WithPrincipal>();
    const key = keyOf(request);
    if (!key) throw new ApiError(401, 'unauthorized', 'Send an API key: Authorization: Bearer <key> (create one with ferry keys create).');
    const principal = await new ApiKeyStore(this.db.sql).authenticate(key);
    if (!principal) throw new ApiError(401, 'unauthorized', 'This API key is unknown or revoked.');
    if (principal.role === 'viewer' && !['GET', 'HEAD'].includes(request.method)) {
      throw new ApiError(403, 'forbidden', 'This key is a viewer key: it may read, not change anything. Use an admin key.');
    }
    request.principal = principal;
    return true;
  }
}

function keyOf(request: Request): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const direct = request.headers['x-api-key'];
  return typeof direct === 'string' ? direct.trim() : undefined;
}

/** The workspace of the request's key. */
export const WorkspaceId = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  return context.switchToHttp().getRequest<WithPrincipal>().principal!.workspaceId;
});
