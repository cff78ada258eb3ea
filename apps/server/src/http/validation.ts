/**
 * Strict input validation. Bodies are checked without type coercion and with unknown
 * keys rejected; query strings and path parameters may coerce "10" to 10. JSON text
 * with NUL characters is refused before it can reach PostgreSQL, which cannot store it,
 * and so are strings with unpaired surrogates (`"\ud800"`), which are not Unicode: on
 * their way to UTF-8 they would silently become U+FFFD, storing other text than was sent.
 */
import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { AppError } from './app-error.ts';
import { parseTimestamp } from './timestamp.ts';

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;

function makeAjv(options: Options) {
  const ajv = new Ajv({ allErrors: false, removeAdditional: false, useDefaults: true, strict: false, ...options });
  addFormats.default(ajv);
  // JSON Schema's date-time admits a leap second and years PostgreSQL refuses; ours
  // admits only instants a Date and timestamptz both hold, so every route is safe at once.
  ajv.addFormat('date-time', { type: 'string', validate: (text: string) => DATE_TIME.test(text) && parseTimestamp(text) !== null });
  ajv.addFormat('date', { type: 'string', validate: (text: string) => /^\d{4}-\d{2}-\d{2}$/.test(text) && parseTimestamp(`${text}T00:00:00Z`)?.toISOString().slice(0, 10) === text });
  return ajv;
}

export function registerValidation(app: FastifyInstance): void {
  const bodyAjv = makeAjv({ coerceTypes: false });
  const paramAjv = makeAjv({ coerceTypes: 'array' });
  app.setValidatorCompiler(({ schema, httpPart }) =>
    httpPart === 'body' ? bodyAjv.compile(schema) : paramAjv.compile(schema),
  );

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, text, done) => {
    const raw = text as string;
    if (raw.length === 0) return done(null, undefined);
    if (/\\u0000/i.test(raw)) {
      return done(new AppError('request.invalid', 'Text in the request may not contain NUL characters.'), undefined);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return done(new AppError('request.malformed_json', 'The request body is not valid JSON.'), undefined);
    }
    if (/\\u[dD][89a-fA-F]/.test(raw) && hasLoneSurrogate(parsed)) {
      return done(new AppError('request.invalid', 'Text in the request must be valid Unicode.'), undefined);
    }
    done(null, parsed);
  });

  app.addHook('onRequest', async (request) => {
    if (request.url.includes('%00') || request.url.includes('\0')) {
      throw new AppError('request.invalid', 'The address may not contain NUL characters.');
    }
  });
}

/** In unicode mode a character class matches a surrogate only when it is unpaired. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** Walks the parsed body with a stack, not recursion, since bodies may nest deeply. */
function hasLoneSurrogate(value: unknown): boolean {
  const stack = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === 'string') {
      if (LONE_SURROGATE.test(item)) return true;
    } else if (item !== null && typeof item === 'object') {
      for (const [key, child] of Object.entries(item)) {
        if (LONE_SURROGATE.test(key)) return true;
        stack.push(child);
      }
    }
  }
  return false;
}
