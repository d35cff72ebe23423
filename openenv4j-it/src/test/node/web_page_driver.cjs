// Drives OpenEnv4j's web page (/web) in Debian's Chromium with playwright-core, for WebPageBrowserTest.
//
//   node web_page_driver.cjs <plan.json> <result.json>
//
// The plan (written by the Java test) lists episodes to play through the page's forms with given actions
// (a built-in's oracle, computed in process by the test) and scenarios (two tabs, capacity, download and
// replay, the status view). One browser; pages run in parallel up to plan.concurrency. For every step the
// script reads what the page shows and compares it with the server's reply, which it takes from the page's
// own WebSocket frames; it writes the replies, the mismatches and the screenshots' paths to result.json.
'use strict';

const fs = require('fs');
const path = require('path');

const [planFile, resultFile] = process.argv.slice(2);
const plan = JSON.parse(fs.readFileSync(planFile, 'utf8'));
const { chromium } = require(path.resolve(plan.playwright, 'node_modules/playwright-core'));

/** Long episodes (CartPole's 500 steps) click without Playwright's waits for a stable layout. */
const FAST = { force: true, noWaitAfter: true };

function formatNumber(value) {
  if (value === null || value === undefined) return 'null';
  return typeof value === 'number' ? String(Math.round(value * 1e6) / 1e6) : JSON.stringify(value);
}

/** Opens the page and records the step, state and error frames the server sends to it. */
async function openPage(context, url) {
  const page = await context.newPage();
  const frames = [];
  const problems = [];
  page.on('websocket', (socket) => {
    if (!socket.url().endsWith('/ws')) return;
    socket.on('framereceived', (frame) => {
      try { frames.push(JSON.parse(frame.payload)); } catch { problems.push(`unparsable frame ${frame.payload}`); }
    });
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // the page asks for the task routes to find out whether the server has them: a 404 there is an answer
    if (message.type() === 'error' && !/\/splits$/.test(message.location()?.url ?? '')) {
      problems.push(`console error: ${message.text()} (${message.location()?.url})`);
    }
  });
  await page.goto(url);
  return { page, frames, problems };
}

async function connected(page) {
  await page.waitForSelector('#conn[data-state=good]', { timeout: 30000 });
}

/** Fills the form under `scope` with `value`, field by field, through the inputs' data-path attributes. */
async function fill(page, scope, value, prefix = []) {
  let last = null;
  page.kinds = page.kinds ?? new Map(); // selector -> what the input is, looked up once per page
  for (const [key, child] of Object.entries(value ?? {})) {
    if (child === null || child === undefined) continue;
    const at = [...prefix, key].join('.');
    const selector = `${scope} [data-path="${at}"]`;
    let kind = page.kinds.get(selector);
    if (kind === undefined) {
      const input = await page.$(selector);
      kind = input ? await input.evaluate((node) => `${node.tagName.toLowerCase()}:${node.type ?? ''}:${node.dataset.kind ?? ''}`) : 'missing';
      page.kinds.set(selector, kind);
    }
    if (kind === 'missing') {
      if (child && typeof child === 'object' && !Array.isArray(child)) {
        last = (await fill(page, scope, child, [...prefix, key])) ?? last;
        continue;
      }
      throw new Error(`the form has no field ${at}`);
    }
    if (kind.startsWith('output')) continue; // a constant
    if (kind.endsWith(':json')) {
      await page.fill(selector, JSON.stringify(child), { force: true });
    } else if (kind.startsWith('select') && kind.endsWith(':enum')) {
      await page.selectOption(selector, { label: typeof child === 'string' ? child : JSON.stringify(child) });
    } else if (kind.startsWith('select')) {
      await page.selectOption(selector, String(child));
    } else if (kind.startsWith('input:checkbox')) {
      await page.setChecked(selector, child === true);
    } else {
      await page.fill(selector, String(child), { force: true });
    }
    last = kind;
  }
  return last;
}

/** What the page shows after `count` entries (reset + steps) are in its history, or its error. */
async function waitForEntries(page, count) {
  await page.waitForFunction((n) => window.openenv.history.length >= n || !document.getElementById('error').hidden,
      count, { timeout: 120000, polling: 'raf' });
  return page.evaluate(() => ({
    entries: window.openenv.history.length,
    error: document.getElementById('error').hidden ? null : document.getElementById('error').textContent,
    reward: document.getElementById('stat-reward').textContent,
    done: document.getElementById('stat-done').textContent,
    ret: document.getElementById('stat-return').textContent,
    steps: document.getElementById('stat-step').textContent,
    raw: document.getElementById('raw-reply').textContent,
    rows: document.querySelectorAll('#history-table tbody tr').length,
  }));
}

function lastStepFrame(frames) {
  for (let index = frames.length - 1; index >= 0; index--) {
    if (frames[index].type === 'observation' || frames[index].type === 'error') return frames[index];
  }
  return null;
}

/** Compares what the page shows with the server's last reply; returns the differences. */
function compare(shown, frame, stepIndex, episodeReturn) {
  const issues = [];
  if (!frame || frame.type !== 'observation') {
    issues.push(`step ${stepIndex}: the server answered ${JSON.stringify(frame)}`);
    return issues;
  }
  const data = frame.data;
  if (JSON.stringify(JSON.parse(shown.raw)) !== JSON.stringify(data)) issues.push(`step ${stepIndex}: raw reply differs`);
  if (shown.reward !== formatNumber(data.reward)) issues.push(`step ${stepIndex}: reward shown ${shown.reward}, sent ${data.reward}`);
  if (shown.done.startsWith('yes') !== (data.done === true)) issues.push(`step ${stepIndex}: done shown ${shown.done}, sent ${data.done}`);
  if (shown.ret !== formatNumber(episodeReturn)) issues.push(`step ${stepIndex}: return shown ${shown.ret}, expected ${episodeReturn}`);
  if (shown.steps !== String(stepIndex)) issues.push(`step ${stepIndex}: step count shown ${shown.steps}`);
  if (shown.rows !== stepIndex + 1) issues.push(`step ${stepIndex}: ${shown.rows} history rows`);
  return issues;
}

async function reset(page, options) {
  await page.fill('#seed', options.seed === undefined ? '' : String(options.seed));
  const { seed, ...more } = options;
  if (Object.keys(more).length) {
    await page.click('#reset-form summary');
    await page.fill('#reset-options', JSON.stringify(more));
  }
  await page.click('#reset-button');
}

/** Sends one action through the right part of the page: tool list, generated form, or JSON editor. */
async function sendAction(page, action, tools) {
  if (tools && action.type === 'call_tool') {
    await page.click('#mode-tools');
    await page.click(`#tool-list button[data-tool="${action.tool_name}"]`);
    await fill(page, '#tool-fields', action.arguments ?? {});
    await page.click('#call-button');
    return 'tool';
  }
  if (tools) {
    await page.click('#mode-json');
    await page.fill('#action-json', JSON.stringify(action));
    await page.click('#json-step-button');
    return 'json';
  }
  // Clearing matters only when this action leaves out a field the last one set: fill replaces the others.
  const keys = Object.keys(action).sort().join(',');
  if (page.lastKeys !== keys) {
    await page.click('#clear-button');
    page.lastKeys = keys;
  }
  const typedIn = await fill(page, '#action-fields', action);
  if (typedIn && /^input:(text|number)/.test(typedIn)) {
    await page.keyboard.press('Enter'); // from the text field just filled: the form's implicit submission
  } else {
    await page.click('#step-button', FAST);
  }
  return 'form';
}

async function play(browser, episode) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page, frames, problems } = await openPage(context, `${episode.url}/web`);
  const started = Date.now();
  const result = { env: episode.env, replies: [], issues: [], ways: {}, screenshot: null };
  try {
    await connected(page);
    if (episode.tools) {
      await page.waitForSelector('#tool-list button[data-tool]', { timeout: 30000 });
      result.toolsShown = await page.$$eval('#tool-list button[data-tool]', (buttons) => buttons.map((b) => b.dataset.tool));
    }
    await reset(page, episode.reset);
    let shown = await waitForEntries(page, 1);
    const first = lastStepFrame(frames);
    result.issues.push(...(shown.error ? [`reset: ${shown.error}`] : []));
    result.issues.push(...compare(shown, first, 0, typeof first?.data?.reward === 'number' ? first.data.reward : 0));
    result.resetReply = first?.data ?? null;
    // Long episodes (CartPole's 500 steps) compare the live figures every tenth step and at the end; every
    // step's reply is still compared with its history row below.
    const long = episode.actions.length > 100;
    const stepFrames = () => frames.filter((frame) => frame.type === 'observation' || frame.type === 'error');
    const resetAt = stepFrames().length - 1;
    for (let index = 0; index < episode.actions.length; index++) {
      const way = await sendAction(page, episode.actions[index], episode.tools);
      result.ways[way] = (result.ways[way] ?? 0) + 1;
      const last = index === episode.actions.length - 1;
      if (long && index % 10 !== 9 && !last) {
        await page.waitForFunction((n) => window.openenv.history.length >= n || !document.getElementById('error').hidden,
            index + 2, { timeout: 120000, polling: 'raf' });
        continue;
      }
      shown = await waitForEntries(page, index + 2);
      if (shown.error) {
        result.issues.push(`step ${index + 1}: the page shows an error: ${shown.error}`);
        break;
      }
      const replies = stepFrames().slice(resetAt + 1, resetAt + index + 2);
      const episodeReturn = replies.reduce((sum, frame) => sum + (typeof frame?.data?.reward === 'number' ? frame.data.reward : 0),
          typeof first?.data?.reward === 'number' ? first.data.reward : 0);
      result.issues.push(...compare(shown, replies[replies.length - 1], index + 1, episodeReturn));
      if (result.issues.length > 5) break;
    }
    result.replies = stepFrames().slice(resetAt + 1).map((frame) => frame.data);
    const rows = await page.$$eval('#history-table tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((cell) => cell.textContent)));
    result.replies.forEach((reply, index) => {
      const row = rows[index + 1];
      if (!row || row[2] !== formatNumber(reply?.reward) || (row[3] === 'done') !== (reply?.done === true)) {
        result.issues.push(`step ${index + 1}: history row ${JSON.stringify(row)} differs from the reply`);
      }
    });
    result.returnShown = shown.ret;
    await page.click('#state-button');
    await page.waitForSelector('#state details');
    const stateFrame = frames.filter((frame) => frame.type === 'state').pop();
    result.stateShown = stateFrame ? await page.$eval('#state', (node) => node.textContent) : null;
    result.stateEpisodeId = stateFrame?.data?.episode_id ?? null;
    result.screenshot = path.join(plan.out, `${episode.env}.png`);
    await page.screenshot({ path: result.screenshot, fullPage: true });
  } catch (error) {
    result.issues.push(`failed: ${error.message}`);
    try {
      await page.screenshot({ path: path.join(plan.out, `${episode.env}-failed.png`), fullPage: true });
    } catch { /* the page is gone */ }
  }
  result.issues.push(...problems);
  await context.close();
  result.seconds = (Date.now() - started) / 1000;
  return result;
}

/** Two tabs of one browser window: each its own session and episode. */
async function twoTabs(browser, scenario) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  const a = await openPage(context, `${scenario.url}/web`);
  const b = await openPage(context, `${scenario.url}/web`);
  await connected(a.page);
  await connected(b.page);
  await reset(a.page, { seed: scenario.seedA });
  await waitForEntries(a.page, 1);
  await reset(b.page, { seed: scenario.seedB });
  await waitForEntries(b.page, 1);
  for (const action of scenario.actions) {
    const before = await a.page.evaluate(() => window.openenv.history.length);
    await sendAction(a.page, action, false);
    await waitForEntries(a.page, before + 1);
  }
  const stepsA = await a.page.$eval('#stat-step', (node) => node.textContent);
  const stepsB = await b.page.$eval('#stat-step', (node) => node.textContent);
  await a.page.click('#state-button');
  await a.page.waitForSelector('#state details');
  await b.page.click('#state-button');
  await b.page.waitForSelector('#state details');
  const stateA = a.frames.filter((frame) => frame.type === 'state').pop()?.data;
  const stateB = b.frames.filter((frame) => frame.type === 'state').pop()?.data;
  // the status view, from tab b, while both sessions are open
  await b.page.click('#tab-server');
  await b.page.waitForSelector('#status-sessions');
  const sessionsShown = await b.page.$eval('#status-sessions', (node) => node.textContent);
  await b.page.screenshot({ path: path.join(plan.out, 'status.png'), fullPage: true });
  await context.close();
  return { stepsA, stepsB, stateA, stateB, sessionsShown, problems: [...a.problems, ...b.problems] };
}

/** A server with one session: the second tab is told the server is full. */
async function capacity(browser, scenario) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  const a = await openPage(context, `${scenario.url}/web`);
  await connected(a.page);
  const b = await openPage(context, `${scenario.url}/web`);
  await b.page.waitForSelector('#notice:not([hidden])', { timeout: 30000 });
  const notice = await b.page.$eval('#notice', (node) => node.textContent);
  const conn = await b.page.$eval('#conn', (node) => node.textContent);
  await b.page.screenshot({ path: path.join(plan.out, 'capacity.png') });
  // the first tab closes; the second tries again and gets the session
  await a.page.close();
  await b.page.click('#retry-button');
  let retried = true;
  try {
    await connected(b.page);
  } catch {
    retried = false;
  }
  await context.close();
  return { notice, conn, retried };
}

/** Play, download the history as JSON Lines, load it into a fresh tab and replay it there. */
async function downloadAndReplay(browser, scenario) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const a = await openPage(context, `${scenario.url}/web`);
  await connected(a.page);
  await reset(a.page, { seed: scenario.seed });
  await waitForEntries(a.page, 1);
  for (let index = 0; index < scenario.actions.length; index++) {
    await sendAction(a.page, scenario.actions[index], false);
    await waitForEntries(a.page, index + 2);
  }
  const [download] = await Promise.all([a.page.waitForEvent('download'), a.page.click('#download-button')]);
  const file = path.join(plan.out, download.suggestedFilename());
  await download.saveAs(file);
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
  const b = await openPage(context, `${scenario.url}/web`);
  await connected(b.page);
  await b.page.setInputFiles('#load-input', file);
  await b.page.waitForSelector('#replay-button:not([disabled])');
  const loadedRows = await b.page.$$eval('#history-table tbody tr', (rows) => rows.length);
  await b.page.click('#replay-button');
  await b.page.waitForFunction(() => /Replayed/.test(document.getElementById('history-note').textContent), null, { timeout: 60000 });
  const note = await b.page.$eval('#history-note', (node) => node.textContent);
  const replayedFrames = b.frames.filter((frame) => frame.type === 'observation').map((frame) => frame.data);
  await b.page.screenshot({ path: path.join(plan.out, 'replayed.png'), fullPage: true });
  await context.close();
  return { file, lines, loadedRows, note, replayedFrames, problems: [...a.problems, ...b.problems] };
}

/** A base64 image in an observation (the browser environment's screenshot) is shown as a picture. */
async function image(browser, scenario) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page, frames, problems } = await openPage(context, `${scenario.url}/web`);
  await connected(page);
  await reset(page, { seed: scenario.seed });
  await waitForEntries(page, 1);
  await sendAction(page, scenario.action, false);
  const shown = await waitForEntries(page, 2);
  const sent = lastStepFrame(frames)?.data?.observation?.[scenario.field] ?? null;
  const picture = await page.$eval(`#observation [data-field="${scenario.field}"] img`, (img) => ({
    width: img.naturalWidth, height: img.naturalHeight, src: img.src, alt: img.alt,
  })).catch(() => null);
  await page.screenshot({ path: path.join(plan.out, 'image.png'), fullPage: true });
  await context.close();
  return { error: shown.error, picture, sentPrefix: sent ? sent.slice(0, 64) : null, sameImage: !!picture && !!sent && picture.src.endsWith(sent), problems };
}

/** The task picker of a task environment: a split and a task index, then a task id, reach the reset. */
async function taskPicker(browser, scenario) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page, frames, problems } = await openPage(context, `${scenario.url}/web`);
  await connected(page);
  await page.waitForSelector('#task-picker', { state: 'visible', timeout: 30000 }).catch(() => {});
  const pickerShown = await page.isVisible('#task-picker');
  const states = [];
  for (const [split, index, id] of [[scenario.split, String(scenario.index), ''], [scenario.idSplit, '', scenario.id]]) {
    await page.fill('#split', split);
    await page.fill('#task-index', index);
    await page.fill('#task-id', id);
    const before = frames.length;
    await page.click('#reset-button');
    await page.waitForFunction(() => window.openenv.history.length === 1 && !window.openenv.busy);
    await page.click('#state-button');
    await page.waitForFunction(() => document.querySelector('#state details') !== null && !window.openenv.busy);
    states.push(frames.slice(before).filter((frame) => frame.type === 'state').pop()?.data ?? null);
  }
  const listShown = await page.isVisible('#task-list-box');
  await page.screenshot({ path: path.join(plan.out, 'task-picker.png'), fullPage: true });
  await context.close();
  return { pickerShown, listShown, states, problems };
}

/** The page on a narrow screen (a phone's width), driven with the keyboard only. */
async function narrowKeyboard(browser, scenario) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const { page, problems } = await openPage(context, `${scenario.url}/web`);
  await connected(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  await page.focus('#seed');
  await page.keyboard.type(String(scenario.seed));
  await page.keyboard.press('Enter');
  await waitForEntries(page, 1);
  await page.focus(`#action-fields [data-path="${scenario.field}"]`);
  await page.keyboard.type(scenario.value);
  await page.keyboard.press('Enter');
  const shown = await waitForEntries(page, 2);
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
      .filter((node) => node.type !== 'file' && !node.closest('[hidden]'))
      .filter((node) => !(node.labels && node.labels.length) && !node.getAttribute('aria-label'))
      .map((node) => node.id || node.outerHTML.slice(0, 60)));
  await page.screenshot({ path: path.join(plan.out, 'narrow.png'), fullPage: true });
  await context.close();
  return { overflow, steps: shown.steps, error: shown.error, unlabelled, problems };
}

async function pool(items, limit, work) {
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  }));
  return results;
}

(async () => {
  fs.mkdirSync(plan.out, { recursive: true });
  const browser = await chromium.launch({ executablePath: plan.browser, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  const started = Date.now();
  const result = {};
  try {
    const scenarios = [];
    if (plan.twoTabs) scenarios.push(twoTabs(browser, plan.twoTabs).then((value) => { result.twoTabs = value; }));
    if (plan.capacity) scenarios.push(capacity(browser, plan.capacity).then((value) => { result.capacity = value; }));
    if (plan.replay) scenarios.push(downloadAndReplay(browser, plan.replay).then((value) => { result.replay = value; }));
    if (plan.image) scenarios.push(image(browser, plan.image).then((value) => { result.image = value; }));
    if (plan.task) scenarios.push(taskPicker(browser, plan.task).then((value) => { result.task = value; }));
    if (plan.narrow) scenarios.push(narrowKeyboard(browser, plan.narrow).then((value) => { result.narrow = value; }));
    if (plan.launch) scenarios.push(play(browser, plan.launch).then((value) => { result.launch = value; }));
    await Promise.all(scenarios.map((scenario) => scenario.catch((error) => {
      result.scenarioErrors = [...(result.scenarioErrors ?? []), error.stack ?? String(error)];
    })));
    // the longest episodes first, so that the short ones fill the other pages meanwhile
    const plays = [...(plan.plays ?? [])].sort((a, b) => b.actions.length - a.actions.length);
    const played = await pool(plays, plan.concurrency ?? 3, (episode) => play(browser, episode));
    result.plays = played;
  } finally {
    await browser.close();
  }
  result.seconds = (Date.now() - started) / 1000;
  fs.writeFileSync(resultFile, JSON.stringify(result));
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
