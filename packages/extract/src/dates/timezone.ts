import { lookupTable } from '../lookup';
import { formatOffset, normalizeWrittenOffset, type DateParts } from './parse';

/** Gives the UTC offset to apply to a date whose text names no zone. */
export type OffsetResolver = (p: DateParts) => string | null;

/**
 * Countries with one UTC offset and no daylight saving, by country-code TLD and by
 * language. A page in Vietnamese or on a .vn host writes local time, which is UTC+07:00.
 */
const TLD_OFFSETS: Readonly<Record<string, string>> = lookupTable({
  vn: '+07:00', th: '+07:00', kh: '+07:00', la: '+07:00',
  cn: '+08:00', sg: '+08:00', my: '+08:00', ph: '+08:00', hk: '+08:00', tw: '+08:00',
  jp: '+09:00', kr: '+09:00', in: '+05:30',
});
const LANGUAGE_OFFSETS: Readonly<Record<string, string>> = lookupTable({
  vi: '+07:00', th: '+07:00', lo: '+07:00', km: '+07:00', ja: '+09:00', ko: '+09:00',
});

/**
 * Parses the `timezone` option: "+07:00", "+0700", "+7", "UTC+7", "GMT+07:00", "Z", "UTC",
 * or an IANA name ("Asia/Ho_Chi_Minh", resolved per date so daylight saving is right).
 */
export function parseTimezoneOption(tz: string): OffsetResolver | null {
  const s = tz.trim();
  if (!s) return null;
  if (/^(z|utc|gmt)$/i.test(s)) return () => '+00:00';
  const m = /^(?:utc|gmt)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$/i.exec(s);
  if (m) {
    const off = formatOffset(m[1] === '-' ? -1 : 1, +m[2]!, m[3] ? +m[3] : 0);
    return off ? () => off : null;
  }
  const written = normalizeWrittenOffset(s);
  if (written) return () => written;
  if (/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)+$/.test(s)) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: s });
    } catch {
      return null;
    }
    return (p) => ianaOffset(s, p);
  }
  return null;
}

/** The offset a site most likely writes its times in: option, else host TLD, else language. */
export function siteOffsetResolver(option: string | undefined, url: string, language: string | null): { resolve: OffsetResolver; known: boolean; invalidOption: boolean } {
  let invalidOption = false;
  if (option) {
    const r = parseTimezoneOption(option);
    if (r) return { resolve: r, known: true, invalidOption };
    invalidOption = true;
  }
  const tld = hostTld(url);
  const byTld = tld ? TLD_OFFSETS[tld] : undefined;
  if (byTld) return { resolve: () => byTld, known: true, invalidOption };
  const byLang = language ? LANGUAGE_OFFSETS[language] : undefined;
  if (byLang) return { resolve: () => byLang, known: true, invalidOption };
  return { resolve: () => null, known: false, invalidOption };
}

function hostTld(url: string): string | null {
  try {
    const host = new URL(url).hostname;
    const last = host.split('.').pop();
    return last && /^[a-z]{2}$/i.test(last) ? last.toLowerCase() : null;
  } catch {
    return null;
  }
}

function ianaOffset(zone: string, p: DateParts): string | null {
  // The wall-clock time read as UTC, corrected once by the zone's offset at that instant.
  const guess = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  const first = offsetMinutesAt(zone, guess);
  if (first === null) return null;
  const second = offsetMinutesAt(zone, guess - first * 60_000) ?? first;
  const sign = second < 0 ? -1 : 1;
  const abs = Math.abs(second);
  return formatOffset(sign, Math.floor(abs / 60), abs % 60);
}

function offsetMinutesAt(zone: string, utcMs: number): number | null {
  try {
    const fmt = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    const name = fmt.formatToParts(new Date(utcMs)).find((x) => x.type === 'timeZoneName')?.value ?? '';
    if (name === 'GMT') return 0;
    const m = /GMT([+-])(\d{1,2})(?::(\d{2}))?/.exec(name);
    if (!m) return null;
    return (m[1] === '-' ? -1 : 1) * (+m[2]! * 60 + (m[3] ? +m[3] : 0));
  } catch {
    return null;
  }
}
