import type { CeqlExpression } from './ceql/ceql-ast.js';
import { CeqlError } from './ceql/ceql-error.js';
import { createCeqlPredicate } from './ceql/ceql-evaluator.js';
import { parseCeql } from './ceql/ceql-parser.js';
import { badRequest } from './http-error.js';
import { parseOrderBy, sortRecords } from './order-by.js';
import { pageHeaders, resolvePageRequest, slicePage } from './paging.js';
import type { ResourceSchema } from './resources/resource-schema.js';

export interface ListQueryOptions {
  maxPageSize: number;
  /** Lets the request log keep the parsed `where`. */
  onWhereParsed?: (ast: CeqlExpression) => void;
}

export interface ListPage<T> {
  items: T[];
  headers: Record<string, string>;
}

/** Applies `where`, `orderBy` and paging (`page`, `pageSize`, `nextPage`) to a resource's records. */
export function runListQuery<T>(
  records: Iterable<T>,
  schema: ResourceSchema,
  query: URLSearchParams,
  options: ListQueryOptions,
): ListPage<T> {
  const page = resolvePageRequest(query, options.maxPageSize);
  const sortKeys = parseOrderBy(query.get('orderBy'), schema);
  let matching = [...records];
  const where = query.get('where');
  if (where !== null && where.trim() !== '') {
    const predicate = compileWhere(where, schema, options);
    matching = matching.filter((record) => predicate(record));
  }
  const items = slicePage(sortRecords(matching, sortKeys), page);
  return { items, headers: pageHeaders(page, items.length) };
}

function compileWhere(
  where: string,
  schema: ResourceSchema,
  options: ListQueryOptions,
): (record: unknown) => boolean {
  try {
    const ast = parseCeql(where);
    options.onWhereParsed?.(ast);
    return createCeqlPredicate(ast, schema.query);
  } catch (error) {
    if (error instanceof CeqlError) {
      throw badRequest(error.message);
    }
    throw error;
  }
}
