import { GatewayError } from '../core/errors/gateway.error.js';
import {
  toUpstreamCommentCreate,
  toUpstreamCommentFields,
  typeCode,
} from './comment-write.mapper.js';

describe(toUpstreamCommentCreate.name, () => {
  it('should write a reply to the customer when no type is given', () => {
    expect(toUpstreamCommentCreate({ body: 'Hello' })).toEqual({
      Text: 'Hello',
      TypeCode: '10007',
    });
  });

  it.each<[string, string]>([
    ['description', '10004'],
    ['reply_to_customer', '10007'],
    ['reply_from_customer', '10008'],
    ['internal_note', '10011'],
    ['10004', '10004'],
    ['10007', '10007'],
    ['10008', '10008'],
    ['10011', '10011'],
  ])('should write type %s as TypeCode %s', (type, code) => {
    expect(toUpstreamCommentCreate({ body: 'x', type })).toEqual({ Text: 'x', TypeCode: code });
  });

  it.each(['other', 'bogus', 'Z900', '10005', 'Internal_Note', ''])(
    'should refuse the type %j, which is no named type or its code',
    (type) => {
      expect(() => toUpstreamCommentCreate({ body: 'x', type })).toThrow(
        expect.objectContaining({
          code: 'VALIDATION_FAILED',
          errors: [expect.objectContaining({ field: 'type' })],
        }),
      );
    },
  );
});

describe(toUpstreamCommentFields.name, () => {
  it('should send only the fields given', () => {
    expect(toUpstreamCommentFields({})).toEqual({});
    expect(toUpstreamCommentFields({ body: 'new text' })).toEqual({ Text: 'new text' });
    expect(toUpstreamCommentFields({ type: 'internal_note' })).toEqual({ TypeCode: '10011' });
    expect(toUpstreamCommentFields({ body: 'b', type: 'reply_from_customer' })).toEqual({
      Text: 'b',
      TypeCode: '10008',
    });
  });

  it('should refuse the type other and unnamed codes', () => {
    expect(() => toUpstreamCommentFields({ type: 'other' })).toThrow(GatewayError);
    expect(() => toUpstreamCommentFields({ body: 'b', type: 'bogus' })).toThrow(GatewayError);
  });
});

describe(typeCode.name, () => {
  it('should not treat a differently cased name as the name', () => {
    expect(() => typeCode('Internal_Note')).toThrow(GatewayError);
  });
});
