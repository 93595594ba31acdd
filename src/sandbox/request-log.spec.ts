import { RequestLog, type RecordedRequest } from './request-log.js';

function entry(status: number): RecordedRequest {
  return {
    at: '',
    method: 'GET',
    path: '/p',
    routeTemplate: '/p',
    query: {},
    headers: {},
    status,
    elementsRequestId: `r${status}`,
  };
}

describe(RequestLog.name, () => {
  it('should keep only the most recent entries, oldest first', () => {
    const log = new RequestLog(3);
    [1, 2, 3, 4, 5].forEach((status) => log.add(entry(status)));
    expect(log.list().map((e) => e.status)).toEqual([3, 4, 5]);
  });

  it('should hand out copies and clear', () => {
    const log = new RequestLog(3);
    log.add(entry(1));
    const [copy] = log.list();
    copy!.status = 99;
    expect(log.list()[0]?.status).toBe(1);
    log.clear();
    expect(log.list()).toEqual([]);
  });
});
