import { Hint } from '../dom/hints';
import { isElement, type DomElement } from '../dom/node';
import type { Page } from '../dom/page';
import { CHROME_TAGS, OPAQUE_TAGS } from '../dom/tags';

/**
 * Titles of the site boxes that follow or interrupt an article ("Tin mới nhất", "Gợi ý dành
 * cho bạn", "Related stories"…). A heading like this inside the content starts a box: the rest
 * of its container is not article text.
 */
const BOX_TITLES = [
  /^(?:tin|bài|bài viết|tin tức)(?: \p{L}+)? (?:mới nhất|mới|liên quan|cùng chuyên mục|cùng chủ đề|cùng danh mục|khác|nổi bật|đọc nhiều|xem nhiều|được quan tâm|mới cập nhật)(?: nhất)?$/u,
  /^(?:đọc|xem) (?:thêm|nhiều|nhiều nhất|tiếp|tiếp theo)$/u,
  /^gợi ý(?: dành cho bạn| cho bạn| đọc| bài viết)?$/u,
  /^(?:có thể )?bạn (?:có thể )?(?:quan tâm|muốn đọc|thích|nên đọc)$/u,
  /^(?:bình luận|ý kiến bạn đọc|ý kiến|phản hồi|chia sẻ)(?: \(\d+\))?$/u,
  /^(?:related|latest|recommended|popular|trending|most read|most popular|most viewed|editors?'? picks|more|comments?)(?: (?:news|stories|articles|posts|content|coverage|reading|for you|now))?$/u,
  /^(?:you (?:may|might) (?:also )?(?:like|enjoy)|read (?:more|next|also)|more (?:stories|from .{1,30}|on this (?:topic|story)))$/u,
  /^top \d+ (?:most )?(?:read|viewed|popular)(?: \p{L}+)?$/u,
  // German, French, Spanish, Italian, Portuguese, Polish: the same boxes on European sites.
  /^(?:mehr|weitere|weiterführende|ähnliche|verwandte|passende|neueste|aktuelle|beliebte|empfohlene) (?:zum thema|zu diesem thema|artikel|beiträge|nachrichten|news|meldungen|themen|videos|geschichten)(?: .{1,30})?$/u,
  /^(?:mehr (?:zu|aus|von|über) .{1,40}|auch interessant(?: für dich| für sie)?|das (?:könnte|dürfte) (?:dich|sie) auch interessieren|(?:lesen sie|lies) (?:auch|mehr|weiter)|schon gelesen\??|zum weiterlesen|weiterlesen|meistgelesen|meistgelesene artikel|top[- ]themen(?: .{1,30})?|kommentare?(?: \(\d+\))?|kommentar schreiben|(?:\d+ )?kommentare?|leserkommentare|diskussion)$/u,
  /^(?:à lire aussi|a lire aussi|lire aussi|sur le même sujet|articles? (?:similaires|liés|recommandés)|les plus lus|commentaires?|voir aussi|dans la même rubrique)$/u,
  /^(?:noticias relacionadas|artículos relacionados|te puede interesar|también te puede interesar|lo más leído|más leídas?|comentarios?|lee también|leer más|notizie correlate|articoli correlati|potrebbe interessarti|i più letti|commenti|leia também|notícias relacionadas|mais lidas)$/u,
  // Calls to comment: the comment form follows.
  /^(?:leave a (?:comment|reply)|(?:write|post|add) a comment|kommentare? schreiben|kommentieren|jetzt kommentieren|laisser un commentaire|(?:deja|dejar|escribe) (?:un|tu) comentario|napisz komentarz|dodaj komentarz|viết bình luận|gửi bình luận)$/u,
  /^(?:zobacz (?:też|także|również)|czytaj (?:też|także|również|więcej)|polecane|najczęściej czytane|komentarze|podobne artykuły|najnowsze)$/u,
  // Page furniture lines: about the author, contact, print, back links, ad labels.
  /^(?:erschienen in|(?:audios? et )?vidéos sur le sujet|(?:das|dieses) thema könnte (?:dich|sie) auch interessieren|quellen (?:aus|ein)blenden|über den autor|über die autorin|about the author|kontakt|drukuj|drucken|imprimer|zurück(?: zur? .{1,30})?|back to .{1,30}|-? ?anzeige ?-?|werbung|publicidad|reklama)$/u,
  // Share prompts and "more information" link boxes that end an article.
  /^(?:share (?:this|the) (?:article|story|post|page)|jetzt teilen|artikel teilen|(?:möchten sie|willst du) (?:den|diesen) (?:artikel|beitrag) teilen\??|partager (?:cet|l')article|compartir (?:este )?artículo|chia sẻ bài viết|udostępnij|weitere informationen(?: zu[mr]? .{1,40})?|mehr informationen|lesen sie auch(?: .{1,40})?|vorschau auf den nächsten artikel|teilnehmende blogs)$/u,
  // Appeal boxes: newsletter, follow-us, donation and app boxes (their sentences: appeals.ts).
  /^(?:(?:our |the |free |daily |weekly )?newsletters?|sign up for (?:our|the) newsletter|subscribe(?: now| today| to our newsletter)?|follow us(?: on .{1,30})?|stay connected|support (?:us|our (?:work|journalism))|donate(?: now| today)?|become a (?:member|supporter)|get (?:the|our) app|download (?:the|our) app)$/u,
  /^(?:newsletter (?:abonnieren|bestellen)|folgen sie uns(?: auf .{1,30})?|unterstützen sie (?:uns|unsere arbeit)|jetzt spenden|abonnez-vous à (?:notre|la) newsletter|suivez-nous(?: sur .{1,30})?|síguenos(?: en .{1,30})?|suscríbete(?: a .{1,30})?|seguici(?: su .{1,30})?|obserwuj nas(?: na .{1,30})?)$/u,
  /^(?:đăng ký nhận (?:bản tin|tin|email)|theo dõi (?:chúng tôi|[\p{L}.]+(?: [\p{L}.]+)?) trên .{1,30}|ủng hộ (?:báo|tòa soạn|chúng tôi)|tải ứng dụng(?: .{1,30})?)$/u,
];

const BOX_TITLE = new RegExp(BOX_TITLES.map((re) => `(?:${re.source})`).join('|'), 'u');

export function isBoxTitle(text: string): boolean {
  if (text.length > 60 || text.length < 3) return false;
  const t = text.toLowerCase().replace(/[:»›>.!…]+\s*$/u, '').replace(/\s+/g, ' ').trim();
  return BOX_TITLE.test(t);
}

/**
 * A short line that is a label and its value, not prose: a source, credit, contact, caption
 * or category line ("Quelle: dpa", "Credit: AP", "Abbildung 4: …", "Kontakt:", "Ảnh: …").
 */
const LABEL_LINE =
  /^\(?(?:stand|veröffentlichung|news date|beitragsbild|crédits? photos?|publiziert|release date|aufrufe|hinzugefügt von|e-mail|quelle|quellen|quellenangaben|source|sources|credits?|źródło|kontakt|contact|telefon|tel\.|phone|fax|e-mail|abbildung(?: \d+)?|abb\.(?: \d+)?|fotos?|photos?|bild(?:er)?|titelbild|image|advertisement|anzeige|werbung|ảnh|nguồn|zusatzinformationen|category|categories|kategorien?|themen|tags|schlagworte|schlagwörter)\s*:/u;
/** A line that is only a date and/or a time ("3:59 PM", "23.10.2018", "Oct 9, 2019"). */
const DATE_ONLY_LINE =
  /^(?:\d{1,2}[:.]\d{2}(?:\s*[ap]m)?|\d{1,2}\.?\s+\p{L}+\.?\s+\d{4}|\p{L}+\.? \d{1,2},? \d{4}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4})(?:\s*[-|,]?\s*(?:um |lúc )?\d{1,2}[:.]\d{2}(?:\s*[ap]m)?(?: uhr)?)?$/u;

/** Copyright and licence lines, and loading placeholders. */
const RIGHTS_LINE =
  /^©|\ball rights reserved\b|\balle rechte vorbehalten\b|\btous droits réservés\b|\btodos los derechos reservados\b|\bwszelkie prawa zastrzeżone\b|\bbản quyền thuộc về\b|^suggested citation\b|\bwird geladen\s*(?:\.\.\.|…)$|\bloading\s*(?:\.\.\.|…)$|\bimpressum\b.{0,40}\bdatenschutz\b|\bdatenschutz\b.{0,40}\bimpressum\b|\bprivacy policy\b.{0,40}\bterms of (?:use|service)\b|(?<![a-z])(?:pdf|docx?|xlsx?|zip)\s*\|\s*\d+(?:[.,]\d+)?\s*[km]b\b|^(?:aktualisiert|publiziert|veröffentlicht|updated|published|cập nhật)(?: am| on| lúc)? [\d./: -]+\.?$|\bohne gewähr\)?$|^\*?(?:anzeige|werbung|advertorial|sponsored)\b[,.:]|©\s*[\p{L}\p{N}][^.!?]{0,60}$|\((?:[^()]{1,40} \/ )?(?:istock|getty images|shutterstock|dpa|afp|reuters|imago|picture alliance)[^()]{0,30}\)$/u;

/** An image's "enlarge" button run into its caption ("Vergrößern Eine kleine runde Aussparung …"). */
const ENLARGE = /^(?:[Vv]ergrößern|[Ee]nlarge|[Zz]oom|[Pp]hóng to|Bild anzeigen)\s+\p{Lu}/u;

/** A block that is a label line or a bare date line rather than article text. */
export function isLabelLine(text: string): boolean {
  if (text.length > 150) return false;
  // Lower-cased once, matched without the `i` flag: case-insensitive Unicode regexes are slow in V8.
  const t = text.toLowerCase();
  return LABEL_LINE.test(t) || ENLARGE.test(text) || RIGHTS_LINE.test(t) || (t.length <= 40 && DATE_ONLY_LINE.test(t.replace(/\s*[|·]$/u, '')));
}

/** Buttons of a share / print toolbar written as a list. */
const TOOL_ITEM = /^(?:share|teilen|drucken|print|imprimer|imprimer cette page|permalien|permalink|versenden|senden|e-?mail|mail|tweet|twitter|facebook|whatsapp|linkedin|pinterest|reddit|kommentare?|comments?|drukuj|udostępnij|chia sẻ|in bài|bình luận|lưu bài|copy link|link kopieren)\b.{0,20}$/u;

/** A list whose items are mostly toolbar buttons ("Share › Versenden › Drucken"). */
export function isToolList(items: string[]): boolean {
  const tools = items.filter((i) => TOOL_ITEM.test(i.toLowerCase().replace(/^[\s›»>|·-]+|[\s›»>|·-]+$/gu, ''))).length;
  return items.length >= 2 && tools >= 2 && tools * 2 >= items.length;
}

const SKIP_TAGS = new Set(['figure', 'figcaption', 'picture', 'header', 'form', 'hr', 'img', 'amp-img', 'label', 'dialog', 'menu']);

/**
 * Whether a block inside the article content is boilerplate: page chrome by tag, hidden,
 * a box / tags / caption / breadcrumb by name, a short author or date line, or mostly links.
 * A hinted element that carries most of the content's text is kept (a misleading class on a
 * wrapper must not drop the article).
 */
export function isBoilerplate(page: Page, el: DomElement, contentText: number, core: DomElement | null = null): boolean {
  const name = el.name;
  if (OPAQUE_TAGS.has(name) || CHROME_TAGS.has(name) || SKIP_TAGS.has(name)) return true;
  const info = page.find(el);
  if (!info) return true;
  if (info.hidden) return true;
  // The densest prose block of the page, and any wrapper of it, is the article whatever its names say.
  if (core && page.contains(el, core)) return false;
  // A hinted block that carries most of the article (of the core block, for blocks inside it)
  // is kept: a misleading class on the article's own wrapper must not drop it.
  const whole = core && page.contains(core, el) ? (page.find(core)?.text ?? contentText) : contentText;
  const big = info.text > whole * 0.5;
  if (!big && info.hints & (Hint.Box | Hint.Caption | Hint.Breadcrumb)) return true;
  // A tag list is links; a long plain paragraph whose generated class happens to say "tag" is not.
  if (!big && info.hints & Hint.Tags && (info.text < 150 || info.link > info.text * 0.3)) return true;
  if (info.hints & (Hint.Author | Hint.Date) && info.text < 300) return true;
  if (info.text < 80 && isDateLine(page, el, info.text)) return true;
  if (info.text > 0) {
    const ld = info.link / info.text;
    if (ld > (name === 'p' ? 0.6 : 0.5) && !big) return true;
  }
  if (name === 'table' && containsImage(el) && info.text < 400) return true;
  return false;
}

/**
 * Whether an element sits in a site box (or page chrome) that does not hold the article:
 * used to keep the title, lead, byline, dates and images of *other* stories out.
 */
export function isInBox(page: Page, el: DomElement, content: DomElement | null): boolean {
  let cur: DomElement | null = el;
  let steps = 0;
  while (cur && steps++ < 200) {
    const info = page.find(cur);
    if (info && (info.hints & Hint.Box || CHROME_TAGS.has(cur.name) || info.hidden)) {
      if (!content || !page.contains(cur, content)) return true;
    }
    cur = isElement(cur.parent) ? cur.parent : null;
  }
  return false;
}

function containsImage(el: DomElement): boolean {
  const stack: DomElement[] = [el];
  let seen = 0;
  while (stack.length > 0 && seen++ < 500) {
    const e = stack.pop()!;
    for (const c of e.children) {
      if (!isElement(c)) continue;
      if (c.name === 'img' || c.name === 'picture' || c.name === 'amp-img') return true;
      stack.push(c);
    }
  }
  return false;
}

/** A short block that is (almost) all one <time> element: the article's date line, not body text. */
function isDateLine(page: Page, el: DomElement, text: number): boolean {
  for (const t of page.times) {
    if (page.contains(el, t) && (page.find(t)?.text ?? 0) >= text * 0.8) return true;
  }
  return false;
}
