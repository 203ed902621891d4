import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { z } from 'zod';
import { ValidationError } from './domain-error';

export function zodIssues(error: z.ZodError, prefix: string): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: [prefix, ...i.path.map(String)].filter(Boolean).join('.'), message: i.message }));
}

/** Parses a request body with a zod schema or throws a 400 `validation.failed` listing every bad field. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown, what = 'body'): z.infer<S> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  throw new ValidationError(zodIssues(result.error, what), `invalid ${what}`);
}

type Part = 'body' | 'query' | 'params';

// The schema travels wrapped: Nest takes any decorator argument with a `transform` method (every zod
// schema has one) for a pipe and would not hand it to the factory.
const zodRequestPart = createParamDecorator(
  ({ part, name, schema }: { part: Part; name?: string; schema: z.ZodType }, ctx: ExecutionContext) => {
    const req = ctx.switchToHttp().getRequest<Request>();
    if (part === 'params') return parseBody(schema, req.params[name as string], name);
    return parseBody(schema, req[part], part);
  },
);

/** `@ZodBody(Schema) body: z.infer<typeof Schema>` — the request body parsed with a zod schema. */
export const ZodBody = (schema: z.ZodType): ParameterDecorator => zodRequestPart({ part: 'body', schema });

/** `@ZodQuery(Schema)` — the query string parsed with a zod schema (use `z.coerce` for numbers). */
export const ZodQuery = (schema: z.ZodType): ParameterDecorator => zodRequestPart({ part: 'query', schema });

/** `@ZodParam('id', Schema)` — one route parameter parsed with a zod schema. */
export const ZodParam = (name: string, schema: z.ZodType): ParameterDecorator =>
  zodRequestPart({ part: 'params', name, schema });
