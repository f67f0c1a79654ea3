import { lookupTable } from '../lookup';
import { cleanText } from '../text';

/** A calendar date and wall-clock time as written, plus the UTC offset when the text gives one. */
export interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** "+07:00"-style offset written in the text, or null when the text names no zone. */
  offset: string | null;
  hasTime: boolean;
}

export interface DateParseOptions {
  /** Read 01/02/2021 as 1 February (default) rather than January 2. */
  dayFirst?: boolean;
}

const MONTHS: Record<string, number> = {
  january: 1, jan: 1, february: 2, feb: 2, march: 3, mar: 3, april: 4, apr: 4, may: 5, june: 6, jun: 6,
  july: 7, jul: 7, august: 8, aug: 8, september: 9, sept: 9, sep: 9, october: 10, oct: 10,
  november: 11, nov: 11, december: 12, dec: 12,
};
const MONTH_RE = 'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec';

/** Zone abbreviations that mean one offset (ambiguous ones such as IST or CST-in-China are left out). */
const ZONES: Record<string, string> = {
  utc: '+00:00', gmt: '+00:00', z: '+00:00', ict: '+07:00', wib: '+07:00', sgt: '+08:00', hkt: '+08:00',
  pht: '+08:00', jst: '+09:00', kst: '+09:00', est: '-05:00', edt: '-04:00', cdt: '-05:00', mst: '-07:00',
  mdt: '-06:00', pst: '-08:00', pdt: '-07:00', cet: '+01:00', cest: '+02:00', bst: '+01:00',
  eet: '+02:00', eest: '+03:00', aest: '+10:00', aedt: '+11:00',
};

const ISO_RE =
  /(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:(?:T|\s+|\s*,\s*)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?(?![\d:])/i;
const NUMERIC_RE = /(?<![\d.:/])(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})(?![\d])/;
const MONTH_FIRST_RE = new RegExp(`(?<![a-z])(${MONTH_RE})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})(?!\\d)`, 'i');
const DAY_FIRST_RE = new RegExp(`(?<!\\d)(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH_RE})\\.?,?\\s+(\\d{4})(?!\\d)`, 'i');
const VI_WORDS_RE = /(?<!\d)(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s*,|\s+năm)?\s+(\d{4})(?!\d)/i;
const GMT_OFFSET_RE = /\b(?:GMT|UTC)\s*([+-])\s*(\d{1,2})(?:[:.]?(\d{2}))?(?!\d)/i;
const NUMERIC_OFFSET_RE = /(\d{1,2}:\d{2}(?::\d{2})?)\s*([+-])(\d{2}):?(\d{2})(?!\d)/;
const ZONE_RE = /\b(utc|gmt|ict|wib|sgt|hkt|pht|jst|kst|est|edt|cdt|mst|mdt|pst|pdt|cet|cest|bst|eet|eest|aest|aedt)\b/i;
const TIME_RE = /(?<![\d:.])(\d{1,2})\s*(?::|h|g)\s*(\d{2})(?:\s*:\s*(\d{2}))?(?:\s*([ap])\.?\s*m\b\.?)?(?![\d])/i;

/**
 * Reads a date from a machine value or visible text: ISO 8601, "31/12/2021 17:04",
 * "Thứ Sáu, 31/12/2021, 17:04 (GMT+7)", "31-12-2021 - 17:04", "Dec 31, 2021 5:04 PM",
 * "December 31, 2021", "31 tháng 12 năm 2021", RFC 2822, Unix seconds. Null when none.
 */
export function parseDate(input: string, options: DateParseOptions = {}): DateParts | null {
  const s = cleanText(input).slice(0, 300);
  if (!s) return null;
  if (/^\d{10}(\d{3})?$/.test(s)) return fromEpoch(s.length === 13 ? Number(s) : Number(s) * 1000);
  const iso = parseIso(s);
  if (iso) return iso;

  // Take the zone out first so "GMT+7" or "+0700" is not read as part of the date or time.
  const { rest, offset } = takeOutZone(s);
  const date = findCalendarDate(rest, options.dayFirst ?? true);
  if (!date) return null;
  const { year, month, day } = date;
  const withoutDate = rest.slice(0, date.start) + ' ' + rest.slice(date.end);
  const t = TIME_RE.exec(withoutDate);
  const parts = t ? build(year, month, day, t[1], t[2], t[3], t[4]) : build(year, month, day, undefined, undefined, undefined, undefined);
  // A time that does not exist ("25:70") is ignored: the date alone is returned, without the zone.
  if (!parts) return build(year, month, day, undefined, undefined, undefined, undefined);
  parts.offset = offset;
  return parts;
}

/** "2021-12-31T17:04:00+07:00", "2021/12/31 17:04": the offset written after it, else a zone named later in the text. */
function parseIso(s: string): DateParts | null {
  const iso = ISO_RE.exec(s);
  if (!iso) return null;
  const parts = build(+iso[1]!, +iso[2]!, +iso[3]!, iso[4], iso[5], iso[6], undefined);
  if (parts) parts.offset = iso[7] ? normalizeWrittenOffset(iso[7]) : findZone(s.slice(iso.index + iso[0].length));
  return parts;
}

/** The text with its zone ("GMT+7", "+07:00", "ICT") replaced by a space, and the offset that zone means. */
function takeOutZone(s: string): { rest: string; offset: string | null } {
  const gmt = GMT_OFFSET_RE.exec(s);
  if (gmt) {
    const offset = formatOffset(gmt[1] === '-' ? -1 : 1, +gmt[2]!, gmt[3] ? +gmt[3] : 0);
    return { rest: s.slice(0, gmt.index) + ' ' + s.slice(gmt.index + gmt[0].length), offset };
  }
  const num = NUMERIC_OFFSET_RE.exec(s);
  if (num) {
    // The time the offset is attached to stays.
    const offset = formatOffset(num[2] === '-' ? -1 : 1, +num[3]!, +num[4]!);
    return { rest: s.slice(0, num.index) + num[1] + ' ' + s.slice(num.index + num[0].length), offset };
  }
  const zone = ZONE_RE.exec(s);
  if (zone) return { rest: s.slice(0, zone.index) + ' ' + s.slice(zone.index + zone[0].length), offset: ZONES[zone[1]!.toLowerCase()] ?? null };
  return { rest: s, offset: null };
}

/** A day, month and year as written (not yet checked), and where in the text they are. */
interface CalendarDate {
  year: number;
  month: number;
  day: number;
  start: number;
  end: number;
}

/** "31/12/2021" (day or month first), "Dec 31, 2021", "31 December 2021", "31 tháng 12 năm 2021". */
function findCalendarDate(text: string, dayFirst: boolean): CalendarDate | null {
  let y = 0;
  let mo = 0;
  let d = 0;
  let m: RegExpExecArray | null;
  if ((m = NUMERIC_RE.exec(text))) {
    const a = +m[1]!;
    const b = +m[3]!;
    y = m[4]!.length === 2 ? 2000 + +m[4]! : +m[4]!;
    if (a > 12) [d, mo] = [a, b];
    else if (b > 12) [mo, d] = [a, b];
    else if (dayFirst) [d, mo] = [a, b];
    else [mo, d] = [a, b];
  } else if ((m = MONTH_FIRST_RE.exec(text))) {
    mo = MONTHS[m[1]!.toLowerCase()] ?? 0;
    d = +m[2]!;
    y = +m[3]!;
  } else if ((m = DAY_FIRST_RE.exec(text))) {
    d = +m[1]!;
    mo = MONTHS[m[2]!.toLowerCase()] ?? 0;
    y = +m[3]!;
  } else if ((m = VI_WORDS_RE.exec(text))) {
    d = +m[1]!;
    mo = +m[2]!;
    y = +m[3]!;
  } else return null;
  return { year: y, month: mo, day: d, start: m.index, end: m.index + m[0].length };
}

/** "2021-12-31T17:04:00+07:00": the written offset, else the fallback, else UTC. */
export function formatIso(p: DateParts, fallbackOffset: string | null): string {
  const off = p.offset ?? fallbackOffset ?? '+00:00';
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${off}`;
}

/** "+0700", "+07", "Z" → "+07:00" / "+00:00". */
export function normalizeWrittenOffset(s: string): string | null {
  if (/^z$/i.test(s)) return '+00:00';
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(s);
  return m ? formatOffset(m[1] === '-' ? -1 : 1, +m[2]!, m[3] ? +m[3] : 0) : null;
}

export function formatOffset(sign: number, hours: number, minutes: number): string | null {
  if (hours > 14 || minutes > 59) return null;
  return `${sign < 0 ? '-' : '+'}${pad(hours)}:${pad(minutes)}`;
}

function findZone(s: string): string | null {
  const gmt = GMT_OFFSET_RE.exec(s);
  if (gmt) return formatOffset(gmt[1] === '-' ? -1 : 1, +gmt[2]!, gmt[3] ? +gmt[3] : 0);
  const zone = ZONE_RE.exec(s);
  return zone ? (ZONES[zone[1]!.toLowerCase()] ?? null) : null;
}

function build(
  year: number, month: number, day: number,
  h: string | undefined, mi: string | undefined, sec: string | undefined, ampm: string | undefined,
): DateParts | null {
  if (year < 1970 || year > 2100 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  let hour = h === undefined ? 0 : +h;
  const minute = mi === undefined ? 0 : +mi;
  const second = sec === undefined ? 0 : +sec;
  if (ampm) {
    if (hour < 1 || hour > 12) return null;
    const pm = ampm.toLowerCase() === 'p';
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 60) return null;
  return { year, month, day, hour, minute, second: Math.min(second, 59), offset: null, hasTime: h !== undefined };
}

function fromEpoch(ms: number): DateParts | null {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return null;
  const p = build(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), String(d.getUTCHours()), String(d.getUTCMinutes()), String(d.getUTCSeconds()), undefined);
  if (p) p.offset = '+00:00';
  return p;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

const RELATIVE_UNITS: Readonly<Record<string, number>> = lookupTable({
  second: 1, sec: 1, giây: 1, minute: 60, min: 60, phút: 60, hour: 3600, hr: 3600, giờ: 3600, tiếng: 3600,
  day: 86_400, ngày: 86_400, week: 604_800, tuần: 604_800,
});
const RELATIVE_RE = /(?:^|\s)(\d{1,3}|an?|one)\s+(seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|giây|phút|giờ|tiếng|ngày|tuần)\s+(?:ago|trước)(?![\p{L}])/iu;

/**
 * "2 giờ trước", "3 hours ago", "a day ago": that long before `now` (epoch ms), in UTC.
 * Null when the text says no such thing.
 */
export function parseRelativeDate(input: string, now: number): DateParts | null {
  const m = RELATIVE_RE.exec(cleanText(input).slice(0, 300));
  if (!m) return null;
  const n = /^\d+$/.test(m[1]!) ? Number(m[1]) : 1;
  const unit = m[2]!.toLowerCase();
  const seconds = RELATIVE_UNITS[unit.length > 3 && unit.endsWith('s') ? unit.slice(0, -1) : unit];
  if (!seconds) return null;
  const p = fromEpoch(now - n * seconds * 1000);
  // Only minutes and hours are precise enough to keep a time of day.
  if (p && seconds >= 86_400) p.hasTime = false;
  return p;
}
