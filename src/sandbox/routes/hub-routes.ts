import { Router } from '../http-router.js';
import { accountResource } from '../resources/account-resource.js';
import { contactResource } from '../resources/contact-resource.js';
import { incidentResource } from '../resources/incident-resource.js';
import { addAttachmentRoutes } from './attachment-routes.js';
import { addCommentRoutes } from './comment-routes.js';
import type { HubHandler } from './hub-context.js';
import { addLookupRoutes } from './lookup-routes.js';
import { addRecordRoutes } from './record-routes.js';

/** Routes below /hubs/{hub}; the hub segment itself is ignored, as Cloud Elements does. */
export function createHubRouter(): Router<HubHandler> {
  const router = new Router<HubHandler>();
  addLookupRoutes(router);
  addRecordRoutes(router, accountResource);
  addRecordRoutes(router, contactResource);
  addRecordRoutes(router, incidentResource);
  addCommentRoutes(router);
  addAttachmentRoutes(router);
  return router;
}
