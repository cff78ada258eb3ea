/**
 * Renders every failure as `{ error: { code, message, requestId } }`. Known errors keep
 * their code and status; anything unexpected is logged in full and answered as a bare
 * 500 so that no internal detail reaches the client.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiErrorBody } from '#shared/errors';
import { AppError } from './app-error.ts';

function body(request: FastifyRequest, code: string, message: string, extra: Partial<ApiErrorBody['error']> = {}): ApiErrorBody {
  return { error: { code, message, requestId: String(request.id), ...extra } };
}

/** Fastify's own error codes mapped onto ours. */
const FASTIFY_CODES: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'request.too_large', message: 'The request body is larger than allowed.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'request.unsupported_media_type', message: 'Send the request body as application/json.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'request.invalid', message: 'The Content-Length header does not match the body.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'request.malformed_json', message: 'The request body is empty but declared as JSON.' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'request.malformed_json', message: 'The request body is not valid JSON.' },
  FST_ERR_CTP_INVALID_CONTENT_TYPE: { status: 415, code: 'request.unsupported_media_type', message: 'The Content-Type header is not valid.' },
};

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof AppError) {
      if (error.options.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.options.retryAfterSeconds));
      if (error.status >= 500) request.log.error({ err: error }, 'service error');
      return reply.status(error.status).send(
        body(request, error.code, error.message, {
          ...(error.options.details !== undefined ? { details: error.options.details } : {}),
          ...(error.options.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.options.retryAfterSeconds } : {}),
        }),
      );
    }
    const fastifyError = error as FastifyError;
    if (fastifyError.validation) {
      const details = fastifyError.validation.map((v) => ({
        in: fastifyError.validationContext ?? 'body',
        path: v.instancePath || '/',
        message: v.message ?? 'is invalid',
        ...(v.keyword === 'additionalProperties' ? { property: (v.params as { additionalProperty?: string }).additionalProperty } : {}),
      }));
      const first = details[0];
      const where = first.property ? `${first.in} has an unknown field "${first.property}"` : `${first.in}${first.path === '/' ? '' : ` ${first.path}`} ${first.message}`;
      return reply.status(400).send(body(request, 'request.invalid', `The request is invalid: ${where}.`, { details }));
    }
    const mapped = fastifyError.code ? FASTIFY_CODES[fastifyError.code] : undefined;
    if (mapped) return reply.status(mapped.status).send(body(request, mapped.code, mapped.message));
    if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
      return reply.status(fastifyError.statusCode).send(body(request, 'request.invalid', 'The request could not be processed.'));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(body(request, 'server.internal', 'Something went wrong on our side; the request id identifies it in the logs.'));
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(body(request, 'route.not_found', `No route ${request.method} ${request.url.split('?')[0]}.`));
  });
}

/**
 * Errors Fastify raises before any route is found (an address that is not valid
 * percent-encoding, a path parameter over the length limit). They do not pass through
 * the error handler, so without this they would answer in Fastify's own shape.
 */
export function renderFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode ?? 400;
  if (status >= 500) {
    request.log.error({ err: error }, 'framework error');
    reply.status(500).send(body(request, 'server.internal', 'Something went wrong on our side; the request id identifies it in the logs.'));
    return;
  }
  reply.status(status).send(body(request, 'request.invalid', 'The address of the request is not valid.'));
}
