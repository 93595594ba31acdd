import { badRequest, notFound } from '../http-error.js';
import type { Router } from '../http-router.js';
import type { RecordResource } from '../resources/record-resource.js';
import type { NativeRecord } from '../store/native-records.js';
import { listPage, param, readJsonBody, type HubContext, type HubHandler } from './hub-context.js';

/** GET/POST on the collection and GET/PATCH/DELETE on one record; POST and DELETE answer 200. */
export function addRecordRoutes<T extends NativeRecord>(
  router: Router<HubHandler>,
  resource: RecordResource<T>,
): void {
  const base = `/${resource.path}`;
  const view = (context: HubContext, record: Readonly<T>, expand: ReadonlySet<string>): unknown =>
    resource.view ? resource.view(context.store, record, expand) : record;
  const find = (context: HubContext): Readonly<T> => {
    const id = param(context, 'id');
    const record = resource.collection(context.store).peek(id);
    if (!record) {
      throw notFound(`No ${resource.schema.noun} found with ID ${id}`);
    }
    return record;
  };

  router
    .add('GET', base, (context) => {
      const expand = parseExpand(context, resource.expandable ?? [], resource.schema.noun);
      const page = listPage(context, resource.collection(context.store).values(), resource.schema);
      return {
        body: page.items.map((record) => view(context, record, expand)),
        headers: page.headers,
      };
    })
    .add('POST', base, async (context) => {
      const body = await readJsonBody(context);
      return { body: view(context, resource.create(context.store, body), new Set()) };
    })
    .add('GET', `${base}/{id}`, (context) => {
      const expand = parseExpand(context, resource.expandable ?? [], resource.schema.noun);
      return { body: view(context, find(context), expand) };
    })
    .add('PATCH', `${base}/{id}`, async (context) => {
      find(context);
      const body = await readJsonBody(context);
      // Found again: another call may have deleted the record while the body arrived.
      const record = find(context);
      // An empty PATCH changes nothing, so it must not move ChangedOn or the ETag either.
      const updated =
        Object.keys(body).length === 0
          ? record
          : resource.update(context.store, record.ObjectID, body);
      return { body: view(context, updated, new Set()) };
    })
    .add('DELETE', `${base}/{id}`, (context) => {
      resource.remove(context.store, find(context).ObjectID);
      return {};
    });
}

function parseExpand(
  context: HubContext,
  expandable: readonly string[],
  noun: string,
): Set<string> {
  const text = context.exchange.query.get('expand');
  if (text === null || text.trim() === '') {
    return new Set();
  }
  const names = text.split(',').map((name) => name.trim());
  for (const name of names) {
    if (!expandable.includes(name)) {
      throw badRequest(`Invalid expand: '${name}' is not a navigation of ${noun}`);
    }
  }
  return new Set(names);
}
