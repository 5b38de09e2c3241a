import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ApiError } from '../../../shared/src/index.ts';

type ErrorCode = ApiError['error']['code'];

export class HttpError extends Error {
  readonly statusCode: number;
  readonly code: ErrorCode;

  constructor(
    statusCode: number,
    code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.statusCode = statusCode;
    this.code = code;
  }
}

export function errorBody(code: ErrorCode, message: string): ApiError {
  return { error: { code, message } };
}

/** Every failure leaves the API as {error: {code, message}} with a fitting status. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof HttpError) {
      return reply.status(error.statusCode).send(errorBody(error.code, error.message));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const message = error.validation
        .map((issue) => `${issue.instancePath.replace(/^\//, '') || 'body'}: ${issue.message}`)
        .join('; ');
      return reply.status(400).send(errorBody('bad_request', message));
    }
    const status = error.statusCode ?? 500;
    if (status === 413) return reply.status(413).send(errorBody('payload_too_large', 'request body is too large'));
    if (status === 415) return reply.status(415).send(errorBody('unsupported_media_type', error.message));
    if (status >= 400 && status < 500) return reply.status(status).send(errorBody('bad_request', error.message));
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send(errorBody('internal_error', 'internal server error'));
  });
}
