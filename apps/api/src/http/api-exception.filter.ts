import { FerryError } from '@ferry/sdk';
import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { ApiError } from './api-error';

/** Codes for Nest's and Express's own HTTP errors (routing, multipart parsing, body size). */
const CODES: Record<number, string> = {
  400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 405: 'method_not_allowed',
  409: 'conflict', 413: 'payload_too_large', 415: 'unsupported_media_type', 429: 'too_many_requests',
};

/**
 * Every error leaves the API in one shape: `{ error: { code, message } }`.
 * Plugins' configuration errors (an unknown field in a mapping) are the
 * caller's to fix: 400. Anything unexpected is logged and answered 500
 * without its details.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('api');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) {
      // A report cut off mid-way must not look complete: the connection is broken off, not ended.
      this.logger.error(error instanceof Error ? error.message : String(error));
      response.destroy();
      return;
    }
    const { status, body } = this.describe(error);
    response.status(status).json({ error: body });
  }

  private describe(error: unknown): { status: number; body: Record<string, unknown> } {
    if (error instanceof ApiError) return { status: error.status, body: { code: error.code, message: error.message, ...(error.details ?? {}) } };
    if (error instanceof FerryError) {
      // Something by that name exists already (a product, a schedule): a conflict, not a malformed request.
      const status = /_exists$/.test(error.code) ? 409 : error.next === 'fix-config' || error.next === 'fail-run' ? 400 : 503;
      return { status, body: { code: error.code, message: error.message } };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const answer = error.getResponse();
      const message = typeof answer === 'string' ? answer : Array.isArray((answer as { message?: unknown }).message) ? ((answer as { message: string[] }).message).join('; ') : String((answer as { message?: unknown }).message ?? error.message);
      const code = status === 413 ? 'upload_too_large' : /^Multipart|boundary|Unexpected end of form/i.test(message) ? 'malformed_multipart' : (CODES[status] ?? 'error');
      return { status, body: { code, message: status === 413 ? 'The file is larger than this server accepts (FERRY_UPLOAD_MAX_BYTES). Split it, or ask the operator to raise the limit.' : message } };
    }
    // Express's body parser reports a bad JSON body or an oversized one with a status of its own.
    const withStatus = error as { status?: number; type?: string; message?: string };
    if (typeof withStatus?.status === 'number' && withStatus.status >= 400 && withStatus.status < 500) {
      return { status: withStatus.status, body: { code: withStatus.status === 413 ? 'body_too_large' : 'malformed_body', message: withStatus.message ?? 'The request body could not be read.' } };
    }
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return { status: 500, body: { code: 'internal_error', message: 'Something went wrong on our side; it was logged. Try again, or tell the operator.' } };
  }
}
