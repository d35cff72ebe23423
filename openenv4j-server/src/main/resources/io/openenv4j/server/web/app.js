// The OpenEnv4j web page: plays, inspects and debugs the environment this server serves. Each tab is its own
// session over /ws. No build step and no libraries: plain modules served from the jar.

import { Session, SessionError, socketUrl } from './session.js';
import { objectForm, FormError } from './form.js';
import { el, jsonTree, lineChart, renderObservation } from './view.js';

const $ = (id) => document.getElementById(id);

const app = {
  session: null,
  schema: null,
  metadata: null,
  actionForm: null,
  toolForm: null,
  tool: null,
  tools: [],
  history: [],
  loaded: null,
  episodeReturn: 0,
  done: false,
  busy: false,
  statusTimer: null,
};
// For tests and the curious: the page's own record of the episode.
window.openenv = app;

// ---------- start ----------

async function start() {
  wireTabs($('tab-play').parentElement, ['tab-play', 'tab-about', 'tab-server'], (id) => {
    if (id === 'tab-server') startStatus(); else stopStatus();
  });
  wireTabs(document.querySelector('.modes'), ['mode-tools', 'mode-form', 'mode-json']);
  wireForms();
  try {
    const [schema, metadata] = await Promise.all([getJson('schema'), getJson('metadata')]);
    app.schema = schema;
    app.metadata = metadata;
  } catch (error) {
    showNotice(`Cannot read the environment's schema and metadata: ${error.message}`);
    return;
  }
  showMetadata();
  buildActionForm();
  if (isToolEnvironment()) {
    $('mode-tools').hidden = false;
    selectTab($('mode-tools'));
  }
  if (isTaskEnvironment()) {
    showTaskPicker();
  }
  detectTaskRoutes();
  await connect();
}

async function getJson(path, init) {
  const response = await fetch(new URL(`../${path}`, window.location.href), init);
  if (!response.ok) {
    const error = new Error(`${path}: HTTP ${response.status}`);
    error.status = response.status;
    throw error;
  }
  return response.json();
}

async function connect() {
  hideNotice();
  setConn('connecting…', 'pending');
  const session = new Session(socketUrl('ws'), onSessionEvent);
  try {
    await session.open();
  } catch (error) {
    if (!session.fatal) {
      setConn('not connected', 'bad');
      showNotice(`Cannot open a session: ${error.message}.`, true);
    }
    return;
  }
  app.session = session;
  setConn('connected: this tab has its own session', 'good');
  if (isToolEnvironment()) {
    await loadTools();
  }
  if ($('task-picker').hidden && stateIsFreeForm()) {
    // The schema does not say which fields the state has: ask this session's state once (not counted as busy,
    // so a reset pressed meanwhile just queues behind it) and show the picker when it has task fields.
    session.state().then((state) => {
      if (state && typeof state === 'object' && ('task_id' in state || 'task_index' in state)) showTaskPicker();
    }, () => {});
  }
}

function stateIsFreeForm() {
  const state = app.schema?.state;
  return !state || !state.properties || Object.keys(state.properties).length === 0;
}

function onSessionEvent(event) {
  if (event.kind === 'fatal') {
    const data = event.data;
    if (data.code === 'CAPACITY_REACHED') {
      setConn('no session: the server is full', 'bad');
      showNotice(`The server is at capacity: ${data.active_sessions ?? '?'} of ${data.max_sessions ?? '?'} sessions are in use. `
          + 'Close another tab or session, then try again.', true);
    } else if (data.code === 'SESSION_ERROR') {
      setConn('session closed', 'bad');
      showNotice(`The server closed this session: ${data.message}`, true);
    } else {
      setConn('session failed', 'bad');
      showNotice(`The server could not start a session (${data.code}): ${data.message}`, true);
    }
  } else if (event.kind === 'closed') {
    if (!app.session?.fatal) {
      setConn(`disconnected (${event.code})`, 'bad');
      showNotice('The connection to the server was closed.', true);
    }
    app.session = null;
  }
}

// ---------- schema and forms ----------

/**
 * A tool environment publishes the reference's CallToolAction schema (a call_tool action at the top level, as the
 * newest reference and trainers' clients read it); older servers published a oneOf of call_tool and list_tools.
 */
function isToolEnvironment() {
  const action = app.schema?.action;
  const callsTools = (schema) => schema?.properties?.type?.const === 'call_tool';
  return callsTools(action) || (action?.oneOf ?? []).some(callsTools);
}

/** A task environment says so in its state schema, by serving the task routes, or by task fields in its state. */
function isTaskEnvironment() {
  const state = app.schema?.state?.properties ?? {};
  return 'task_id' in state || 'task_index' in state;
}

function showTaskPicker() {
  $('task-picker').hidden = false;
}

function buildActionForm() {
  app.actionForm = objectForm(app.schema.action, app.schema.action, { skip: ['metadata'] });
  $('action-fields').replaceChildren(app.actionForm.element);
}

async function loadTools() {
  try {
    const result = await app.session.mcp('tools/list', {});
    app.tools = result?.tools ?? [];
  } catch (error) {
    showError(`tools/list failed: ${error.message}`);
    return;
  }
  const list = $('tool-list');
  list.replaceChildren();
  for (const tool of app.tools) {
    const button = el('button', { type: 'button', class: 'tool', 'data-tool': tool.name, 'aria-pressed': 'false' },
        el('strong', {}, tool.name), tool.description ? el('span', { class: 'hint' }, ` — ${firstLine(tool.description)}`) : null);
    button.addEventListener('click', () => chooseTool(tool));
    list.append(el('li', {}, button));
  }
  if (app.tools.length === 0) {
    list.append(el('li', { class: 'hint' }, 'The environment offers no tools.'));
  }
}

function firstLine(text) {
  const line = String(text).split('\n')[0];
  return line.length > 120 ? `${line.slice(0, 117)}…` : line;
}

function chooseTool(tool) {
  app.tool = tool;
  for (const button of document.querySelectorAll('#tool-list button')) {
    button.setAttribute('aria-pressed', String(button.dataset.tool === tool.name));
  }
  const schema = tool.input_schema ?? tool.inputSchema ?? { type: 'object', properties: {} };
  app.toolForm = objectForm({ type: 'object', properties: {}, ...schema }, schema);
  $('tool-name').textContent = tool.name;
  $('tool-description').textContent = tool.description ?? '';
  $('tool-fields').replaceChildren(app.toolForm.element);
  $('tool-form').hidden = false;
  $('tool-form').dataset.tool = tool.name;
  const first = $('tool-fields').querySelector('input, select, textarea');
  (first ?? $('call-button')).focus();
}

// ---------- forms and buttons ----------

function wireForms() {
  $('reset-form').addEventListener('submit', (event) => { event.preventDefault(); reset(); });
  $('action-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const action = readForm(app.actionForm, $('action-form'));
    if (action !== undefined) step(action);
  });
  $('clear-button').addEventListener('click', () => app.actionForm?.clear());
  $('tool-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const args = readForm(app.toolForm, $('tool-form'));
    if (args !== undefined) step({ type: 'call_tool', tool_name: app.tool.name, arguments: args });
  });
  $('list-tools-button').addEventListener('click', () => app.session && loadTools());
  $('json-form').addEventListener('submit', (event) => {
    event.preventDefault();
    let action;
    try {
      action = JSON.parse($('action-json').value);
    } catch (error) {
      showError(`The action is not JSON: ${error.message}`);
      $('action-json').focus();
      return;
    }
    step(action);
  });
  $('json-from-form').addEventListener('click', () => {
    const action = readForm(app.actionForm, $('action-form'));
    if (action !== undefined) $('action-json').value = JSON.stringify(action, null, 2);
  });
  for (const area of document.querySelectorAll('textarea')) {
    area.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        area.form?.requestSubmit();
      }
    });
  }
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !$('viewing').hidden) showLive();
  });
  $('state-button').addEventListener('click', showState);
  $('download-button').addEventListener('click', download);
  $('load-input').addEventListener('change', load);
  $('replay-button').addEventListener('click', replay);
  $('task-list').addEventListener('change', () => {
    const option = $('task-list').selectedOptions[0];
    if (option) {
      $('task-index').value = option.dataset.index ?? '';
      $('task-id').value = '';
    }
  });
  $('split').addEventListener('change', () => listTasks());
}

function readForm(form, element) {
  hideError();
  if (!form) return undefined;
  try {
    const value = form.read();
    if (!element.reportValidity()) return undefined;
    return value ?? {};
  } catch (error) {
    if (error instanceof FormError) {
      showError(error.message);
      error.input?.focus();
      return undefined;
    }
    throw error;
  }
}

// ---------- reset, step, state ----------

function resetRequest() {
  const request = {};
  const extra = $('reset-options').value.trim();
  if (extra) {
    const parsed = JSON.parse(extra);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new Error('more reset options must be a JSON object');
    }
    Object.assign(request, parsed);
  }
  if ($('seed').value !== '') request.seed = Number($('seed').value);
  if ($('episode-id').value.trim() !== '') request.episode_id = $('episode-id').value.trim();
  if (!$('task-picker').hidden) {
    if ($('split').value.trim() !== '') request.split = $('split').value.trim();
    if ($('task-index').value !== '') request.task_index = Number($('task-index').value);
    if ($('task-id').value.trim() !== '') request.task_id = $('task-id').value.trim();
  }
  return request;
}

async function reset(request) {
  hideError();
  if (!request) {
    try {
      request = resetRequest();
    } catch (error) {
      showError(`Reset options: ${error.message}`);
      return false;
    }
  }
  const reply = await call(() => app.session.reset(request));
  if (!reply) return false;
  app.history = [{ type: 'reset', request, reply: reply.data, latency_ms: reply.ms }];
  app.episodeReturn = typeof reply.data.reward === 'number' ? reply.data.reward : 0;
  app.done = reply.data.done === true;
  $('history-table').tBodies[0].replaceChildren();
  addHistoryRow(0);
  $('history-note').textContent = '';
  showReply(reply.data, reply.ms);
  drawCharts();
  $('state').replaceChildren();
  updateEpisode();
  return true;
}

async function step(action) {
  if (app.history.length === 0) {
    showError('Reset first: there is no episode yet.');
    $('reset-button').focus();
    return false;
  }
  const reply = await call(() => app.session.step(action));
  if (!reply) return false;
  const entry = { type: 'step', action, reply: reply.data, latency_ms: reply.ms };
  app.history.push(entry);
  if (typeof reply.data.reward === 'number') app.episodeReturn += reply.data.reward;
  app.done = reply.data.done === true;
  addHistoryRow(app.history.length - 1);
  showReply(reply.data, reply.ms);
  drawCharts();
  if (!$('state').hidden && $('state').childElementCount) $('state').replaceChildren();
  return true;
}

/** Runs one request, timing it; shows errors; null when it failed. */
async function call(request) {
  if (!app.session) {
    showError('Not connected to the server.');
    return null;
  }
  if (app.busy) {
    showError('Still waiting for the last reply.');
    return null;
  }
  app.busy = true;
  document.body.classList.add('busy');
  const started = performance.now();
  try {
    const data = await request();
    return { data, ms: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    if (error instanceof SessionError) {
      showError(`${error.code}: ${error.message}`, error.data?.errors);
    } else {
      showError(error.message);
    }
    return null;
  } finally {
    app.busy = false;
    document.body.classList.remove('busy');
  }
}

async function showState() {
  const reply = await call(() => app.session.state());
  if (!reply) return;
  $('state').replaceChildren(el('h3', {}, 'State'), jsonTree(reply.data, 'state', 0));
  updateEpisode(reply.data);
}

function showReply(data, ms) {
  showLive();
  $('observation').replaceChildren(renderObservation(data.observation));
  $('raw-reply').textContent = JSON.stringify(data, null, 2);
  $('stat-step').textContent = String(app.history.length - 1);
  $('stat-reward').textContent = formatNumber(data.reward);
  $('stat-return').textContent = formatNumber(app.episodeReturn);
  $('stat-done').textContent = data.done ? 'yes — episode over' : 'no';
  $('stat-done').className = data.done ? 'done' : '';
  $('stat-latency').textContent = `${ms} ms`;
}

function updateEpisode(state) {
  const id = state?.episode_id ?? app.history[0]?.reply?.observation?.episode_id;
  $('stat-episode').textContent = id ?? (app.history.length ? 'started' : '—');
  if (state && !$('task-picker').hidden && state.split && $('split').value === '') {
    $('split').placeholder = state.split;
  }
}

function formatNumber(value) {
  if (value === null || value === undefined) return 'null';
  return typeof value === 'number' ? String(Math.round(value * 1e6) / 1e6) : JSON.stringify(value);
}

// ---------- history ----------

function actionText(entry) {
  if (entry.type === 'reset') return `reset ${JSON.stringify(entry.request)}`;
  const action = entry.action;
  if (action?.type === 'call_tool') return `${action.tool_name}(${JSON.stringify(action.arguments ?? {})})`;
  return JSON.stringify(action);
}

function addHistoryRow(index) {
  const entry = app.history[index];
  const row = el('tr', { tabindex: '0', 'data-index': String(index), class: entry.reply?.done ? 'done' : '' },
      el('td', {}, index === 0 ? 'R' : String(index)),
      el('td', { class: 'action-text' }, actionText(entry)),
      el('td', {}, formatNumber(entry.reply?.reward)),
      el('td', {}, entry.reply?.done ? 'done' : ''),
      el('td', {}, String(entry.latency_ms ?? '')));
  const view = () => showEntry(index);
  row.addEventListener('click', view);
  row.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); view(); }
    if (event.key === 'ArrowDown') row.nextElementSibling?.focus();
    if (event.key === 'ArrowUp') row.previousElementSibling?.focus();
  });
  const body = $('history-table').tBodies[0];
  body.append(row);
  const box = body.closest('.table-box');
  box.scrollTop = box.scrollHeight;
}

function showEntry(index) {
  const entry = (app.viewing === 'loaded' ? app.loaded : app.history)[index];
  if (!entry) return;
  $('viewing').hidden = false;
  $('viewing').replaceChildren(`Viewing ${index === 0 ? 'the reset' : `step ${index}`}${app.viewing === 'loaded' ? ' of the loaded file' : ''}. `,
      Object.assign(el('button', { type: 'button', class: 'secondary' }, 'Back to live (Esc)'), { onclick: showLive }));
  $('observation').replaceChildren(renderObservation(entry.reply?.observation));
  $('raw-reply').textContent = JSON.stringify(entry.reply, null, 2);
  if (entry.type === 'step') {
    if (entry.action?.type === 'call_tool' && app.tools.length) {
      // left as is: the tool form keeps what was typed
    } else if (app.actionForm) {
      app.actionForm.fill(entry.action);
    }
    $('action-json').value = JSON.stringify(entry.action, null, 2);
  }
}

function showLive() {
  const wasViewing = !$('viewing').hidden;
  $('viewing').hidden = true;
  app.viewing = 'live';
  const last = app.history[app.history.length - 1];
  if (last && wasViewing) {
    $('observation').replaceChildren(renderObservation(last.reply.observation));
    $('raw-reply').textContent = JSON.stringify(last.reply, null, 2);
  }
}

function drawCharts() {
  const steps = app.history.slice(1);
  const rewards = steps.map((entry) => (typeof entry.reply.reward === 'number' ? entry.reply.reward : 0));
  let total = 0;
  const returns = steps.map((_, index) => (total += rewards[index]));
  $('reward-chart').replaceChildren(lineChart([
    { values: rewards, className: 'reward' },
    { values: returns, className: 'return' },
  ], { label: 'reward and return per step' }));
  $('latency-chart').replaceChildren(lineChart([{ values: steps.map((entry) => entry.latency_ms), className: 'latency' }],
      { label: 'latency per step in milliseconds' }));
}

function download() {
  if (app.history.length === 0) {
    showError('Nothing to download yet: reset first.');
    return;
  }
  const text = app.history.map((entry) => JSON.stringify(entry)).join('\n') + '\n';
  const link = el('a', { href: URL.createObjectURL(new Blob([text], { type: 'application/x-ndjson' })),
    download: `${app.metadata?.name ?? 'episode'}-episode.jsonl` });
  document.body.append(link);
  link.click();
  link.remove();
}

async function load() {
  const file = $('load-input').files[0];
  if (!file) return;
  const text = await file.text();
  const entries = [];
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  try {
    lines.forEach((line, index) => {
      let entry;
      try {
        entry = JSON.parse(line);
      } catch (error) {
        throw new Error(`line ${index + 1} is not JSON (${error.message})`);
      }
      if (index === 0 ? entry.type !== 'reset' : entry.type !== 'step' || !('action' in entry)) {
        throw new Error(`line ${index + 1} should be a ${index === 0 ? 'reset' : 'step with an action'}`);
      }
      entries.push(entry);
    });
  } catch (error) {
    showError(`Cannot load ${file.name}: ${error.message}`);
    return;
  } finally {
    $('load-input').value = '';
  }
  if (entries.length === 0) {
    showError(`Cannot load ${file.name}: it is empty`);
    return;
  }
  app.loaded = entries;
  app.viewing = 'loaded';
  $('history-table').tBodies[0].replaceChildren();
  const saved = app.history;
  app.history = entries;
  entries.forEach((_, index) => addHistoryRow(index));
  app.history = saved;
  $('replay-button').disabled = false;
  $('history-note').textContent = `Loaded ${file.name}: a reset and ${entries.length - 1} steps. Choose a row to view it, or replay the episode on this server.`;
  showEntry(0);
}

async function replay() {
  const entries = app.loaded;
  if (!entries) return;
  app.viewing = 'live';
  $('replay-button').disabled = true;
  if (!(await reset(entries[0].request ?? {}))) return;
  let mismatch = null;
  for (let index = 1; index < entries.length; index++) {
    if (!(await step(entries[index].action))) {
      mismatch = mismatch ?? `step ${index} failed`;
      break;
    }
    const now = app.history[index].reply;
    const then = entries[index].reply;
    if (then && mismatch === null && (now.reward !== then.reward || now.done !== then.done)) {
      mismatch = `step ${index}: reward ${formatNumber(now.reward)} / done ${now.done} now, ${formatNumber(then.reward)} / ${then.done} in the file`;
    }
  }
  $('history-note').textContent = mismatch === null
    ? `Replayed ${entries.length - 1} steps: every reward and done matches the file.`
    : `Replayed; differs from the file at ${mismatch}.`;
  $('replay-button').disabled = false;
}

// ---------- tasks ----------

let taskRoutes = false;

async function detectTaskRoutes() {
  const name = encodeURIComponent(app.metadata?.name ?? '');
  let splits;
  try {
    splits = await getJson(`${name}/splits`);
  } catch {
    return; // no task routes on this server: the inputs stay, the list stays hidden
  }
  const names = (Array.isArray(splits) ? splits : splits?.splits ?? [])
      .map((split) => (typeof split === 'string' ? split : split?.name)).filter(Boolean);
  $('split-names').replaceChildren(...names.map((split) => el('option', { value: split })));
  taskRoutes = names.length > 0;
  if (taskRoutes) {
    showTaskPicker();
    listTasks(names[0]);
  }
}

async function listTasks(split) {
  if (!taskRoutes) return;
  split = split ?? ($('split').value.trim() || undefined);
  if (!split) {
    $('task-list-box').hidden = true;
    return;
  }
  const name = encodeURIComponent(app.metadata?.name ?? '');
  let reply;
  try {
    // The first 50 tasks of the split: POST /{env}/task_range {split, start, stop} as the reference serves it.
    reply = await getJson(`${name}/task_range`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ split, start: 0, stop: 50 }) });
  } catch {
    $('task-list-box').hidden = true;
    return;
  }
  const tasks = Array.isArray(reply) ? reply : reply?.tasks ?? reply?.items ?? [];
  $('task-list').replaceChildren(...tasks.map((task, position) => {
    const index = task.index ?? task.task_index ?? position;
    const prompt = task.prompt ?? task.question ?? '';
    return el('option', { value: String(task.id ?? task.task_id ?? index), 'data-index': String(index) },
        `${task.id ?? task.task_id ?? index}${prompt ? ` — ${firstLine(typeof prompt === 'string' ? prompt : JSON.stringify(prompt))}` : ''}`);
  }));
  $('task-list-box').hidden = tasks.length === 0;
}

// ---------- about and status ----------

function showMetadata() {
  const metadata = app.metadata ?? {};
  document.title = `${metadata.name ?? 'environment'} · OpenEnv4j`;
  $('env-name').textContent = metadata.name ?? 'environment';
  $('env-description').textContent = metadata.description ?? '';
  const list = $('metadata');
  list.replaceChildren();
  for (const [key, value] of Object.entries(metadata)) {
    if (key === 'readme_content') continue;
    const shown = key === 'documentation_url' && typeof value === 'string' && /^https?:\/\//.test(value)
      ? el('a', { href: value, rel: 'noopener noreferrer' }, value) : jsonTree(value, key, 0);
    list.append(el('dt', {}, key), el('dd', {}, shown));
  }
  $('readme').replaceChildren(metadata.readme_content
    ? el('pre', { class: 'readme' }, metadata.readme_content)
    : el('p', { class: 'hint' }, `This environment publishes no README (readme_content is empty). ${metadata.description ?? ''}`));
  const schemas = $('schemas');
  schemas.replaceChildren();
  for (const key of ['action', 'observation', 'state']) {
    if (app.schema?.[key]) {
      schemas.append(el('h3', {}, key), jsonTree(app.schema[key], key, 1));
    }
  }
}

function startStatus() {
  stopStatus();
  refreshStatus();
  app.statusTimer = setInterval(refreshStatus, 2000);
}

function stopStatus() {
  if (app.statusTimer) clearInterval(app.statusTimer);
  app.statusTimer = null;
}

async function refreshStatus() {
  let status;
  try {
    const response = await fetch(new URL('status', window.location.href), { cache: 'no-store' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    status = await response.json();
  } catch (error) {
    $('status').replaceChildren(el('p', { class: 'error' }, `Cannot read the status: ${error.message}`));
    return;
  }
  const used = status.max_sessions ? status.active_sessions / status.max_sessions : 0;
  const errors = Object.entries(status.errors ?? {});
  $('status').replaceChildren(
    el('dl', { class: 'fields status' },
      el('dt', {}, 'environment'), el('dd', {}, status.environment),
      el('dt', {}, 'mode'), el('dd', {}, status.mode),
      el('dt', {}, 'sessions'), el('dd', { id: 'status-sessions' }, `${status.active_sessions} of ${status.max_sessions}`,
          el('meter', { min: 0, max: 1, high: 0.9, value: used, 'aria-label': 'share of sessions in use' })),
      el('dt', {}, 'by kind'), el('dd', {}, Object.entries(status.sessions ?? {}).map(([kind, count]) => `${kind} ${count}`).join(', ')),
      el('dt', {}, 'idle timeout'), el('dd', {}, status.idle_timeout_s ? `${status.idle_timeout_s} s` : 'none'),
      el('dt', {}, 'error frames'), el('dd', { id: 'status-errors' }, errors.length
        ? errors.map(([code, count]) => `${code} ${count}`).join(', ') : 'none'),
      el('dt', {}, 'up since'), el('dd', {}, `${status.started_at} (${status.uptime_s} s)`)));
}

// ---------- small helpers ----------

function wireTabs(container, ids, onSelect) {
  for (const id of ids) {
    $(id).addEventListener('click', () => { selectTab($(id)); onSelect?.(id); });
  }
  container.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const visible = ids.map((id) => $(id)).filter((tab) => !tab.hidden);
    const at = visible.indexOf(document.activeElement);
    if (at < 0) return;
    const next = visible[(at + (event.key === 'ArrowRight' ? 1 : visible.length - 1)) % visible.length];
    next.focus();
    next.click();
  });
}

function selectTab(tab) {
  const group = tab.parentElement.querySelectorAll('[role=tab]');
  for (const other of group) {
    const selected = other === tab;
    other.setAttribute('aria-selected', String(selected));
    other.tabIndex = selected ? 0 : -1;
    $(other.getAttribute('aria-controls')).hidden = !selected;
  }
}

function setConn(text, kind) {
  $('conn').textContent = text;
  $('conn').dataset.state = kind;
}

function showNotice(text, retry) {
  const notice = $('notice');
  notice.replaceChildren(el('span', {}, text));
  if (retry) {
    const button = el('button', { type: 'button', id: 'retry-button' }, 'Try again');
    button.addEventListener('click', connect);
    notice.append(' ', button);
  }
  notice.hidden = false;
}

function hideNotice() {
  $('notice').hidden = true;
}

function showError(text, issues) {
  const box = $('error');
  box.replaceChildren(el('p', {}, text));
  if (Array.isArray(issues) && issues.length) {
    box.append(el('ul', {}, issues.map((issue) => el('li', {}, `${(issue.loc ?? []).join('.')}: ${issue.msg ?? JSON.stringify(issue)}`))));
  }
  box.hidden = false;
}

function hideError() {
  $('error').hidden = true;
}

window.addEventListener('pagehide', () => app.session?.close());
start();
