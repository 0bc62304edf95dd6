import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiError } from './api-error';

/**
 * The JSON body parsed afresh from its bytes. Validation strips keys named
 * `__proto__` from the parsed body (Nest's ValidationPipe) and the DTO copy
 * drops `constructor` too (class-transformer), and a spreadsheet column may
 * well be called either: maps keyed by column are read from here. JSON.parse
 * makes such keys plain own properties, never prototypes.
 */
export const RawBody = createParamDecorator((_: unknown, context: ExecutionContext): Record<string, unknown> => {
  const request = context.switchToHttp().getRequest<{ body?: unknown; rawBody?: Buffer }>();
  let body: unknown = request.body;
  if (request.rawBody?.length) {
    try {
      body = JSON.parse(request.rawBody.toString('utf8'));
    } catch {
      // not JSON: the DTO's validation has answered already
    }
  }
  return body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
});

/** A prototype-free copy of a JSON object's own entries (undefined when it is not an object). */
export function ownMap<T = unknown>(value: unknown, each: (entry: unknown) => T = (entry) => entry as T): Record<string, T> | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const copy: Record<string, T> = Object.create(null);
  for (const [key, entry] of Object.entries(value)) copy[key] = each(entry);
  return copy;
}

/** The import options with their column-keyed maps taken from the raw body. */
export function withColumnMaps<T extends { mapping?: unknown; sheetValues?: unknown; options?: unknown }>(dto: T, raw: Record<string, unknown>): T {
  return {
    ...dto,
    ...(dto.mapping !== undefined ? { mapping: ownMap(raw.mapping, text('mapping')) } : {}),
    ...(dto.sheetValues !== undefined ? { sheetValues: ownMap(raw.sheetValues, (sheet) => ownMap(sheet, text('sheetValues'))) } : {}),
    ...(dto.options !== undefined ? { options: ownMap(raw.options) } : {}),
  };
}

/** An entry that must be text (a field name, a cell value), or a 400 naming the map. */
export function text(map: string): (entry: unknown) => string {
  return (entry) => {
    if (typeof entry !== 'string') throw new ApiError(400, 'invalid_request', `${map} maps names to text; got ${JSON.stringify(entry)?.slice(0, 100)}.`);
    if (entry.length > 10_000) throw new ApiError(400, 'invalid_request', `A value in ${map} is longer than 10,000 characters.`);
    return entry;
  };
}
