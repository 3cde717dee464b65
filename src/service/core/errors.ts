import { VigilError } from "../../errors.js";

/** An error the API shows a client as `{error: {code, message}}` with this HTTP status. */
export class ApiError extends VigilError {
  readonly status: number;

  constructor(status: number, code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.status = status;
  }
}

/** 404: the thing does not exist or the caller may not see it (the API never tells the two apart). */
export function notFound(what: string, id: string): ApiError {
  return new ApiError(404, "NOT_FOUND", `${what} ${id} not found (or not visible to this account)`);
}

/** 403: the caller sees the thing but its role does not allow this action. */
export function forbidden(message: string): ApiError {
  return new ApiError(403, "FORBIDDEN", message);
}

/** 409: the request conflicts with the current state. */
export function conflict(message: string): ApiError {
  return new ApiError(409, "CONFLICT", message);
}

/** 400: the request is well-formed JSON but asks for something invalid. */
export function badRequest(message: string): ApiError {
  return new ApiError(400, "BAD_REQUEST", message);
}
