import { attachmentDisposition, fileNameParameters, safeFileName } from './content-disposition.js';

/** Header values Node accepts: tab, visible ASCII and space (no CR, LF or other controls). */
const HEADER_SAFE = /^[\t\u0020-\u007e]*$/;

function parse(disposition: string): { type: string; fallback: string; extended: string } {
  const match = /^(\w+); filename="([^"]*)"; filename\*=UTF-8''([A-Za-z0-9!#$&+.^_`|~%-]*)$/.exec(
    disposition,
  );
  if (!match) {
    throw new Error(`Not a well-formed disposition: ${disposition}`);
  }
  return {
    type: match[1] as string,
    fallback: match[2] as string,
    extended: decodeURIComponent(match[3] as string),
  };
}

describe(attachmentDisposition.name, () => {
  it('should give a plain name as is in both forms', () => {
    expect(attachmentDisposition('report.pdf')).toBe(
      'attachment; filename="report.pdf"; filename*=UTF-8\'\'report.pdf',
    );
  });

  it('should keep a unicode name in the extended form and give an ASCII look-alike', () => {
    const parsed = parse(attachmentDisposition('Résumé 报告.pdf'));
    expect(parsed.extended).toBe('Résumé 报告.pdf');
    expect(parsed.fallback).toBe('Resume __.pdf');
  });

  it.each<[string, string]>([
    ['CRLF header injection', 'a.txt"\r\nSet-Cookie: session=stolen\r\nX: "'],
    ['bare LF', 'a\nb.txt'],
    ['quotes and backslashes', 'say "hi" \\ bye.txt'],
    ['a NUL and other controls', 'a\u0000b\u0007c\u007f\u0085.txt'],
    ['a right-to-left override', 'invoice\u202Efdp.exe'],
    ['percent signs', '100% done %0D%0A.txt'],
    ['a lone surrogate', 'bad\ud800name.txt'],
    ['path separators', '../../etc/passwd'],
    ['semicolons and equals', 'a; filename=evil.exe'],
  ])('should keep %s out of the header', (_label, name) => {
    const header = attachmentDisposition(name);
    expect(header).toMatch(HEADER_SAFE);
    const parsed = parse(header);
    expect(parsed.type).toBe('attachment');
    for (const form of [parsed.fallback, parsed.extended]) {
      expect(form).not.toMatch(/[\p{Cc}"\\\u202e/]/u);
    }
  });

  it('should cut a 1000-character name to 255 characters and keep its extension', () => {
    const header = attachmentDisposition(`${'x'.repeat(996)}.pdf`);
    const parsed = parse(header);
    expect(parsed.extended).toHaveLength(255);
    expect(parsed.extended.endsWith('.pdf')).toBe(true);
    expect(parsed.fallback).toBe(parsed.extended);
  });

  it('should cut a long unicode name by characters, never inside one', () => {
    const parsed = parse(attachmentDisposition('😀'.repeat(1000)));
    expect([...parsed.extended]).toHaveLength(255);
    expect(parsed.extended).toBe('😀'.repeat(255));
  });

  it.each([null, undefined, '', '   ', '\r\n', '""'])(
    'should fall back to "attachment" for the unusable name %j',
    (name) => {
      expect(parse(attachmentDisposition(name)).extended).toBe('attachment');
    },
  );
});

describe(fileNameParameters.name, () => {
  it('should percent-encode the characters RFC 8187 does not allow', () => {
    expect(fileNameParameters("it's (a) *test*.txt")).toBe(
      "filename=\"it's (a) *test*.txt\"; filename*=UTF-8''it%27s%20%28a%29%20%2Atest%2A.txt",
    );
  });
});

describe(safeFileName.name, () => {
  it('should trim and keep ordinary names unchanged', () => {
    expect(safeFileName('  notes.txt ')).toBe('notes.txt');
    expect(safeFileName('Ünïcödé.md')).toBe('Ünïcödé.md');
  });
});
