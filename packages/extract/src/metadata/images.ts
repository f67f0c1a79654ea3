import type { ArticleImage } from '@ingest/contracts';
import { Hint } from '../dom/hints';
import { isElement, type DomElement } from '../dom/node';
import type { Page } from '../dom/page';
import { textOf } from '../dom/text-of';
import { isInBox } from '../body/boilerplate';
import type { Content } from '../body/content';
import { cleanText } from '../text';
import { resolveUrl } from './urls';

const LAZY_ATTRS = ['data-src', 'data-original', 'data-lazy-src', 'data-lazy', 'data-url', 'data-full-src', 'data-srcset', 'srcset', 'src'];
const NOT_CONTENT = /(?:^|[/_.-])(?:logo|icon|avatar|spacer|pixel|blank|1x1|emoji|sprite|loading|placeholder|transparent)(?:[/_.-]|$)/i;
const MAX_IMAGES = 50;

/**
 * Article images: pictures inside the content, plus captioned figures elsewhere in the
 * article (the top image often sits between the title and the body). Thumbnails in site
 * boxes, logos and tracking pixels are left out. og:image is added last when not seen.
 */
export function findImages(page: Page, content: Content | null, root: DomElement | null, base: string): ArticleImage[] {
  const out: ArticleImage[] = [];
  const seen = new Set<string>();
  const top = content?.top ?? null;
  for (const img of page.images) {
    if (out.length >= MAX_IMAGES) break;
    const info = page.find(img);
    if (!info || info.hidden || info.chrome) continue;
    if (root && !page.contains(root, img)) continue;
    if (isInBox(page, img, top)) continue;
    const inContent = content?.nodes.some((n) => page.contains(n, img)) ?? false;
    const figure = figureOf(page, img, root);
    if (!inContent && !figure) continue;
    const src = imageSrc(img, base);
    if (!src || seen.has(src)) continue;
    if (NOT_CONTENT.test(src) || NOT_CONTENT.test(img.attribs.class ?? '')) continue;
    const w = Number(img.attribs.width);
    const h = Number(img.attribs.height);
    if ((w > 0 && w <= 50) || (h > 0 && h <= 50)) continue;
    seen.add(src);
    const caption = figure ? captionOf(page, figure) : null;
    out.push({ src, caption, credit: figure ? creditOf(page, figure, caption) : null });
  }
  return out;
}

/** Adds og:image / JSON-LD image when the article images do not already include it. */
export function addDeclaredImage(images: ArticleImage[], declared: string | null, base: string): ArticleImage[] {
  const src = resolveUrl(declared, base);
  if (!src || images.some((i) => i.src === src) || NOT_CONTENT.test(src)) return images;
  return [...images, { src, caption: null, credit: null }];
}

function imageSrc(img: DomElement, base: string): string | null {
  for (const a of LAZY_ATTRS) {
    const v = img.attribs[a];
    if (!v || /^data:/i.test(v.trim())) continue;
    const first = a.includes('srcset') ? largestFromSrcset(v) : v;
    const u = resolveUrl(first, base);
    if (u) return u;
  }
  // <picture><source srcset> with a placeholder <img>.
  const picture = img.parent;
  if (isElement(picture) && picture.name === 'picture') {
    for (const s of picture.children) {
      if (!isElement(s) || s.name !== 'source') continue;
      const v = s.attribs['data-srcset'] ?? s.attribs.srcset;
      const u = v ? resolveUrl(largestFromSrcset(v), base) : null;
      if (u) return u;
    }
  }
  return null;
}

function largestFromSrcset(v: string): string {
  let best = '';
  let bestW = -1;
  for (const part of v.split(',')) {
    const [url, size] = part.trim().split(/\s+/);
    if (!url) continue;
    const w = size ? parseFloat(size) : 0;
    if (w > bestW) {
      best = url;
      bestW = w;
    }
  }
  return best;
}

/** The <figure> (or a small captioned wrapper/table) an image belongs to. */
function figureOf(page: Page, img: DomElement, root: DomElement | null): DomElement | null {
  let cur = img.parent;
  for (let i = 0; i < 5 && isElement(cur); i++) {
    if (cur === root) return null;
    if (cur.name === 'figure') return cur;
    const info = page.find(cur);
    if (info && info.text <= 400 && findCaptionElement(page, cur)) return cur;
    if (info && info.text > 400) return null;
    cur = cur.parent;
  }
  return null;
}

function findCaptionElement(page: Page, el: DomElement): DomElement | null {
  const stack: DomElement[] = [el];
  let n = 0;
  while (stack.length && n++ < 200) {
    const e = stack.pop()!;
    for (const c of e.children) {
      if (!isElement(c)) continue;
      if (c.name === 'figcaption' || (page.find(c)?.hints ?? 0) & Hint.Caption) return c;
      stack.push(c);
    }
  }
  return null;
}

function captionOf(page: Page, figure: DomElement): string | null {
  const el = findCaptionElement(page, figure);
  const text = el ? textOf(el, page, 2000) : figure.name === 'figure' || figure.name === 'table' ? textOf(figure, page, 2000) : '';
  return text ? text : null;
}

const CREDIT_IN_CAPTION = /(?:^|[\s.(;,–-])(?:ảnh|nguồn ảnh|nguồn|photo|photograph|image|picture|credit|đồ họa|graphic)\s*:\s*([^():]{2,60}?)\s*\)?\s*\.?$/iu;
const PHOTO_BY = /(?:photo|image|picture)\s+by\s+([^.()]{2,60}?)\s*\.?$/iu;

function creditOf(page: Page, figure: DomElement, caption: string | null): string | null {
  const stack: DomElement[] = [figure];
  let n = 0;
  while (stack.length && n++ < 200) {
    const e = stack.pop()!;
    for (const c of e.children) {
      if (!isElement(c)) continue;
      if ((page.find(c)?.hints ?? 0) & Hint.Credit) {
        const t = cleanText(textOf(c, page, 500)).replace(/^(?:ảnh|photo|credit|nguồn)\s*:\s*/iu, '');
        if (t) return t;
      }
      stack.push(c);
    }
  }
  if (!caption) return null;
  const m = CREDIT_IN_CAPTION.exec(caption) ?? PHOTO_BY.exec(caption);
  return m ? m[1]!.trim() : null;
}
