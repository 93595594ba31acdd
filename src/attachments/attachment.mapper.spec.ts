import {
  base64DecodedLength,
  safeMediaType,
  toAttachment,
  toAttachmentContent,
  toUpstreamAttachmentMetadata,
} from './attachment.mapper.js';
import type { UpstreamAttachment } from './upstream-attachment.js';

const INCIDENT = '00163E038C2E1EE299C1BB0BE9398F9B';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200', 'hex');

const full: UpstreamAttachment = {
  ObjectID: '00163E038C2E1EE299C1BB0BE93B0001',
  ParentObjectID: INCIDENT,
  Name: 'screenshot.png',
  MimeType: 'image/png',
  CategoryCode: '2',
  TypeCode: '10001',
  Binary: PNG.toString('base64'),
  CreatedOn: 1769774400000,
};

describe(toAttachment.name, () => {
  it('should map every field of a full record', () => {
    expect(toAttachment(full, 'PATH-ID')).toEqual({
      id: '00163E038C2E1EE299C1BB0BE93B0001',
      incidentId: INCIDENT,
      fileName: 'screenshot.png',
      mimeType: 'image/png',
      sizeBytes: PNG.length,
      createdAt: '2026-01-30T12:00:00.000Z',
    });
  });

  it('should use null for missing values and the path incident for a missing parent', () => {
    expect(toAttachment({ ObjectID: 'A', Name: '', MimeType: null }, INCIDENT)).toEqual({
      id: 'A',
      incidentId: INCIDENT,
      fileName: null,
      mimeType: null,
      sizeBytes: null,
      createdAt: null,
    });
  });

  it.each(['résumé 2026.pdf', '报告.docx', 'a "quoted" name.txt', '.env', 'no-extension'])(
    'should keep the file name %j as the upstream has it',
    (name) => {
      expect(toAttachment({ ObjectID: 'A', Name: name }, INCIDENT).fileName).toBe(name);
    },
  );

  it('should read OData and ISO creation dates', () => {
    expect(toAttachment({ ObjectID: 'A', CreatedOn: '/Date(0)/' }, INCIDENT).createdAt).toBe(
      '1970-01-01T00:00:00.000Z',
    );
    expect(
      toAttachment({ ObjectID: 'A', CreatedOn: '2026-01-30T12:00:00Z' }, INCIDENT).createdAt,
    ).toBe('2026-01-30T12:00:00.000Z');
  });

  it('should never return the content, not even in raw', () => {
    const attachment = toAttachment(full, INCIDENT, true);
    expect(JSON.stringify(attachment)).not.toContain(full.Binary as string);
    expect(attachment.raw).toEqual({ ...full, Binary: undefined });
    expect(attachment.raw).not.toHaveProperty('Binary');
    expect(full.Binary).toBe(PNG.toString('base64'));
    expect(toAttachment(full, INCIDENT)).not.toHaveProperty('raw');
  });
});

describe(base64DecodedLength.name, () => {
  it.each([0, 1, 2, 3, 4, 5, 6, 7, 100, 1000, 65536, 65537])(
    'should give the decoded length of %i bytes of base64 without decoding',
    (size) => {
      const encoded = Buffer.alloc(size, 0xab).toString('base64');
      expect(base64DecodedLength(encoded)).toBe(size);
    },
  );

  it.each<[string, string, number]>([
    ['no padding', 'AAAA', 3],
    ['one padding character', 'AAA=', 2],
    ['two padding characters', 'AA==', 1],
    ['an empty content', '', 0],
    ['unpadded base64', 'AAA', 2],
    ['line-wrapped base64', 'AAAA\r\nAAAA\nAA==\n', 7],
  ])('should count %s', (_label, value, expected) => {
    expect(base64DecodedLength(value)).toBe(expected);
  });

  it.each([undefined, null, 42, {}])('should give null for a missing content (%p)', (value) => {
    expect(base64DecodedLength(value)).toBeNull();
  });
});

describe(toAttachmentContent.name, () => {
  it('should decode the content and give its type and disposition', () => {
    const content = toAttachmentContent(full);
    expect(content.bytes.equals(PNG)).toBe(true);
    expect(content.mimeType).toBe('image/png');
    expect(content.disposition).toBe(
      'attachment; filename="screenshot.png"; filename*=UTF-8\'\'screenshot.png',
    );
  });

  it('should serve a record without content or type as empty octets', () => {
    const content = toAttachmentContent({ ObjectID: 'A' });
    expect(content.bytes.length).toBe(0);
    expect(content.mimeType).toBe('application/octet-stream');
  });
});

describe(safeMediaType.name, () => {
  it.each<[unknown, string]>([
    ['image/png', 'image/png'],
    [' Application/PDF ', 'application/pdf'],
    [
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
    ['text/html\r\nSet-Cookie: x=1', 'application/octet-stream'],
    ['text/plain; charset=utf-8', 'application/octet-stream'],
    ['not a type', 'application/octet-stream'],
    ['', 'application/octet-stream'],
    [null, 'application/octet-stream'],
  ])('should make %j %j', (value, expected) => {
    expect(safeMediaType(value)).toBe(expected);
  });
});

describe(toUpstreamAttachmentMetadata.name, () => {
  it('should name the file with the category and type C4C expects', () => {
    expect(toUpstreamAttachmentMetadata('ünï.txt')).toEqual({
      CategoryCode: '2',
      TypeCode: '10001',
      FileName: 'ünï.txt',
    });
  });
});
