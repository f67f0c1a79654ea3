import AjvCompiler from '@fastify/ajv-compiler';
import type { FastifyServerOptions, FastifyTypeProvider } from 'fastify';
import type { FromSchema, JSONSchema } from 'json-schema-to-ts';

/**
 * How a route's request schemas become its types and its validation: one schema, both.
 * Register routes through `app.withTypeProvider<SchemaTypes>()` and a handler's `req.query`,
 * `req.params` and `req.body` have the types their schemas validate (defaults filled in); a
 * schema only known at run time (like the one generated from zod) types its part `unknown`.
 * Replies stay untyped: the response schemas serialise and document them.
 */
export interface SchemaTypes extends FastifyTypeProvider {
  validator: this['schema'] extends JSONSchema ? FromSchema<this['schema']> : unknown;
  serializer: unknown;
}

const CHECKED_BY_HANDLER = Symbol('checked by the handler');

/**
 * Marks a request schema as documentation only: it stays in the route's schema (so the
 * OpenAPI document shows it) but fastify does not validate with it, because the handler
 * hands the part to the validator the schema was generated from. For source bodies that is
 * zod: Ajv would coerce types, drop unknown keys and refuse with other messages before zod
 * could name every problem.
 */
export function checkedByHandler<S extends object>(schema: S): S {
  return { ...schema, [CHECKED_BY_HANDLER]: true };
}

type ValidatorFactory = NonNullable<NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildValidator']>;
type Validate = ReturnType<ReturnType<ValidatorFactory>>;

/** Valid whatever it is given, and leaves it as it is. */
const passThrough = (() => true) as unknown as Validate;
const defaultFactory = AjvCompiler();

/**
 * Fastify's own Ajv compiler (same options, same plugins), passing through parts marked
 * `checkedByHandler`, and refusing infinite numbers: Ajv's type coercion turns `limit=1e309`
 * into Infinity, which passes `type: integer` and skips `maximum` (Ajv only compares finite
 * numbers), and would reach Redis or Elasticsearch as a value they cannot take.
 */
export const buildValidator: ValidatorFactory = (externalSchemas, options) => {
  const compile = defaultFactory(externalSchemas, options);
  return (route) => {
    const schema: unknown = route.schema;
    if (typeof schema === 'object' && schema !== null && (schema as Record<symbol, unknown>)[CHECKED_BY_HANDLER] === true) return passThrough;
    return finiteOnly(compile(route));
  };
};

interface ValidationIssue {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message: string;
}

function finiteOnly(validate: Validate): Validate {
  const checked = ((data: unknown) => {
    const result = validate(data);
    if (result !== true) {
      checked.errors = validate.errors;
      return result;
    }
    const path = nonFinite(data, '', 0);
    if (path === null) {
      checked.errors = null;
      return true;
    }
    const issue: ValidationIssue = { instancePath: path, schemaPath: '#', keyword: 'type', params: {}, message: 'must be a finite number' };
    checked.errors = [issue] as typeof validate.errors;
    return false;
  }) as Validate & { errors?: unknown };
  return checked;
}

/** The JSON pointer of the first infinite (or NaN) number in validated data, or null. */
function nonFinite(value: unknown, path: string, depth: number): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : path;
  if (typeof value !== 'object' || value === null || depth > 64) return null;
  for (const [key, item] of Object.entries(value)) {
    const found = nonFinite(item, `${path}/${key}`, depth + 1);
    if (found !== null) return found;
  }
  return null;
}
