import { SandboxHttpError } from './http-error.js';
import {
  decodePageToken,
  encodePageToken,
  pageHeaders,
  resolvePageRequest,
  slicePage,
} from './paging.js';

describe('paging', () => {
  it('should encode tokens exactly like Cloud Elements', () => {
    expect(encodePageToken({ page: 2, pageSize: 1 })).toBe(
      'eyJsaW1pdCI6MSwicGFnZVNpemUiOjEsInBhZ2UiOjJ9',
    );
  });

  it('should decode what it encodes, also when + arrived as a space', () => {
    const token = encodePageToken({ page: 3, pageSize: 200 });
    expect(decodePageToken(token)).toEqual({ page: 3, pageSize: 200 });
    expect(decodePageToken(token.replaceAll('+', ' '))).toEqual({ page: 3, pageSize: 200 });
  });

  it.each(['not-a-token', Buffer.from('{"page":0,"pageSize":5}').toString('base64'), ''])(
    'should reject the token %j with 400',
    (token) => {
      expect(() => decodePageToken(token)).toThrow(SandboxHttpError);
      expect(() => decodePageToken(token)).toThrow('Invalid nextPage token');
    },
  );

  it('should default to page 1 and the maximum page size', () => {
    expect(resolvePageRequest(new URLSearchParams(''), 200)).toEqual({ page: 1, pageSize: 200 });
  });

  it('should clamp an oversized page and say so in Elements-Error', () => {
    const request = resolvePageRequest(new URLSearchParams('pageSize=500&page=2'), 200);
    expect(request).toEqual({ page: 2, pageSize: 200, clampedFrom: 500 });
    expect(pageHeaders(request, 0)['Elements-Error']).toContain('500');
  });

  it('should continue from the token page, with the token page size unless one is given', () => {
    const nextPage = encodePageToken({ page: 4, pageSize: 7 });
    expect(resolvePageRequest(new URLSearchParams({ nextPage, page: '2' }), 200)).toEqual({
      page: 4,
      pageSize: 7,
    });
    expect(resolvePageRequest(new URLSearchParams({ nextPage, pageSize: '3' }), 200)).toEqual({
      page: 4,
      pageSize: 3,
    });
  });

  it.each(['page=0', 'pageSize=-1', 'page=abc', 'pageSize=1.5'])('should reject %s', (query) => {
    expect(() => resolvePageRequest(new URLSearchParams(query), 200)).toThrow(SandboxHttpError);
  });

  it('should always send a next-page token, the last page included', () => {
    const headers = pageHeaders({ page: 9, pageSize: 10 }, 0);
    expect(headers['Elements-Returned-Count']).toBe('0');
    expect(decodePageToken(headers['Elements-Next-Page-Token'] ?? '')).toEqual({
      page: 10,
      pageSize: 10,
    });
  });

  it('should slice 1-based pages', () => {
    expect(slicePage([1, 2, 3, 4, 5], { page: 2, pageSize: 2 })).toEqual([3, 4]);
    expect(slicePage([1, 2, 3], { page: 3, pageSize: 2 })).toEqual([]);
  });
});
