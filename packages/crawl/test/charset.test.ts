import { describe, expect, it } from 'vitest';
import { decodeBody, detectCharset } from '../src/charset';

// "Thứ" in windows-1258: T h ư (0xFD) + combining acute (0xEC).
const WINDOWS_1258_THU = Uint8Array.from([0x54, 0x68, 0xfd, 0xec]);

describe('charset detection and decoding', () => {
  it('prefers a byte-order mark, then the header, then <meta>, then UTF-8', () => {
    expect(detectCharset(Uint8Array.from([0xef, 0xbb, 0xbf, 0x41]), 'text/html; charset=iso-8859-1')).toBe('utf-8');
    expect(detectCharset(Buffer.from('<p>x</p>'), 'text/html; charset=windows-1258')).toBe('windows-1258');
    expect(detectCharset(Buffer.from('<html><head><meta charset="windows-1258">'), 'text/html')).toBe('windows-1258');
    expect(detectCharset(Buffer.from('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2">'), null)).toBe('iso-8859-2');
    expect(detectCharset(Buffer.from('<p>plain</p>'), null)).toBe('utf-8');
  });

  it('finds a <meta> charset declared after kilobytes of head, but never one in the body', () => {
    const scripts = `<script>${'var x = 1;\n'.repeat(600)}</script>`;
    expect(detectCharset(Buffer.from(`<html><head>${scripts}<meta charset="windows-1250"></head><body>x</body>`), null)).toBe('windows-1250');
    expect(detectCharset(Buffer.from('<html><head><title>t</title></head><body><pre>&lt;meta charset="koi8-r"&gt;</pre><meta charset="koi8-r"></body>'), null)).toBe('utf-8');
  });

  it('reads undeclared bytes that are not valid UTF-8 as windows-1252', () => {
    const latin = Buffer.from('<p>Grüße aus Köln</p>', 'latin1');
    const { text, charset } = decodeBody(latin, null);
    expect(charset).toBe('windows-1252');
    expect(text).toBe('<p>Grüße aus Köln</p>');
    expect(detectCharset(Buffer.from('<p>Grüße aus Köln</p>', 'utf8'), null)).toBe('utf-8');
  });

  it('ignores an unknown charset label instead of failing', () => {
    expect(detectCharset(Buffer.from('<p>x</p>'), 'text/html; charset=klingon-9')).toBe('utf-8');
  });

  it('decodes legacy Vietnamese windows-1258 text', () => {
    const { text, charset } = decodeBody(WINDOWS_1258_THU, 'text/html; charset=windows-1258');
    expect(charset).toBe('windows-1258');
    expect(text.normalize('NFC')).toBe('Thứ');
  });

  it('replaces undecodable bytes rather than throwing', () => {
    expect(decodeBody(Uint8Array.from([0x41, 0xff, 0x42]), 'text/html; charset=utf-8').text).toBe('A\uFFFDB');
  });
});
