export type RouteMatch<H> =
  | { kind: 'found'; handler: H; template: string; params: Record<string, string> }
  | { kind: 'method-not-allowed'; template: string; allow: string[] }
  | { kind: 'not-found' };

interface Route<H> {
  method: string;
  template: string;
  segments: string[];
  handler: H;
}

/** Matches `/incidents/{id}/comments`-style templates segment by segment. */
export class Router<H> {
  private readonly routes: Route<H>[] = [];

  add(method: string, template: string, handler: H): this {
    this.routes.push({ method, template, segments: splitPath(template), handler });
    return this;
  }

  match(method: string, path: string): RouteMatch<H> {
    const segments = splitPath(path);
    const allow: string[] = [];
    let template: string | undefined;
    for (const route of this.routes) {
      const params = matchSegments(route.segments, segments);
      if (!params) {
        continue;
      }
      if (route.method === method) {
        return { kind: 'found', handler: route.handler, template: route.template, params };
      }
      template ??= route.template;
      allow.push(route.method);
    }
    return template === undefined
      ? { kind: 'not-found' }
      : { kind: 'method-not-allowed', template, allow };
  }
}

function splitPath(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

function matchSegments(template: string[], actual: string[]): Record<string, string> | undefined {
  if (template.length !== actual.length) {
    return undefined;
  }
  const params: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const expected = template[i] ?? '';
    const segment = actual[i] ?? '';
    if (expected.startsWith('{') && expected.endsWith('}')) {
      const value = safeDecode(segment);
      if (value === undefined) {
        return undefined;
      }
      params[expected.slice(1, -1)] = value;
    } else if (expected !== segment) {
      return undefined;
    }
  }
  return params;
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
