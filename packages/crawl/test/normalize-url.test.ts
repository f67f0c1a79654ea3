import { describe, expect, it } from 'vitest';
import { normalizeUrl } from '../src/normalize-url';

describe('normalizeUrl', () => {
  it('lower-cases the host, drops default ports, fragments and tracking parameters, sorts the query', () => {
    expect(normalizeUrl('HTTPS://LaoDong.VN:443/thoi-su/bai.html?utm_source=fb&b=2&a=1#comments')).toBe('https://laodong.vn/thoi-su/bai.html?a=1&b=2');
    expect(normalizeUrl('http://example.com:80/a/?fbclid=x')).toBe('http://example.com/a');
  });

  it('keeps the root slash and non-default ports', () => {
    expect(normalizeUrl('http://127.0.0.1:8088')).toBe('http://127.0.0.1:8088/');
    expect(normalizeUrl('http://127.0.0.1:8088/tin/')).toBe('http://127.0.0.1:8088/tin');
  });

  it('resolves relative links against a base and rejects garbage', () => {
    expect(normalizeUrl('../b.html', 'https://x.vn/a/c/d.html')).toBe('https://x.vn/a/b.html');
    expect(() => normalizeUrl('not a url')).toThrow();
  });
});
