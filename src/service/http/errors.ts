import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { InputError } from "../../errors.js";
import { ApiError } from "../core/errors.js";

/** Fastify's own 4xx errors, as API error codes. */
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "BAD_REQUEST",
  FST_ERR_CTP_EMPTY_JSON_BODY: "INVALID_JSON",
  FST_ERR_CTP_INVALID_JSON_BODY: "INVALID_JSON",
};

function send(reply: FastifyReply, status: number, code: string, message: string, requestId?: string) {
  return reply
    .code(status)
    .type("application/json; charset=utf-8")
    .send({ error: { code, message, ...(requestId === undefined ? {} : { requestId }) } });
}

/**
 * Every error as `{error: {code, message}}`: API errors with their status, invalid input as 400, Fastify's
 * own client errors (body too large, bad JSON, media type) with theirs; anything else is a 500 that says
 * only "internal error" and the request id, while the log gets the stack.
 */
export function errorHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof ApiError) return send(reply, error.status, error.code, error.message);
  if (error instanceof InputError) return send(reply, 400, "INVALID_INPUT", error.message);
  const status = (error as FastifyError).statusCode;
  if (typeof status === "number" && status >= 400 && status < 500) {
    const code =
      FASTIFY_CODES[(error as FastifyError).code] ?? (status === 413 ? "PAYLOAD_TOO_LARGE" : "BAD_REQUEST");
    return send(reply, status, code, error.message);
  }
  request.log.error({ err: error }, "internal error");
  return send(reply, 500, "INTERNAL", "internal error", String(request.id));
}

/** 404 for unknown routes, in the same shape. */
export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  return send(reply, 404, "NOT_FOUND", `no route ${request.method} ${request.url.split("?")[0]}`);
}
