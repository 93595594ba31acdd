import { incidentOrderBy, incidentWhere } from './incident-query.js';

const S = 'ServiceRequestLifeCycleStatusCode';
const P = 'ServicePriorityCode';

describe(incidentWhere.name, () => {
  it('should leave the list unfiltered without filters', () => {
    expect(incidentWhere({})).toBeUndefined();
  });

  it('should turn categories, levels and codes into IN lists without repeats', () => {
    expect(incidentWhere({ status: ['open', '1', 'Z1'] })?.text).toBe(`${S} IN ('1', 'Z1')`);
    expect(incidentWhere({ priority: ['urgent'] })?.text).toBe(`${P} = '2'`);
  });

  it('should turn status unknown into != on each known code, for a status that is there', () => {
    expect(incidentWhere({ status: ['unknown'] })?.text).toBe(
      `((${S} != '1') AND (${S} != '2') AND (${S} != '3') AND (${S} != '4')) AND (${S} > '')`,
    );
  });

  it('should combine unknown with other values by leaving those out of the != chain', () => {
    expect(incidentWhere({ status: ['open', 'unknown', 'Z1', '3'] })?.text).toBe(
      `((${S} != '2') AND (${S} != '4')) AND (${S} > '')`,
    );
    expect(incidentWhere({ priority: ['unknown', 'immediate', 'urgent', 'normal'] })?.text).toBe(
      `(${P} != '7') AND (${P} > '')`,
    );
    expect(
      incidentWhere({ priority: ['immediate', 'urgent', 'normal', 'low', 'unknown'] })?.text,
    ).toBe(`${P} > ''`);
  });

  it('should put each filter in its own parentheses beside the others', () => {
    expect(
      incidentWhere({ status: ['unknown', 'closed'], priority: ['unknown'], q: "it's" })?.text,
    ).toBe(
      `(((${S} != '1') AND (${S} != '2') AND (${S} != '3')) AND (${S} > '')) AND ` +
        `(((${P} != '1') AND (${P} != '2') AND (${P} != '3') AND (${P} != '7')) AND (${P} > '')) AND ` +
        `(Name.content LIKE '%it''s%')`,
    );
  });
});

describe(incidentOrderBy.name, () => {
  it('should sort newest change first by default', () => {
    expect(incidentOrderBy()).toBe('LastChangeDateTime desc');
    expect(incidentOrderBy('createdAt')).toBe('CreationDateTime asc');
  });
});
