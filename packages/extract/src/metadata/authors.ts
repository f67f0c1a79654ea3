import { Hint } from '../dom/hints';
import { isElement, textData, type DomElement } from '../dom/node';
import { OPAQUE_TAGS } from '../dom/tags';
import type { Page } from '../dom/page';
import { textOf } from '../dom/text-of';
import { isInBox } from '../body/boilerplate';
import { cleanText, fold } from '../text';

export interface Byline {
  authors: string[];
  /** Roles or desks printed with the names ("Health Correspondent"), kept apart from them. */
  roles?: string[];
  /** Outlet label printed beside the names ("LDO", "TTXVN"). */
  label: string | null;
}

/** "By", "Bài và ảnh:", "Phóng viên" … before the names. */
const ROLE_PREFIX =
  /^(?:by|bởi|người viết|tác giả|bài(?:\s+và\s+ảnh)?|ảnh|video|clip|thực hiện|ghi chép|ghi|nhóm phóng viên|nhóm pv|phóng viên|pv|ctv|btv|biên tập|written by|reported by|story by|words by|text by|photos? by|reporting by)(?:\s*[:\-–]\s*|\s+|$)/iu;
/** Where the names end: a date, a time, a weekday, "cập nhật"… */
const NAMES_END =
  /\d|(?:^|\s)(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy)|chủ\s+nhật|cập\s+nhật|đăng\s+lúc|lúc|ngày|tháng(?=\s*\d)|updated|published|posted|monday|tuesday|wednesday|thursday|friday|saturday|sunday|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december)\.?(?=\s*(?:\d|$)))(?![\p{L}])/iu;
/** A month name or abbreviation standing alone: a piece of a date line, never a person. */
const MONTH_WORD = /^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december|tháng(?:\s+\p{L}+)?)\.?$/iu;
/**
 * Roles and desks printed after or instead of a name ("Health Correspondent", "Staff Writer",
 * "Political Reporter", "Phóng viên thường trú"): the role of the author, not an author.
 */
const ROLE_WORD =
  /(?:^|\s)(?:correspondent|reporter|writer|editor|columnist|contributor|journalist|producer|analyst|photographer|photojournalist|intern|anchor|presenter|staff|bureau chief|desk|phóng viên|biên tập viên|cộng tác viên|nhà báo|thường trú|thông tín viên|korrespondent(?:in)?|redakteur(?:in)?|redaktion|autor(?:in)?|correspondant(?:e)?|rédact(?:eur|rice)|corresponsal|redactor(?:a)?)(?:\s|$)/iu;
const NOT_A_NAME_START = new Set(['tháng', 'theo', 'nguồn', 'báo', 'tạp', 'tin', 'bài', 'ảnh', 'video', 'thứ', 'chủ', 'source', 'photo', 'updated', 'share', 'follow', 'xem', 'the', 'staff', 'admin']);
const PARTICLES = new Set(['van', 'von', 'de', 'der', 'den', 'da', 'di', 'du', 'del', 'della', 'la', 'le', 'bin', 'binti', 'al', 'el', 'y', 'ter', 'dos', 'das', 'mc']);
/** Abbreviations of a role, not of an outlet. */
const ROLE_ABBREVIATIONS = new Set(['PV', 'CTV', 'BTV', 'NV', 'TS', 'THS', 'PGS', 'GS', 'BS']);

/** An all-caps short token such as "LDO", "TTXVN", "VOV.VN": an outlet label, not a person. */
export function isOutletLabel(s: string): boolean {
  const t = s.trim();
  return /^\p{Lu}[\p{Lu}\d.&]{1,11}$/u.test(t) && (t.match(/\p{Lu}/gu)?.length ?? 0) >= 2 && !ROLE_ABBREVIATIONS.has(t);
}

/** Words that make a byline segment an outlet or a desk ("BBC News", "Reuters Staff"), not a person. */
const ORGANISATION_WORD = /(?:^|\s)(?:news|press|media|agency|online|staff|reporters|correspondents|desk|newsroom|network|radio|tv|television|magazine|newspaper|báo|đài|tạp chí|thông tấn xã)(?:\s|$)/iu;

export function isPersonName(s: string): boolean {
  if (s.length < 2 || s.length > 60 || /[\d@/\\:;!?()"“”|#]/.test(s)) return false;
  if (ORGANISATION_WORD.test(s) || ROLE_WORD.test(s) || MONTH_WORD.test(s)) return false;
  const words = s.split(' ');
  if (words.length > 6) return false;
  if (NOT_A_NAME_START.has(words[0]!.toLowerCase())) return false;
  return words.every((w, i) => /^\p{Lu}[\p{L}\p{M}'’.-]*$/u.test(w) || (i > 0 && PARTICLES.has(w.toLowerCase())));
}

/**
 * Splits a byline into names and an outlet label:
 * "Phạm Đông - Hải Nguyễn LDO | 31/12/2021 17:04" → ["Phạm Đông", "Hải Nguyễn"] + "LDO";
 * "By Jane Doe and John Smith"; "Jane Doe, John Smith"; "Nhóm PV (TTXVN)".
 */
export function parseByline(raw: string): Byline {
  const authors: string[] = [];
  const roles: string[] = [];
  let label: string | null = null;
  const text = cleanText(raw).slice(0, 400);
  for (let seg of text.split(/\s*[|·•]\s*|\s+—\s+/)) {
    const end = NAMES_END.exec(seg);
    if (end) seg = seg.slice(0, end.index);
    seg = seg.replace(/[\s,;:–-]+$/u, '').trim();
    // "(LDO)" or "(Theo TTXVN)"
    seg = seg
      .replace(/\(\s*(theo\s+)?([^()]{1,40})\)/giu, (m, theo: string | undefined, inner: string) => {
        if (theo || isOutletLabel(inner)) {
          label ??= inner.trim();
          return ' ';
        }
        return m;
      })
      .trim();
    const source = /^(theo|nguồn|source|via)\s*:?\s+(.{1,40})$/iu.exec(seg);
    if (source) {
      const named = source[2]!.trim();
      // "Theo Nguyễn Văn An" names the writer; "Theo TTXVN", "Theo Reuters" the outlet.
      if (/^theo$/iu.test(source[1]!) && named.includes(' ') && isPersonName(named)) authors.push(named);
      else label ??= named;
      continue;
    }
    const printed = seg;
    seg = stripRole(seg);
    // "Phóng viên thường trú": a role word stays a role with the prefix it was printed with.
    if (seg !== printed && ROLE_WORD.test(seg) && !/[,;&|]/.test(seg)) {
      roles.push(printed);
      continue;
    }
    if (!seg) continue;
    if (isOutletLabel(seg)) {
      label ??= seg;
      continue;
    }
    const trailing = /^(.*\p{Ll}.*?)\s+(\S+)$/u.exec(seg);
    if (trailing && isOutletLabel(trailing[2]!)) {
      label ??= trailing[2]!;
      seg = trailing[1]!;
    }
    const parts = seg.split(/\s+[-–—]\s+|\s*[,;&+]\s*|\s+(?:và|and|with|cùng|&)\s+/iu);
    parts.forEach((p, i) => {
      const part = stripRole(p.trim()).replace(/[.,;:]+$/u, '').trim();
      if (!part) return;
      if (isOutletLabel(part) && i === parts.length - 1 && i > 0) {
        label ??= part;
        return;
      }
      if (ROLE_WORD.test(part) && part.length <= 60) roles.push(part);
      else if (isPersonName(part)) authors.push(part);
      else if (ORGANISATION_WORD.test(part) && part.length <= 40) label ??= part;
    });
  }
  return roles.length ? { authors: dedupe(authors), roles: dedupe(roles), label } : { authors: dedupe(authors), label };
}

function stripRole(s: string): string {
  let out = s;
  for (let i = 0; i < 3; i++) {
    const next = out.replace(ROLE_PREFIX, '').trim();
    if (next === out) break;
    out = next;
  }
  return out;
}

export function dedupe(names: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const n of names) {
    const k = fold(n);
    if (!k || seen.has(k)) continue;
    seen.add(k);
    out.push(n);
  }
  return out;
}

/**
 * Visible byline elements: named author/byline/writer/tacgia, itemprop=author or rel=author,
 * short, outside site boxes, in document order — those inside the article first.
 */
export function bylineElements(page: Page, root: DomElement | null, content: DomElement | null): DomElement[] {
  const inside: DomElement[] = [];
  const outside: DomElement[] = [];
  for (const el of page.hinted) {
    const info = page.get(el);
    const rel = el.name === 'a' && (el.attribs.rel ?? '').toLowerCase().split(/\s+/).includes('author');
    if (!(info.hints & Hint.Author) && !rel) continue;
    if (info.text === 0 || info.text > 250 || info.hidden) continue;
    if (el.name === 'meta' || el.name === 'link') continue;
    if (isInBox(page, el, content)) continue;
    if (root && page.contains(root, el)) inside.push(el);
    else outside.push(el);
  }
  // An outer byline (names + label + date) beats the links nested in it. The lists are in
  // document order, so an element is nested iff it starts before the last kept one ends.
  const pick = (list: DomElement[]): DomElement[] => {
    const kept: DomElement[] = [];
    let end = -1;
    for (const el of list) {
      const info = page.get(el);
      if (info.index <= end) continue;
      kept.push(el);
      end = info.end;
    }
    return kept.slice(0, 50);
  };
  return [...pick(inside), ...pick(outside)];
}

/** The first visible byline that yields names or a label. */
export function readVisibleByline(page: Page, els: DomElement[]): { byline: Byline; el: DomElement | null } {
  for (const el of els) {
    const b = parseByline(bylineText(el, page));
    if (b.authors.length || b.label) return { byline: b, el };
  }
  return { byline: { authors: [], label: null }, el: null };
}

/**
 * Text of a byline element with its child elements kept apart: templates put the name and the
 * role in sibling spans styled as separate lines ("<span>By Tom Welsh</span><span>BBC News</span>").
 */
function bylineText(el: DomElement, page: Page): string {
  const parts: string[] = [];
  let lastWasElement = false;
  for (const c of el.children) {
    if (c.type === 'text') {
      const t = textData(c);
      parts.push(t);
      if (t.trim()) lastWasElement = false;
    } else if (isElement(c) && !OPAQUE_TAGS.has(c.name) && !page.find(c)?.hidden) {
      const t = textOf(c, page, 1000);
      if (!t) continue;
      // Two elements with nothing between them are two lines of the byline.
      parts.push(lastWasElement ? ' | ' : ' ', t, ' ');
      lastWasElement = true;
    }
  }
  return parts.join('').replace(/\s+/g, ' ').trim();
}
