// The search page: the URL hash holds the state (#/?q=…&source=… or #/articles/<id>),
// so every view can be bookmarked and the back button works.
const $ = (id) => document.getElementById(id);
const FILTERS = ['source', 'language', 'since', 'until', 'sort'];
let nextCursor = null;
let lastParams = null;
let searchSeq = 0; // answers to superseded searches are dropped

const escapeHtml = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const fmtDate = (iso) => (iso ? new Date(iso).toLocaleDateString('vi-VN', { year: 'numeric', month: '2-digit', day: '2-digit' }) : 'undated');

function formParams() {
  const p = new URLSearchParams();
  const q = $('q').value.trim();
  if (q) p.set('q', q);
  for (const f of FILTERS) if ($(f).value) p.set(f, $(f).value);
  if ($('hasTasks').checked) p.set('hasTasks', 'true');
  if ($('duplicates').checked) p.set('duplicates', 'true');
  return p;
}

function fillForm(p) {
  $('q').value = p.get('q') ?? '';
  for (const f of FILTERS) {
    const el = $(f);
    const v = p.get(f) ?? (f === 'sort' ? 'relevance' : '');
    if (el.tagName === 'SELECT' && v && ![...el.options].some((o) => o.value === v)) el.add(new Option(v, v));
    el.value = v;
  }
  $('hasTasks').checked = p.get('hasTasks') === 'true';
  $('duplicates').checked = p.get('duplicates') === 'true';
}

async function getJson(url) {
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.error ?? `HTTP ${res.status}`);
  return body;
}

function setOptions(select, buckets) {
  const current = select.value;
  select.replaceChildren(new Option('all', ''));
  for (const b of buckets) select.add(new Option(`${b.value} (${b.count})`, b.value));
  if (current && ![...select.options].some((o) => o.value === current)) select.add(new Option(current, current));
  select.value = current;
}

function renderFacets(facets) {
  if (!facets) return;
  setOptions($('source'), facets.sources);
  setOptions($('language'), facets.languages);
  const max = Math.max(1, ...facets.published.map((b) => b.count));
  $('histogram').innerHTML = facets.published.length
    ? '<h3>Published</h3>' + facets.published.map((b) => `<div class="bar"><span style="width:${Math.round((b.count / max) * 6)}rem"></span>${escapeHtml(b.date)} · ${b.count}</div>`).join('')
    : '';
}

function renderHit(hit) {
  const li = document.createElement('li');
  li.className = 'hit';
  const title = hit.highlights.title?.[0] ?? escapeHtml(hit.title);
  const fragments = hit.highlights.lead ?? hit.highlights.body ?? [escapeHtml(hit.lead)];
  const tasks = hit.matchedTasks.map((t) => `<p class="matched-task">Task ${t.ordinal}: ${t.highlights[0] ?? ''}</p>`).join('');
  // Near copies of this text (syndicated, re-published) are collapsed into this hit.
  const others = hit.otherVersions
    ? `<p class="versions"><a href="#/?${new URLSearchParams({ story: hit.storyId, duplicates: 'true' })}">${hit.otherVersions} other version${hit.otherVersions === 1 ? '' : 's'}</a>: ${hit.versions.map((v) => escapeHtml(v.source)).join(', ')}${hit.otherVersions > hit.versions.length ? ', …' : ''}</p>`
    : '';
  li.innerHTML = `
    <h2><a href="#/articles/${encodeURIComponent(hit.id)}">${title}</a></h2>
    <p class="meta">${escapeHtml(hit.authors.join(', ') || 'unknown author')} · ${fmtDate(hit.publishedAt)} · ${escapeHtml(hit.source)}${hit.taskCount ? ` · ${hit.taskCount} tasks` : ''}</p>
    ${fragments.map((f) => `<p class="fragment">${f}</p>`).join('')}${tasks}${others}`;
  return li;
}

async function runSearch(params, append = false) {
  const query = new URLSearchParams(params);
  query.set('size', '10');
  if (append && nextCursor) query.set('after', nextCursor);
  $('status').textContent = 'Searching…';
  const seq = ++searchSeq;
  try {
    const page = await getJson(`/search?${query}`);
    if (seq !== searchSeq) return;
    if (!append) {
      $('results').replaceChildren();
      renderFacets(page.facets);
    }
    for (const hit of page.hits) $('results').append(renderHit(hit));
    nextCursor = page.next;
    $('more').hidden = !page.next;
    $('status').textContent = `${page.total} result${page.total === 1 ? '' : 's'}`;
  } catch (err) {
    if (seq === searchSeq) $('status').textContent = `Search failed: ${err.message}`;
  }
}

async function showArticle(id) {
  $('results').hidden = true;
  $('more').hidden = true;
  const view = $('article');
  view.hidden = false;
  view.innerHTML = '<p>Loading…</p>';
  try {
    const a = await getJson(`/articles/${encodeURIComponent(id)}`);
    const tasks = a.tasks.length
      ? `<h2>${escapeHtml(a.taskHeading ?? `${a.tasks.length} tasks`)}</h2><ol class="tasks">${a.tasks
          .map((t) => `<li value="${t.ordinal}">${t.marker ? `<span class="marker">${escapeHtml(t.marker)}:</span>` : ''}${escapeHtml(t.text)}</li>`)
          .join('')}</ol>`
      : '';
    view.innerHTML = `
      <p><a href="javascript:history.back()">← back to results</a></p>
      <h1>${escapeHtml(a.title)}</h1>
      <p class="meta">${escapeHtml(a.authors.join(', ') || 'unknown author')} · ${fmtDate(a.publishedAt)} · <a href="${escapeHtml(a.url)}" rel="noopener">${escapeHtml(a.source)}</a></p>
      <p class="lead">${escapeHtml(a.lead)}</p>
      ${tasks}
      <details><summary>Full text</summary>${a.body.split(/\n{2,}/).map((p) => `<p>${escapeHtml(p)}</p>`).join('')}</details>`;
    $('status').textContent = '';
  } catch (err) {
    view.innerHTML = `<p>Could not load the article: ${escapeHtml(err.message)}</p>`;
  }
}

function route() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const article = hash.match(/^\/articles\/(.+)$/);
  if (article) return showArticle(decodeURIComponent(article[1]));
  $('article').hidden = true;
  $('results').hidden = false;
  const params = new URLSearchParams(hash.split('?')[1] ?? '');
  const key = params.toString();
  fillForm(params);
  if (key === lastParams && $('results').children.length) return;
  lastParams = key;
  nextCursor = null;
  return runSearch(params);
}

$('search-form').addEventListener('submit', (e) => {
  e.preventDefault();
  location.hash = `#/?${formParams()}`;
});
for (const f of [...FILTERS, 'hasTasks', 'duplicates']) $(f).addEventListener('change', () => (location.hash = `#/?${formParams()}`));
$('more').addEventListener('click', () => runSearch(new URLSearchParams(location.hash.split('?')[1] ?? ''), true));
window.addEventListener('hashchange', route);
route();
