import { ResolvedLinks } from '../links/link-ids.js';
import { toIncident } from './incident.mapper.js';
import type { UpstreamIncident } from './upstream-incident.js';

const links = new ResolvedLinks(
  new Map([['1000123', 'ACC-ID-1']]),
  new Map([
    ['C-77', 'CON-ID-77'],
    ['C-88', 'CON-ID-88'],
  ]),
);

const full: UpstreamIncident = {
  ObjectID: '00163E038C2E1EE299C1BB0BE9398F9B',
  ID: '4711',
  Name: { content: 'Printer on fire', languageCode: 'EN' },
  ServicePriorityCode: '2',
  ServicePriorityCodeText: 'Urgent',
  ServiceRequestLifeCycleStatusCode: '1',
  ServiceRequestLifeCycleStatusCodeText: 'Open',
  CustomerID: '1000123',
  ReportedForPartyID: 'C-77',
  ReporterPartyID: 'C-88',
  AssignedTo: '8000000012',
  CompletionDueDate: 1769860800000,
  CreationDateTime: '/Date(1769774400000)/',
  LastChangeDateTime: '2026-01-31T12:00:00Z',
  ETag: 'W/"datetime\'2026-01-31T12%3A00%3A00Z\'"',
  ServiceRequestDescription: [
    { ObjectID: 'D1', TypeCode: '10007', Text: 'a reply' },
    { ObjectID: 'D2', TypeCode: '10004', Text: 'It is on fire.' },
  ],
};

describe(toIncident.name, () => {
  it('should map every field of a full record', () => {
    expect(toIncident(full, links)).toEqual({
      id: '00163E038C2E1EE299C1BB0BE9398F9B',
      number: '4711',
      subject: 'Printer on fire',
      description: 'It is on fire.',
      status: { code: '1', name: 'Open', category: 'open' },
      priority: { code: '2', name: 'Urgent', level: 'urgent' },
      accountId: 'ACC-ID-1',
      contactId: 'CON-ID-77',
      reporterId: 'CON-ID-88',
      assigneeId: '8000000012',
      dueAt: '2026-01-31T12:00:00.000Z',
      createdAt: '2026-01-30T12:00:00.000Z',
      updatedAt: '2026-01-31T12:00:00.000Z',
      version: 'W/"datetime\'2026-01-31T12%3A00%3A00Z\'"',
    });
  });

  it('should use null for every missing value, never "" or undefined', () => {
    const incident = toIncident(
      { ObjectID: 'X', Name: { content: '' }, ServiceRequestDescription: { __deferred: {} } },
      links,
    );
    expect(incident).toEqual({
      id: 'X',
      number: null,
      subject: null,
      description: null,
      status: null,
      priority: null,
      accountId: null,
      contactId: null,
      reporterId: null,
      assigneeId: null,
      dueAt: null,
      createdAt: null,
      updatedAt: null,
      version: null,
    });
  });

  it.each<[string, string]>([
    ['1', 'open'],
    ['2', 'in_progress'],
    ['3', 'completed'],
    ['4', 'closed'],
    ['Z1', 'unknown'],
  ])('should map status code %s to category %s', (code, category) => {
    expect(
      toIncident({ ObjectID: 'X', ServiceRequestLifeCycleStatusCode: code }, links).status
        ?.category,
    ).toBe(category);
  });

  it.each<[string, string]>([
    ['1', 'immediate'],
    ['2', 'urgent'],
    ['3', 'normal'],
    ['7', 'low'],
    ['5', 'unknown'],
  ])('should map priority code %s to level %s', (code, level) => {
    expect(toIncident({ ObjectID: 'X', ServicePriorityCode: code }, links).priority?.level).toBe(
      level,
    );
  });

  it('should keep an unknown code with its upstream name', () => {
    const incident = toIncident(
      {
        ObjectID: 'X',
        ServiceRequestLifeCycleStatusCode: 'Z1',
        ServiceRequestLifeCycleStatusCodeText: 'Waiting for SAP',
      },
      links,
    );
    expect(incident.status).toEqual({ code: 'Z1', name: 'Waiting for SAP', category: 'unknown' });
  });

  it('should fall back to the standard name and to ChangedOn/CreatedOn', () => {
    const incident = toIncident(
      { ObjectID: 'X', ServicePriorityCode: '7', CreatedOn: 0, ChangedOn: 1000 },
      links,
    );
    expect(incident.priority).toEqual({ code: '7', name: 'Low', level: 'low' });
    expect(incident.createdAt).toBe('1970-01-01T00:00:00.000Z');
    expect(incident.updatedAt).toBe('1970-01-01T00:00:01.000Z');
  });

  it('should give null for a business key that names no known record', () => {
    expect(toIncident({ ObjectID: 'X', CustomerID: 'missing' }, links).accountId).toBeNull();
  });

  it('should attach the untouched record only when asked', () => {
    expect(toIncident(full, links)).not.toHaveProperty('raw');
    expect(toIncident(full, links, true).raw).toBe(full);
  });

  it('should never put a SAP field name in the normalized body', () => {
    const body = JSON.stringify(toIncident(full, links));
    for (const field of ['ObjectID', 'ServicePriorityCode', 'CustomerID', 'Name', 'ETag']) {
      expect(body).not.toContain(`"${field}"`);
    }
  });
});
