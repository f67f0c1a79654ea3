// The sources page: the list with each source's health and last run, its runs, and a form to
// add or edit one. Input is validated by the API (the one schema of @ingest/sources): a 400
// names each bad field as `path: message`, shown next to the field. Writes need the admin
// token when the API has one: it is asked for at the first 401 and kept for the tab.
const $ = (sel) => document.querySelector(sel);
const TOKEN_KEY = 'news-ingest.admin-token';
const POLL_MS = 1000;
let sources = [];
let editing = null; // id of the source in the form, null when adding
let watching = null; // id of the source whose runs are shown
let followUntil = 0; // a run asked for shows up once a fetcher takes it: poll meanwhile

const escapeHtml = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const fmtTime = (iso) => (iso ? new Date(iso).toLocaleString() : '—');
const sum = (counts) => Object.values(counts ?? {}).reduce((a, b) => a + b, 0);
const byReason = (counts) => Object.entries(counts ?? {}).map(([k, v]) => `${v} ${k}`).join(', ');

async function call(method, path, body) {
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  // Always a bearer header on writes: a 401 to a request without one (the API's challenge
  // is Basic, for the dashboard) would make the browser ask in its own dialog.
  if (method !== 'GET') headers.authorization = `Bearer ${sessionStorage.getItem(TOKEN_KEY) ?? ''}`;
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, data: await res.json().catch(() => ({})) };
}

/** A write: on a 401, asks for the admin token (again, if the one kept was refused) and retries. */
async function write(method, path, body) {
  let res = await call(method, path, body);
  for (let tries = 0; res.status === 401 && tries < 3; tries++) {
    await askToken(tries > 0 || sessionStorage.getItem(TOKEN_KEY) ? 'that token was refused' : '');
    res = await call(method, path, body);
  }
  return res;
}

function askToken(error) {
  sessionStorage.removeItem(TOKEN_KEY);
  const form = $('#token-form');
  $('#token-error').textContent = error;
  form.hidden = false;
  $('#token').focus();
  return new Promise((resolve) => {
    form.onsubmit = (e) => {
      e.preventDefault();
      sessionStorage.setItem(TOKEN_KEY, $('#token').value.trim());
      $('#token').value = '';
      form.hidden = true;
      resolve();
    };
  });
}

function scheduleText(s) {
  if (s.paused) return 'paused';
  if (!s.schedule) return 'unscheduled';
  return s.schedule.cron ? `cron ${s.schedule.cron}${s.timezone ? ` (${s.timezone})` : ''}` : `every ${s.schedule.every / 1000}s`;
}

function runSummary(run) {
  if (!run) return '<span class="muted">no run yet</span>';
  const failed = sum(run.failed);
  return `<span class="run-status">${escapeHtml(run.status)}</span> · ${escapeHtml(fmtTime(run.startedAt))}<div class="muted">${run.enqueued} enqueued, ${run.indexed} indexed (${run.newArticles} new), ${sum(run.skipped)} skipped, ${failed} failed</div>`;
}

function sourceRow(s) {
  const pauseAction = s.paused ? 'resume' : 'pause';
  return `<tr data-id="${escapeHtml(s.id)}">
    <td><strong>${escapeHtml(s.id)}</strong><div class="muted">${escapeHtml(s.name)}</div></td>
    <td>${escapeHtml(scheduleText(s))}</td>
    <td>${escapeHtml(fmtTime(s.nextRunAt))}</td>
    <td><span class="health ${escapeHtml(s.health)}" title="${escapeHtml(s.healthReason)}">${escapeHtml(s.health)}</span>${s.health === 'ok' ? '' : `<div class="muted">${escapeHtml(s.healthReason)}</div>`}</td>
    <td class="last-run">${runSummary(s.lastRun)}</td>
    <td><div class="actions"><button type="button" data-act="run">Run now</button><button type="button" data-act="${pauseAction}">${pauseAction === 'pause' ? 'Pause' : 'Resume'}</button><button type="button" data-act="edit" class="plain">Edit</button><button type="button" data-act="runs" class="plain">Runs</button></div></td>
  </tr>`;
}

function runRow(r) {
  const cell = (cls, v) => `<td class="${cls}">${escapeHtml(v)}</td>`;
  return `<tr data-run="${escapeHtml(r.id)}" data-status="${escapeHtml(r.status)}">${cell('started', fmtTime(r.startedAt))}${cell('trigger', r.trigger)}${cell('status', r.status + (r.error ? `: ${r.error}` : ''))}${cell('discovered', r.discovered)}${cell('enqueued', r.enqueued)}${cell('skipped', byReason(r.skipped) || 0)}${cell('fetched', r.fetched)}${cell('parsed', r.parsed)}${cell('indexed', r.indexed)}${cell('new', r.newArticles)}${cell('failed', byReason(r.failed) || 0)}${cell('newest', fmtTime(r.newestPublishedAt))}</tr>`;
}

async function refresh() {
  const { status, data } = await call('GET', '/sources');
  if (status !== 200) return void ($('#status').textContent = data.error ?? `HTTP ${status}`);
  sources = data.items;
  $('#status').textContent = `${sources.length} source${sources.length === 1 ? '' : 's'}`;
  $('#sources tbody').innerHTML = sources.map(sourceRow).join('');
  if (watching) await showRuns(watching);
}

async function showRuns(id) {
  watching = id;
  const { status, data } = await call('GET', `/sources/${encodeURIComponent(id)}/runs`);
  $('#runs').hidden = false;
  $('#runs-source').textContent = id;
  $('#runs tbody').innerHTML = status === 200 ? data.items.map(runRow).join('') || '<tr><td colspan="12" class="muted">no run yet</td></tr>' : `<tr><td colspan="12">${escapeHtml(data.error)}</td></tr>`;
}

async function act(id, action) {
  if (action === 'edit') return openForm(sources.find((s) => s.id === id));
  if (action === 'runs') return showRuns(id);
  const res = action === 'run' ? await write('POST', '/crawls', { sourceId: id }) : await write('POST', `/sources/${encodeURIComponent(id)}/${action}`);
  $('#status').textContent = res.status < 300 ? `${id}: ${action === 'run' ? 'run started' : `${action}d`}` : `${id}: ${res.data.error ?? `HTTP ${res.status}`}`;
  if (action === 'run') {
    watching = id;
    followUntil = Date.now() + 15_000;
  }
  await refresh();
}

const lines = (v) => v.split('\n').map((l) => l.trim()).filter(Boolean);
const numberOrText = (v) => (/^\d+$/.test(v.trim()) ? Number(v) : v.trim());

/** The form as a source definition, as the user typed it: the API judges it. */
function definition(form) {
  const f = (name) => form.elements[name].value;
  const def = { id: f('id').trim(), name: f('name').trim(), feeds: lines(f('feeds')), sitemaps: lines(f('sitemaps')), seeds: lines(f('seeds')), include: lines(f('include')), exclude: lines(f('exclude')), paused: form.elements.paused.checked };
  const schedule = { ...(f('every').trim() ? { every: numberOrText(f('every')) } : {}), ...(f('cron').trim() ? { cron: f('cron').trim() } : {}) };
  if (Object.keys(schedule).length) def.schedule = schedule;
  if (f('timezone').trim()) def.timezone = f('timezone').trim();
  const politeness = { ...(f('delayMs').trim() ? { delayMs: numberOrText(f('delayMs')) } : {}), ...(f('maxUrlsPerRun').trim() ? { maxUrlsPerRun: numberOrText(f('maxUrlsPerRun')) } : {}), ...(f('concurrency').trim() ? { concurrency: numberOrText(f('concurrency')) } : {}) };
  if (Object.keys(politeness).length) def.politeness = politeness;
  return def;
}

function openForm(source) {
  const form = $('#source-form');
  form.reset();
  clearErrors(form);
  editing = source?.id ?? null;
  $('#form-title').textContent = source ? `Edit ${source.id}` : 'Add a source';
  form.elements.id.readOnly = Boolean(source);
  if (source) {
    const set = (name, v) => (form.elements[name].value = v ?? '');
    for (const k of ['id', 'name', 'timezone']) set(k, source[k]);
    for (const k of ['feeds', 'sitemaps', 'seeds', 'include', 'exclude']) set(k, (source[k] ?? []).join('\n'));
    set('every', source.schedule?.every !== undefined ? `${source.schedule.every / 1000}s` : '');
    set('cron', source.schedule?.cron);
    set('delayMs', source.politeness?.delayMs);
    set('maxUrlsPerRun', source.politeness?.maxUrlsPerRun);
    set('concurrency', source.politeness?.concurrency);
    form.elements.paused.checked = source.paused;
  }
  form.hidden = false;
  form.elements[source ? 'name' : 'id'].focus();
}

function clearErrors(form) {
  for (const el of form.querySelectorAll('.error[data-for]')) el.textContent = '';
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
}

/** Each `path: message` of a 400 next to its field: `feeds.0` is the feeds field's; what has no field goes on top. */
function showIssues(form, issues) {
  for (const issue of issues) {
    const at = issue.indexOf(': ');
    const path = at > 0 ? issue.slice(0, at) : '(source)';
    const message = at > 0 ? issue.slice(at + 2) : issue;
    const parts = path.split('.');
    let slot = null;
    while (parts.length && !(slot = form.querySelector(`.error[data-for="${CSS.escape(parts.join('.'))}"]`))) parts.pop();
    slot ??= form.querySelector('.error[data-for="(source)"]');
    slot.textContent = slot.textContent ? `${slot.textContent}; ${message}` : message;
    slot.closest('label')?.querySelector('input, textarea')?.setAttribute('aria-invalid', 'true');
  }
}

async function save(e) {
  e.preventDefault();
  const form = $('#source-form');
  clearErrors(form);
  const def = definition(form);
  const res = editing ? await write('PUT', `/sources/${encodeURIComponent(editing)}`, def) : await write('POST', '/sources', def);
  if (res.status === 400) return showIssues(form, res.data.issues ?? [res.data.error]);
  if (res.status >= 300) return showIssues(form, [`(source): ${res.data.error ?? `HTTP ${res.status}`}`]);
  form.hidden = true;
  $('#status').textContent = `${res.data.id}: saved`;
  await refresh();
}

$('#add').addEventListener('click', () => openForm(null));
$('#cancel').addEventListener('click', () => ($('#source-form').hidden = true));
$('#source-form').addEventListener('submit', save);
$('#sources').addEventListener('click', (e) => {
  const button = e.target.closest('button[data-act]');
  if (button) act(button.closest('tr').dataset.id, button.dataset.act);
});
// While a run is shown running, the list and its runs follow it.
setInterval(() => {
  const running = $('#runs tbody')?.querySelector('tr[data-status="running"]') || sources.some((s) => s.lastRun?.status === 'running');
  if ((running || Date.now() < followUntil) && document.visibilityState === 'visible') refresh();
}, POLL_MS);
refresh();
