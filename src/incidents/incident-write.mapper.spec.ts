import { toUpstreamIncidentCreate, toUpstreamIncidentFields } from './incident-write.mapper.js';

describe(toUpstreamIncidentCreate.name, () => {
  it('should write the subject, the priority code and the description as its 10004 entry', () => {
    expect(
      toUpstreamIncidentCreate(
        { subject: 'Printer on fire', description: 'Smoke', priority: 'urgent' },
        { accountKey: '1000123', contactKey: 'C-77' },
      ),
    ).toEqual({
      Name: { content: 'Printer on fire' },
      ServicePriorityCode: '2',
      CustomerID: '1000123',
      ReportedForPartyID: 'C-77',
      ServiceRequestDescription: [{ Text: 'Smoke', TypeCode: '10004' }],
    });
  });

  it('should send no description entry and no priority when none is given', () => {
    expect(toUpstreamIncidentCreate({ subject: 'Only a subject' }, {})).toEqual({
      Name: { content: 'Only a subject' },
    });
  });
});

describe(toUpstreamIncidentFields.name, () => {
  it('should send only the fields given', () => {
    expect(toUpstreamIncidentFields({}, {})).toEqual({});
    expect(toUpstreamIncidentFields({ subject: 'New' }, {})).toEqual({ Name: { content: 'New' } });
    expect(toUpstreamIncidentFields({ priority: '7' }, {})).toEqual({ ServicePriorityCode: '7' });
    expect(toUpstreamIncidentFields({ status: 'Z1' }, {})).toEqual({
      ServiceRequestLifeCycleStatusCode: 'Z1',
    });
  });

  it('should write a category as its status code and a level as its priority code', () => {
    expect(toUpstreamIncidentFields({ status: 'in_progress', priority: 'low' }, {})).toEqual({
      ServiceRequestLifeCycleStatusCode: '2',
      ServicePriorityCode: '7',
    });
  });

  it('should leave the description to its own entry', () => {
    expect(toUpstreamIncidentFields({ description: 'ignored here' }, {})).toEqual({});
  });

  it('should send null link keys, which unlink, and leave out undefined ones', () => {
    expect(toUpstreamIncidentFields({}, { accountKey: null, contactKey: null })).toEqual({
      CustomerID: null,
      ReportedForPartyID: null,
    });
    expect(toUpstreamIncidentFields({}, { accountKey: null })).toEqual({ CustomerID: null });
  });
});
