/**
 * Appeals that close (or interrupt) many articles and are not article text: donation and
 * membership asks, newsletter sign-ups, subscription walls, "follow us on…", app-download
 * boxes. Each pattern speaks to the reader (imperative or "you"/"our"), so an article that
 * reports on subscriptions, donations or apps keeps its sentences.
 */

const MAX_APPEAL_CHARS = 400;

const APPEALS: RegExp[] = [
  // Donation and membership asks.
  /\b(?:support|fund|back)(?:ing)? (?:our|independent|quality|local|public[- ]interest|nonprofit|non-profit) (?:journalism|reporting|newsroom|work|media)\b/i,
  /\b(?:become|join us as) an? (?:member|supporter|patron|subscriber)\b|\bbecome a member today\b/i,
  /\b(?:please |would you )?(?:consider )?(?:make a )?(?:donat(?:e|ing)|contribut(?:e|ing)) (?:today|now|to (?:us|our)|what you can|any amount)\b/i,
  /\bif you (?:enjoyed|liked|value|appreciate(?:d)?|found) (?:reading )?(?:this|our) (?:post|article|story|piece|journalism|work|content)\b/i,
  /\b(?:jede|ihre|deine) (?:kleine |einmalige )?spende\b|\bunterstütze[nt]? (?:sie )?(?:uns|unsere arbeit|unseren journalismus|\p{L}[\p{L}-]+(?: \p{L}+){0,2} (?:jetzt|mit))\b|\bjetzt (?:spenden|unterstützen|mitglied werden)\b/iu,
  /\brss-feed abonnieren\b|\bsubscribe to (?:our|the) rss\b|^weitere infos unter (?:www\.|https?:)|^hier geht(?:'s| es) zu(?:r|m)? |^(?:\.\.\.|…) ?weiter zu\b/iu,
  /\bsign(?:ing)? up (?:for|to) our (?:free |daily |weekly )?newsletter\b|\bcancela cuando quieras\b|\bals pdf herunterladen\b|\bunseren \p{L}*newsletter\b|\bsign up here\b|\bhazte miembro\b|\b(?:submit|write) a letter to the editor\b|\bmust be logged in to (?:post a )?comment\b|\banmelden,? um (?:einen )?kommentare? zu schreiben\b|\blog in to (?:post a |leave a )?comment\b/iu,
  /\bpour lire la suite\b|\bzapraszamy (?:też )?do subskrypcji\b|\bnuestro canal de youtube\b|\beinfach digital in der\b.{0,30}\bapp\b/iu,
  /\b(?:soutenez|faites un don|abonnez-vous)\b|\b(?:apoya|apoyar) (?:nuestro|el) periodismo\b|\bhaz una donación\b|\bsostienici\b|\bwesprzyj nas\b/iu,
  /(?:ủng hộ|đóng góp|quyên góp) (?:cho )?(?:báo|tòa soạn|chúng tôi|quỹ)|mời (?:bạn đọc|quý (?:độc giả|bạn đọc)) (?:ủng hộ|đóng góp)/iu,
  // Subscription walls.
  /\b(?:subscribe|sign up|log in|register)(?: now| today)? (?:to|for) (?:(?:read|view|continue|access|unlock) )?(?:the |this |our )?(?:full (?:story|article)|rest of|reading|unlimited|full access|e-?edition|the article)\b/i,
  /\bsubscribe now to (?:our|the)\b|\b(?:already a|you(?:'re| are) (?:already )?a) subscriber\b|\bto (?:view|read|continue reading) (?:the full|this) (?:story|article), (?:please )?(?:subscribe|log in|sign in)\b|\bfirst-time subscribers\b/i,
  /\b(?:dieser|der) (?:artikel|beitrag|inhalt) ist (?:nur )?(?:für )?(?:abonnenten|abonnentinnen|plus-(?:abonnenten|leser)|exklusiv)\b|\bjetzt (?:weiterlesen|abonnieren|testen)\b|\bweiterlesen mit\b/iu,
  /(?:đăng ký|đăng nhập) (?:để )?(?:đọc tiếp|đọc toàn bộ|xem tiếp|xem toàn bộ)|nội dung (?:này )?(?:chỉ )?dành cho (?:thành viên|hội viên|tài khoản)/iu,
  // Newsletter sign-ups.
  /\b(?:sign up|subscribe|register) (?:for|to) (?:our|the|my) (?:free |daily |weekly )?(?:newsletters?|e-?mails?|briefing|digest|mailing list)\b|\bget (?:our|the) (?:free |daily |weekly )?newsletter\b/i,
  /\bnewsletter (?:abonnieren|bestellen|anmelden)\b|\b(?:für (?:unseren|den) )newsletter an\b|\binscrivez-vous à (?:notre|la) newsletter\b|\bsuscríbete a (?:nuestro|nuestra) (?:newsletter|boletín)\b|\bzapisz się do newslettera\b/iu,
  /đăng ký nhận (?:bản tin|tin|email|thông báo)/iu,
  // "Follow us on …".
  /\b[Ff]ollow (?:us|[\p{Lu}][\p{L}.&' -]{1,40}) on (?:[Tt]witter|X|[Ff]acebook|[Ii]nstagram|TikTok|[Yy]ou[Tt]ube|LinkedIn|[Tt]elegram|Threads|Google News|WhatsApp)\b/u,
  /\b(?:join|like) (?:us|our (?:page|channel|community)) on (?:facebook|telegram|whatsapp|discord|linkedin)\b/i,
  /\b(?:síguenos|siguenos|suivez-nous|folgen sie uns|folge uns|seguici|obserwuj nas|segue-nos|siga-nos)(?: en| sur| auf| su| na| no)?\b|\btenemos canal de (?:telegram|whatsapp)\b|\búnete (?:a nuestro|desde)\b/iu,
  /(?:[Tt]heo dõi|THEO DÕI) (?:chúng tôi|[\p{Lu}][\p{L}.]{1,30}(?: [\p{Lu}][\p{L}.]{1,30})?) (?:trên|tại|qua) (?:[Ff]acebook|Zalo|[Yy]ou[Tt]ube|TikTok|Google News|[Ff]anpage|Telegram)/u,
  // App downloads.
  /\b(?:[Dd]ownload|[Gg]et|[Ii]nstall|[Tt]ry) (?:the|our) (?:free )?(?:[\p{Lu}][\p{L}.&'-]*(?: [\p{Lu}][\p{L}.&'-]*){0,3} )?apps?\b|\b(?:available|[Dd]ownload it) (?:on|in|from) (?:the )?(?:App Store|Google Play)\b|\bapps? for (?:iOS|iPhone) and Android\b|\bwith the [\p{Lu}][\p{L}.&' -]{1,40} app\.$/u,
  /\b(?:laden sie|lade dir) (?:die|unsere) .{0,30}app\b|\bapp (?:herunterladen|jetzt laden)\b|\btéléchargez (?:l'|notre )application\b|\bdescarga (?:la|nuestra) app\b/iu,
  /tải (?:ứng dụng|app)|cài đặt ứng dụng/iu,
];

/**
 * The patterns joined into two regexes (two tests per block instead of one per pattern). The
 * case-insensitive ones are matched against the lower-cased text without the `i` flag: V8's
 * case-insensitive Unicode matching is many times slower. The case-sensitive ones keep it,
 * since names after "Follow" must start with a capital.
 */
const joined = (ignoreCase: boolean): RegExp =>
  new RegExp(APPEALS.filter((re) => re.ignoreCase === ignoreCase).map((re) => `(?:${re.source})`).join('|'), 'u');
const APPEAL_ANY_CASE = joined(true);
const APPEAL_CASED = joined(false);

/** Whether a short block is an appeal to the reader rather than article text. */
export function isAppeal(text: string): boolean {
  return text.length <= MAX_APPEAL_CHARS && (APPEAL_ANY_CASE.test(text.toLowerCase()) || APPEAL_CASED.test(text));
}
