import { notFound } from '../http-error.js';
import type { Router } from '../http-router.js';
import {
  commentSchema,
  createComment,
  deleteComment,
  updateComment,
} from '../resources/comment-resource.js';
import type { CommentRecord, IncidentRecord } from '../store/native-records.js';
import { listPage, param, readJsonBody, type HubContext, type HubHandler } from './hub-context.js';

export function requireIncident(context: HubContext): Readonly<IncidentRecord> {
  const id = param(context, 'id');
  const incident = context.store.incidents.peek(id);
  if (!incident) {
    throw notFound(`No incident found with ID ${id}`);
  }
  return incident;
}

function requireComment(context: HubContext): Readonly<CommentRecord> {
  const incident = requireIncident(context);
  const id = param(context, 'commentId');
  const comment = context.store.comments.peek(id);
  if (!comment || comment.ParentObjectID !== incident.ObjectID) {
    throw notFound(`No comment found with ID ${id}`);
  }
  return comment;
}

export function addCommentRoutes(router: Router<HubHandler>): void {
  const base = '/incidents/{id}/comments';
  router
    .add('GET', base, (context) => {
      const incident = requireIncident(context);
      const page = listPage(context, context.store.commentsOf(incident.ObjectID), commentSchema);
      return { body: page.items, headers: page.headers };
    })
    .add('POST', base, async (context) => {
      requireIncident(context);
      const body = await readJsonBody(context);
      const incident = requireIncident(context);
      return { body: createComment(context.store, incident.ObjectID, body) };
    })
    .add('GET', `${base}/{commentId}`, (context) => ({ body: requireComment(context) }))
    .add('PATCH', `${base}/{commentId}`, async (context) => {
      requireComment(context);
      const body = await readJsonBody(context);
      // Found again: another call may have deleted the comment while the body arrived.
      return { body: updateComment(context.store, requireComment(context), body) };
    })
    .add('DELETE', `${base}/{commentId}`, (context) => {
      deleteComment(context.store, requireComment(context));
      return {};
    });
}
