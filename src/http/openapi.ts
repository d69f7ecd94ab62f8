/**
 * The OpenAPI 3.1 description, built from the same zod schemas that validate requests.
 * This is the one module that extends zod: import `z` from here when a schema needs `.openapi()`.
 */
import { extendZodWithOpenApi, OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { ERROR_CODES } from '../errors';
import { ERROR_REASONS, type ErrorReason } from '../texts';

extendZodWithOpenApi(z);

export { z, OpenAPIRegistry };

export const BEARER_SCHEME = 'bearerAuth';

export const ZErrorBody = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      reason: z.enum(ERROR_REASONS as [ErrorReason, ...ErrorReason[]]).openapi({ description: 'Stable code of what went wrong; the web interface acts on it' }),
      message: z.string().openapi({ description: 'In Swedish, from the one catalogue (src/texts/error-messages.ts): what a person can do' }),
      details: z.unknown().optional().openapi({ description: 'A 400: the fields, each { path, reason, params?, message }; a 409: the state and what is allowed now' }),
    }),
  })
  .openapi('Error');

/** A registry with the bearer scheme and the error body; routes add their paths to it. */
export function createOpenApiRegistry(): OpenAPIRegistry {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', BEARER_SCHEME, {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'A JWT from the identity provider, or from POST /api/auth/dev-login in dev mode.',
  });
  registry.register('Error', ZErrorBody);
  return registry;
}

export function buildOpenApiDocument(registry: OpenAPIRegistry, info: { version?: string } = {}) {
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'Stegvis API', version: info.version ?? '0.1.0', description: 'Anvisning till Kompetenscenter as state machines.' },
    // Everything needs a bearer token unless a path says `security: []`.
    security: [{ [BEARER_SCHEME]: [] }],
  });
}
