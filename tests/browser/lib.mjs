// Shared helpers for Soporte's browser tests (home.test.mjs, account.test.mjs,
// docs.test.mjs, search.test.mjs, staff.test.mjs, profile.test.mjs).
//
// Each test is a plain Node script that calls `runBrowserTest(name, body)`; inside
// `body` it starts the server (and anything else it needs) with the helpers below,
// records checks with `check`/`eq`, and throws `CheckFailed` on the first failure.
// `runBrowserTest` always closes the browser, stops every process started here
// (SIGTERM, then SIGKILL), removes temporary directories, prints the passed checks
// and exits non-zero on failure.
//
// Environment (shared by every test):
//   SOPORTE_BIN                   server binary (default: <repo>/target/debug/soporte)
//   SOPORTE_BROWSER_DATABASE_URL  if set, passed to the server as SOPORTE_DATABASE_URL
//                                 (e.g. to run the same test on PostgreSQL)
//   SOPORTE_BROWSER_SECRETS_FILE  if set, passed as SOPORTE_SECRETS_FILE: the servers of
//                                 one shared database need the same keys, as nodes do
//   CHROMIUM_PATH                 browser binary (default: /usr/bin/chromium)
//   SOPORTE_TEST_PYTHON           Python with aiosmtpd, for the SMTP sink (default: python3)

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, '..', '..');
export const bin = process.env.SOPORTE_BIN || path.join(repo, 'target', 'debug', 'soporte');
export const shotDir = path.join(repo, 'target', 'browser');
const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export const LAUNCH = {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-gpu',
  ],
};

// ---------------------------------------------------------------- checks

export class CheckFailed extends Error {}
export const passed = [];
export const notes = [];
/// What was done on the way (a server started, a screenshot taken): printed, never
/// counted as a check.
export const steps = [];

export function step(message) {
  steps.push(message);
}

export function check(cond, message, detail) {
  if (!cond) {
    throw new CheckFailed(detail === undefined ? message : `${message}\n  ${detail}`);
  }
  passed.push(message);
}

export function eq(actual, expected, message) {
  check(actual === expected, message,
    `expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- child processes

// Every process started through `startProcess`, so cleanup and signals reach them all.
const processes = new Set();
const tempDirs = new Set();
// Extra output shown when a test fails: name -> () => string.
const diagnostics = new Map();

// Spawns `command` and keeps the tail of its output. Returns a handle with the child,
// an `exit` promise, `log()` and `stop()` (SIGTERM, SIGKILL after `graceMs`).
function startProcess(name, command, args, options) {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const append = (chunk) => {
    log += chunk.toString();
    if (log.length > 200_000) log = log.slice(-100_000);
  };
  child.stderr.on('data', append);
  const exit = new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
    child.on('error', (err) => {
      append(`spawn error: ${err.message}\n`);
      resolve({ code: null, signal: null, error: err });
    });
  });
  const handle = {
    name,
    child,
    exit,
    append,
    log: () => log,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    async stop(graceMs = 15_000) {
      processes.delete(handle);
      if (handle.exited() || child.pid === undefined) return exit;
      child.kill('SIGTERM');
      const result = await Promise.race([exit, sleep(graceMs).then(() => null)]);
      if (result) return result;
      child.kill('SIGKILL');
      await exit;
      return { code: null, signal: 'SIGKILL', timedOut: true };
    },
  };
  processes.add(handle);
  diagnostics.set(name, () => log);
  return handle;
}

function tail(text, lines = 40) {
  return text.trim().split('\n').slice(-lines).join('\n');
}

// ---------------------------------------------------------------- server

let server = null;
let serverOut = '';

// Starts `soporte serve` on a free port with a fresh data directory and waits for
// /healthz. `env` adds or overrides environment variables of the server; `command`
// is the subcommand (default `serve`; `demo` serves the same way after loading the
// demo content once). What the server printed on stdout: `serverStdout()`.
export async function startServer({ env: extra = {}, command = 'serve' } = {}) {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'soporte-browser-'));
  tempDirs.add(dataDir);
  const env = { ...process.env, SOPORTE_BIND: `127.0.0.1:${port}`, SOPORTE_DATA_DIR: dataDir };
  // Links in mail are built from the base URL, which defaults to the bind address.
  delete env.SOPORTE_DATABASE_URL;
  delete env.SOPORTE_BASE_URL;
  delete env.SOPORTE_SMTP_URL;
  delete env.SOPORTE_SECRETS_FILE;
  if (process.env.SOPORTE_BROWSER_DATABASE_URL) {
    env.SOPORTE_DATABASE_URL = process.env.SOPORTE_BROWSER_DATABASE_URL;
  }
  if (process.env.SOPORTE_BROWSER_SECRETS_FILE) {
    env.SOPORTE_SECRETS_FILE = process.env.SOPORTE_BROWSER_SECRETS_FILE;
  }
  Object.assign(env, extra);
  serverOut = '';
  server = startProcess('server', bin, [command], { env });
  server.child.stdout.on('data', (chunk) => {
    server.append(chunk);
    if (serverOut.length < 100_000) serverOut += chunk.toString();
  });

  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  let exited = null;
  server.exit.then((e) => { exited = e; });
  while (Date.now() < deadline) {
    if (exited) {
      throw new CheckFailed(`server exited before becoming ready (code ${exited.code}, signal ${exited.signal})`
        + (exited.error ? `: ${exited.error.message}` : ''));
    }
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.status === 200) {
        step(`server started (${path.relative(repo, bin) || bin} ${command}) at ${base}, /healthz 200`
          + (env.SOPORTE_DATABASE_URL ? ' on the given database' : ' on SQLite'));
        return base;
      }
    } catch { /* not listening yet */ }
    await sleep(100);
  }
  throw new CheckFailed(`server did not answer 200 on ${base}/healthz within 60 s`);
}

// Everything the running (or last) server printed on stdout so far.
export const serverStdout = () => serverOut;

async function stopServer() {
  if (!server) return null;
  const result = await server.stop();
  server = null;
  return result;
}

// ---------------------------------------------------------------- SMTP sink

// Starts tests/support/smtp_sink.py (a real SMTP server, aiosmtpd) on a free port.
// Returns { port, url, messages, waitFor(label, predicate, timeoutMs) }; each message
// is { from, to, data, subject, text } as printed by the sink.
export async function startSmtpSink() {
  const python = process.env.SOPORTE_TEST_PYTHON || 'python3';
  const script = path.join(repo, 'tests', 'support', 'smtp_sink.py');
  const port = await freePort();
  const sink = startProcess('smtp sink', python, [script, '--port', String(port)], {});
  const messages = [];
  const waiters = new Set();
  let ready = null;
  const readyPromise = new Promise((resolve) => { ready = resolve; });
  readline.createInterface({ input: sink.child.stdout }).on('line', (line) => {
    let record;
    try { record = JSON.parse(line); } catch {
      sink.append(`(stdout, not JSON) ${line}\n`);
      return;
    }
    if (record && record.ready !== undefined) { ready(record.ready); return; }
    messages.push(record);
    sink.append(`message to ${JSON.stringify(record.to)}: ${JSON.stringify(record.subject)}\n`);
    for (const w of waiters) w();
  });

  const started = await Promise.race([
    readyPromise.then((p) => ({ port: p })),
    sink.exit.then((e) => ({ exit: e })),
    sleep(20_000).then(() => ({ timeout: true })),
  ]);
  if (started.exit) {
    throw new CheckFailed(`SMTP sink (${python} ${path.relative(repo, script)}) exited before listening`
      + ` (code ${started.exit.code}, signal ${started.exit.signal})`
      + (started.exit.error ? `: ${started.exit.error.message}` : '')
      + `\n  ${tail(sink.log(), 15).replace(/\n/g, '\n  ')}`
      + '\n  (set SOPORTE_TEST_PYTHON to a Python that has aiosmtpd)');
  }
  if (started.timeout) throw new CheckFailed(`SMTP sink did not print {"ready": ${port}} within 20 s`);
  eq(started.port, port, `SMTP sink listening on 127.0.0.1:${port}`);

  // Waits for the first message (received so far or later) matching `predicate`.
  async function waitFor(label, predicate, timeoutMs = 20_000) {
    const found = () => messages.find(predicate);
    let message = found();
    if (!message) {
      let wake = null;
      const w = () => { if (wake) wake(); };
      waiters.add(w);
      const deadline = Date.now() + timeoutMs;
      try {
        while (!(message = found()) && Date.now() < deadline && !sink.exited()) {
          await Promise.race([new Promise((r) => { wake = r; }), sleep(Math.min(250, deadline - Date.now()))]);
        }
      } finally {
        waiters.delete(w);
      }
    }
    check(Boolean(message), `mail received: ${label}`,
      `nothing matching arrived within ${timeoutMs / 1000} s${sink.exited() ? ' (the SMTP sink exited)' : ''};`
      + ` received: ${JSON.stringify(messages.map((m) => ({ to: m.to, subject: m.subject })))}`);
    return message;
  }

  return { port, url: `smtp://127.0.0.1:${port}`, messages, waitFor };
}

// ---------------------------------------------------------------- page checks

// Records CSP violations, page errors and console errors for every page of a context.
export function monitor(context, name) {
  const m = { name, csp: [], pageErrors: [], consoleErrors: [] };
  const isCsp = (text) => /content[- ]security[- ]policy/i.test(text);
  context.on('page', (page) => attach(page));
  function attach(page) {
    page.on('console', (msg) => {
      const text = msg.text();
      if (isCsp(text)) m.csp.push(`console: ${text}`);
      else if (msg.type() === 'error') m.consoleErrors.push(`${page.url()}: ${text}`);
    });
    page.on('pageerror', (err) => {
      if (isCsp(err.message)) m.csp.push(`pageerror: ${err.message}`);
      else m.pageErrors.push(`${page.url()}: ${err.message}`);
    });
  }
  return m;
}

// Collects `securitypolicyviolation` events from the page itself. Init scripts are
// injected by the browser and do not need the page's CSP to allow them.
export async function recordCspEvents(context) {
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`
        + (e.sample ? ` sample=${JSON.stringify(e.sample)}` : ''));
    });
  });
}

// `consoleErrorsAllowed`: skip the console check entirely; `allowConsole`: a RegExp of
// console errors that are expected (e.g. the browser's "Failed to load resource" line
// for a page served with a 4xx status on purpose); any other console error fails.
export async function checkMonitor(m, { consoleErrorsAllowed = false, allowConsole = null } = {}) {
  check(m.csp.length === 0, `${m.name}: no Content-Security-Policy violations`, m.csp.join('\n  '));
  check(m.pageErrors.length === 0, `${m.name}: no page errors`, m.pageErrors.join('\n  '));
  if (!consoleErrorsAllowed) {
    const unexpected = allowConsole ? m.consoleErrors.filter((e) => !allowConsole.test(e)) : m.consoleErrors;
    check(unexpected.length === 0, `${m.name}: no ${allowConsole ? 'unexpected ' : ''}console errors`,
      unexpected.join('\n  '));
  }
}

// Injects axe-core with page.evaluate (DevTools evaluation is not subject to the
// page's CSP, so the server's policy stays untouched) and fails on any violation.
/// Rules whose "incomplete" results were reviewed by hand, each with the reason.
/// None so far.
const AXE_UNDECIDED_ALLOWED = new Map([]);

// `exclude`: selectors of elements a test checks itself (say so where it is used).
export async function axe(page, label, { exclude = [] } = {}) {
  const loaded = await page.evaluate(`${AXE_SOURCE}\n;typeof window.axe`);
  if (loaded !== 'object') throw new CheckFailed(`${label}: axe-core did not load (typeof axe = ${loaded})`);
  const r = await page.evaluate(async ([tags, exclude]) => {
    const context = exclude.length ? { include: [['html']], exclude: exclude.map((s) => [s]) } : document;
    const res = await window.axe.run(context, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations', 'incomplete'],
    });
    return {
      violations: res.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html, summary: n.failureSummary })),
      })),
      incomplete: res.incomplete.map((v) => `${v.id} (${v.nodes.length}${v.nodes.length ? `: ${v.nodes.map((n) => `${n.target.join(' ')} — ${(n.any[0] || {}).message || ''}`).join('; ')}` : ''})`),
    };
  }, [AXE_TAGS, exclude]);
  // "Incomplete" is what axe could not decide (colour contrast over an image, say):
  // the pages are meant to have none, so it fails like a violation unless its rule is
  // named in AXE_UNDECIDED_ALLOWED with the reason it was reviewed by hand.
  const undecided = r.incomplete.filter((v) => !AXE_UNDECIDED_ALLOWED.has(v.split(' ')[0]));
  check(undecided.length === 0,
    `${label}: axe leaves nothing undecided`,
    `needs review: ${undecided.join(', ')}`);
  const detail = r.violations.map((v) =>
    `[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n`
    + v.nodes.map((n) => `      at ${n.target}\n        ${n.html}\n        ${(n.summary || '').replace(/\n/g, '\n        ')}`).join('\n'),
  ).join('\n  ');
  check(r.violations.length === 0,
    `${label}: axe (${AXE_TAGS.join(', ')}) reports no violations`,
    `${r.violations.length} violation(s):\n  ${detail}`);
}

export const htmlLang = (page) => page.locator('html').getAttribute('lang');
export const h1Text = async (page) => (await page.locator('main h1').innerText()).trim();
export const langButton = (page) => page.locator('header form[action="/idioma"] button[type="submit"][name="lang"]');

// Clicks the language switch and waits for the redirected page in the new language
// (`to.lang` is the expected <html lang>).
export async function switchLanguage(page, to) {
  const [post] = await Promise.all([
    page.waitForResponse((res) => new URL(res.url()).pathname === '/idioma' && res.request().method() === 'POST'),
    langButton(page).click(),
  ]);
  await page.waitForSelector(`html[lang="${to.lang}"]`, { state: 'attached' });
  await page.waitForLoadState('load');
  return post;
}

// ---------------------------------------------------------------- navigation

export const pathOf = (page) => new URL(page.url()).pathname;

// Waits for the new document's `main h1`, then compares it exactly.
export async function expectH1(page, text, label) {
  await page.locator('main h1').filter({ hasText: text }).first().waitFor();
  eq(await h1Text(page), text, `${label}: h1 "${text}"`);
}

// Follows a link and waits for the page it leads to (`to`: the expected path).
export async function follow(page, link, to) {
  await Promise.all([page.waitForURL((url) => url.pathname === to), link.click()]);
  await page.waitForLoadState('load');
  eq(pathOf(page), to, `the link leads to ${to}`);
}

// Clicks a form's submit button and waits for the browser's POST to `action`
// (a navigation) and the document it leads to. Returns the POST's response.
export async function submit(page, button, action) {
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'
      && r.request().isNavigationRequest() && new URL(r.url()).pathname === action),
    button.click(),
  ]);
  await page.waitForLoadState('load');
  return res;
}

// A browser context as every test uses it: `locale` (Accept-Language), the server as
// base URL, a 15 s default timeout, console/CSP monitoring (`monitor`) and the
// page's own securitypolicyviolation events. Returns { context, page, mon }.
export async function openContext(browser, base, name, { locale = 'es-MX', ...options } = {}) {
  const context = await browser.newContext({ locale, baseURL: base, ...options });
  context.setDefaultTimeout(15_000);
  const mon = monitor(context, name);
  await recordCspEvents(context);
  const page = await context.newPage();
  return { context, page, mon };
}

// The securitypolicyviolation events recorded on the page that is open now.
export async function pageCsp(page, label) {
  const events = await page.evaluate(() => window.__cspViolations || null);
  check(Array.isArray(events) && events.length === 0, `${label}: no securitypolicyviolation events (last page)`,
    JSON.stringify(events));
}

// Signs in through the Spanish form at /cuenta/entrar (going there first unless the
// page is already on it) and waits for the page the sign-in leads to.
export async function signInAs(page, { email, password, name }, label) {
  if (pathOf(page) !== '/cuenta/entrar') await page.goto('/cuenta/entrar');
  await expectH1(page, 'Entrar', `${label}: sign-in`);
  const form = page.locator('main');
  await form.getByLabel('Correo electrónico', { exact: true }).fill(email);
  await form.getByLabel('Contraseña', { exact: true }).fill(password);
  const res = await submit(page, form.getByRole('button', { name: 'Entrar', exact: true }), '/cuenta/entrar');
  eq(res.status(), 303, `${label}: POST /cuenta/entrar redirects (303)`);
  await page.waitForURL((url) => url.pathname !== '/cuenta/entrar');
  if (name) {
    eq(await page.locator('header .account').getByRole('link', { name, exact: true }).count(), 1,
      `${label}: the header shows "${name}" (signed in)`);
  }
}

export async function shot(page, name) {
  mkdirSync(shotDir, { recursive: true });
  const file = path.join(shotDir, name);
  await page.screenshot({ path: file, fullPage: true });
  step(`screenshot ${path.relative(repo, file)}`);
}

// ---------------------------------------------------------------- main

let browser = null;

export async function launchBrowser() {
  browser = await chromium.launch(LAUNCH);
  step(`chromium ${browser.version()} launched`);
  return browser;
}

async function cleanup() {
  if (browser) {
    try { await browser.close(); } catch { /* already gone */ }
    browser = null;
  }
  const stopped = await stopServer();
  // Anything else (e.g. the SMTP sink), after the server so it can finish sending.
  await Promise.all([...processes].map((p) => p.stop(5_000).catch(() => null)));
  for (const dir of tempDirs) {
    try { rmSync(dir, { recursive: true, force: true }); } catch { /* best effort */ }
  }
  tempDirs.clear();
  return stopped;
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    for (const p of processes) {
      try { p.child.kill('SIGKILL'); } catch { /* gone */ }
    }
    process.exit(130);
  });
}

// Runs `body` (an async function), cleans up, reports and exits (1 on failure).
export async function runBrowserTest(name, body) {
  let failure = null;
  try {
    await body();
  } catch (err) {
    failure = err;
  } finally {
    const stopped = await cleanup();
    if (!failure && stopped) {
      try {
        check(stopped.code === 0, 'server stopped gracefully on SIGTERM (exit 0)',
          `exit code ${stopped.code}, signal ${stopped.signal}${stopped.timedOut ? ' (killed after 15 s)' : ''}`);
      } catch (err) {
        failure = err;
      }
    }
  }

  for (const n of notes) console.log(`note: ${n}`);
  for (const s of steps) console.log(`  step ${s}`);
  for (const p of passed) console.log(`  ok   ${p}`);
  if (failure) {
    console.error(`\nFAIL: ${failure instanceof CheckFailed ? failure.message : failure.stack || failure}`);
    for (const [who, log] of diagnostics) {
      const t = tail(log());
      if (t) console.error(`\n--- ${who} output (last 40 lines) ---\n${t}`);
    }
    console.error(`\n${name} FAILED after ${passed.length} passing check(s)`);
    process.exit(1);
  }
  console.log(`\n${name} passed: ${passed.length} checks`);
}
