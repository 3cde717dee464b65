/**
 * The limits a function deployment must keep, checked by the API and, before any upload, by
 * `vigil functions deploy` (which imports this file alone, not the server code).
 */

/** Lambda's own limit on layers per function. */
export const MAX_LAYERS = 5;

/** Lambda function names: letters, digits, hyphens and underscores, up to 64 characters. */
export const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;
