/**
 * The demo enters its records through the services, which trust their routes to have
 * checked the input. So that the demo holds nothing a user could not have entered, each
 * input is checked here against the same API contract the route uses.
 */
import type { Static, TSchema } from '@sinclair/typebox';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

const ajv = new Ajv({ allErrors: true, coerceTypes: false, removeAdditional: false, strict: false });
addFormats.default(ajv);
const compiled = new WeakMap<TSchema, ValidateFunction>();

export function contract<T extends TSchema>(schema: T, value: Static<T>, what: string): Static<T> {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (!validate(value)) throw new Error(`The demo's ${what} does not meet the API contract: ${ajv.errorsText(validate.errors)}`);
  return value;
}
