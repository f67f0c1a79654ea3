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

/** Fastify's own Ajv compiler (same options, same plugins), passing through parts marked `checkedByHandler`. */
export const buildValidator: ValidatorFactory = (externalSchemas, options) => {
  const compile = defaultFactory(externalSchemas, options);
  return (route) => {
    const schema: unknown = route.schema;
    if (typeof schema === 'object' && schema !== null && (schema as Record<symbol, unknown>)[CHECKED_BY_HANDLER] === true) return passThrough;
    return compile(route);
  };
};
