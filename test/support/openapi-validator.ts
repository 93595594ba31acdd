import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

type Json = Record<string, any>;

// ajv-formats is CommonJS with a default export; under ESM interop the function sits on .default.
const addFormats = ((addFormatsModule as any).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

/** Validates real response bodies against the schemas of a served OpenAPI 3 document. */
export class OpenApiValidator {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(private readonly document: Json) {
    addFormats(this.ajv);
    this.ajv.addSchema({
      $id: 'openapi.json',
      components: nullableToTypeArrays(rewriteRefs(document.components)),
    });
  }

  /** The operation's response schema for a status (and media type), or undefined. */
  schemaFor(
    path: string,
    method: string,
    status: number,
    mediaType = 'application/json',
  ): Json | undefined {
    const responses = this.document.paths?.[path]?.[method.toLowerCase()]?.responses ?? {};
    const response = responses[String(status)] ?? responses.default;
    return response?.content?.[mediaType]?.schema as Json | undefined;
  }

  /** Returns the validation errors (empty when valid); throws when no schema is documented. */
  validate(
    path: string,
    method: string,
    status: number,
    body: unknown,
    mediaType?: string,
  ): string[] {
    const key = `${method} ${path} ${status} ${mediaType ?? ''}`;
    let validator = this.cache.get(key);
    if (!validator) {
      const schema = this.schemaFor(
        path,
        method,
        status,
        mediaType ?? (status >= 400 ? 'application/problem+json' : undefined),
      );
      if (!schema) {
        throw new Error(`No schema documented for ${key}`);
      }
      validator = this.ajv.compile(nullableToTypeArrays(rewriteRefs(schema)));
      this.cache.set(key, validator);
    }
    return validator(body)
      ? []
      : (validator.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
  }
}

function rewriteRefs(node: any): any {
  if (Array.isArray(node)) {
    return node.map(rewriteRefs);
  }
  if (node && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node).map(([k, v]) => [
        k,
        k === '$ref' && typeof v === 'string' ? `openapi.json${v}` : rewriteRefs(v),
      ]),
    );
  }
  return node;
}

/** OpenAPI 3.0 `nullable: true` → JSON Schema `type: [t, 'null']`, recursively. */
function nullableToTypeArrays(node: any): any {
  if (Array.isArray(node)) {
    return node.map(nullableToTypeArrays);
  }
  if (node && typeof node === 'object') {
    const copy: Json = Object.fromEntries(
      Object.entries(node).map(([k, v]) => [k, nullableToTypeArrays(v)]),
    );
    if (copy.nullable === true && (copy.$ref || copy.allOf)) {
      const { nullable: _nullable, type: _type, ...schema } = copy;
      return { anyOf: [schema, { type: 'null' }] };
    }
    if (copy.nullable === true && typeof copy.type === 'string') {
      copy.type = [copy.type, 'null'];
      if (Array.isArray(copy.enum)) {
        copy.enum = [...copy.enum, null];
      }
    }
    delete copy.nullable;
    return copy;
  }
  return node;
}
