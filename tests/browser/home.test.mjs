// Browser test for Soporte's home page, language switch, accessibility and CSP.
//
// Plain Node script (no test runner). Run from this directory:
//
//   npm install          # once: playwright-core + axe-core
//   npm test             # or: node home.test.mjs
//
// Environment:
//   SOPORTE_BIN                   server binary (default: <repo>/target/debug/soporte)
//   SOPORTE_BROWSER_DATABASE_URL  if set, passed to the server as SOPORTE_DATABASE_URL
//                                 (e.g. to run the same test on PostgreSQL)
//   CHROMIUM_PATH                 browser binary (default: /usr/bin/chromium)
//
// Screenshots go to <repo>/target/browser/. Exits non-zero on any failure.

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const bin = process.env.SOPORTE_BIN || path.join(repo, 'target', 'debug', 'soporte');
const shotDir = path.join(repo, 'target', 'browser');
const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const ES = {
  lang: 'es-MX',
  h1: '¿Tienes un problema con MxOS? Empieza aquí.',
  switchLabel: 'English',
  notFound: 'Página no encontrada',
  nav: [
    ['/documentacion', 'Documentación'],
    ['/comunidad', 'Comunidad'],
    ['/errores', 'Errores'],
    ['/soporte-profesional', 'Soporte profesional'],
    ['/socios', 'Socios'],
    ['/certificacion', 'Certificación'],
  ],
};
const EN = {
  lang: 'en',
  h1: 'Having a problem with MxOS? Start here.',
  switchLabel: 'Español',
  notFound: 'Page not found',
  communityH1: 'Community',
};

const LAUNCH = {
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

// ---------------------------------------------------------------- helpers

class CheckFailed extends Error {}
const passed = [];
const notes = [];

function check(cond, message, detail) {
  if (!cond) {
    throw new CheckFailed(detail === undefined ? message : `${message}\n  ${detail}`);
  }
  passed.push(message);
}

function eq(actual, expected, message) {
  check(actual === expected, message,
    `expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

function freePort() {
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

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- server

let server = null;        // ChildProcess
let serverExit = null;    // Promise<{code, signal}>
let serverLog = '';
let dataDir = null;

async function startServer() {
  const port = await freePort();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'soporte-browser-'));
  const env = { ...process.env, SOPORTE_BIND: `127.0.0.1:${port}`, SOPORTE_DATA_DIR: dataDir };
  delete env.SOPORTE_DATABASE_URL;
  if (process.env.SOPORTE_BROWSER_DATABASE_URL) {
    env.SOPORTE_DATABASE_URL = process.env.SOPORTE_BROWSER_DATABASE_URL;
  }
  server = spawn(bin, ['serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const append = (chunk) => {
    serverLog += chunk.toString();
    if (serverLog.length > 200_000) serverLog = serverLog.slice(-100_000);
  };
  server.stdout.on('data', append);
  server.stderr.on('data', append);
  serverExit = new Promise((resolve) => {
    server.on('exit', (code, signal) => resolve({ code, signal }));
    server.on('error', (err) => {
      append(`spawn error: ${err.message}\n`);
      resolve({ code: null, signal: null, error: err });
    });
  });

  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  let exited = null;
  serverExit.then((e) => { exited = e; });
  while (Date.now() < deadline) {
    if (exited) {
      throw new CheckFailed(`server exited before becoming ready (code ${exited.code}, signal ${exited.signal})`
        + (exited.error ? `: ${exited.error.message}` : ''));
    }
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.status === 200) {
        check(true, `server started (${path.relative(repo, bin) || bin}) at ${base}, /healthz 200`);
        return base;
      }
    } catch { /* not listening yet */ }
    await sleep(100);
  }
  throw new CheckFailed(`server did not answer 200 on ${base}/healthz within 60 s`);
}

async function stopServer() {
  if (!server) return null;
  let result = null;
  if (server.exitCode === null && server.signalCode === null) {
    server.kill('SIGTERM');
    result = await Promise.race([serverExit, sleep(15_000).then(() => null)]);
    if (!result) {
      server.kill('SIGKILL');
      await serverExit;
      result = { code: null, signal: 'SIGKILL', timedOut: true };
    }
  } else {
    result = await serverExit;
  }
  server = null;
  return result;
}

// ---------------------------------------------------------------- page checks

// Records CSP violations, page errors and console errors for every page of a context.
function monitor(context, name) {
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
async function recordCspEvents(context) {
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`
        + (e.sample ? ` sample=${JSON.stringify(e.sample)}` : ''));
    });
  });
}

async function checkMonitor(m, { consoleErrorsAllowed = false } = {}) {
  check(m.csp.length === 0, `${m.name}: no Content-Security-Policy violations`, m.csp.join('\n  '));
  check(m.pageErrors.length === 0, `${m.name}: no page errors`, m.pageErrors.join('\n  '));
  if (!consoleErrorsAllowed) {
    check(m.consoleErrors.length === 0, `${m.name}: no console errors`, m.consoleErrors.join('\n  '));
  }
}

// Injects axe-core with page.evaluate (DevTools evaluation is not subject to the
// page's CSP, so the server's policy stays untouched) and fails on any violation.
async function axe(page, label) {
  const loaded = await page.evaluate(`${AXE_SOURCE}\n;typeof window.axe`);
  if (loaded !== 'object') throw new CheckFailed(`${label}: axe-core did not load (typeof axe = ${loaded})`);
  const r = await page.evaluate(async (tags) => {
    const res = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations', 'incomplete'],
    });
    return {
      violations: res.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html, summary: n.failureSummary })),
      })),
      incomplete: res.incomplete.map((v) => `${v.id} (${v.nodes.length})`),
    };
  }, AXE_TAGS);
  if (r.incomplete.length) notes.push(`${label}: axe needs manual review for ${r.incomplete.join(', ')}`);
  const detail = r.violations.map((v) =>
    `[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n`
    + v.nodes.map((n) => `      at ${n.target}\n        ${n.html}\n        ${(n.summary || '').replace(/\n/g, '\n        ')}`).join('\n'),
  ).join('\n  ');
  check(r.violations.length === 0,
    `${label}: axe (${AXE_TAGS.join(', ')}) reports no violations`,
    `${r.violations.length} violation(s):\n  ${detail}`);
}

const htmlLang = (page) => page.locator('html').getAttribute('lang');
const h1Text = async (page) => (await page.locator('main h1').innerText()).trim();
const langButton = (page) => page.locator('header form[action="/idioma"] button[type="submit"][name="lang"]');

async function checkLanguage(page, L, label) {
  eq(await htmlLang(page), L.lang, `${label}: <html lang="${L.lang}">`);
  eq(await h1Text(page), L.h1, `${label}: localized h1`);
  const button = langButton(page);
  eq(await button.count(), 1, `${label}: one language switch button in the header`);
  check(await button.isVisible(), `${label}: language switch is visible`);
  eq((await button.innerText()).trim(), L.switchLabel, `${label}: language switch labelled "${L.switchLabel}"`);
}

// Clicks the language switch and waits for the redirected page in the new language.
async function switchLanguage(page, to) {
  const [post] = await Promise.all([
    page.waitForResponse((res) => new URL(res.url()).pathname === '/idioma' && res.request().method() === 'POST'),
    langButton(page).click(),
  ]);
  await page.waitForSelector(`html[lang="${to.lang}"]`, { state: 'attached' });
  await page.waitForLoadState('load');
  return post;
}

async function shot(page, name) {
  mkdirSync(shotDir, { recursive: true });
  const file = path.join(shotDir, name);
  await page.screenshot({ path: file, fullPage: true });
  check(true, `screenshot ${path.relative(repo, file)}`);
}

// ---------------------------------------------------------------- scenarios

async function spanishHomeAndSwitch(browser, base) {
  const context = await browser.newContext({ locale: 'es-MX', baseURL: base });
  context.setDefaultTimeout(15_000);
  const mon = monitor(context, 'es-MX');
  const page = await context.newPage();

  const res = await page.goto('/');
  eq(res.status(), 200, 'es-MX: GET / is 200');
  await checkLanguage(page, ES, 'es-MX home');
  const nav = await page.locator('header nav a').evaluateAll((as) =>
    as.map((a) => [a.getAttribute('href'), a.textContent.trim()]));
  check(JSON.stringify(nav) === JSON.stringify(ES.nav), 'es-MX home: nav links Documentación … Certificación',
    `got ${JSON.stringify(nav)}`);
  eq(await page.locator('header nav a[aria-current]').count(), 0, 'es-MX home: no nav link marked current');
  await axe(page, 'es-MX home');
  await shot(page, 'home-es.png');

  // Localized 404 (before switching, so it is still Spanish).
  const nf = await page.goto('/no-existe');
  eq(nf.status(), 404, 'es-MX: GET /no-existe is 404');
  eq(await htmlLang(page), ES.lang, 'es-MX 404: <html lang="es-MX">');
  eq(await h1Text(page), ES.notFound, 'es-MX 404: heading "Página no encontrada"');
  await axe(page, 'es-MX 404');

  // Back home, then switch to English.
  await page.goto('/');
  const post = await switchLanguage(page, EN);
  check(post.status() >= 300 && post.status() < 400, 'es-MX: POST /idioma redirects', `status ${post.status()}`);
  eq(new URL(page.url()).pathname, '/', 'after switch: URL is still /');
  await checkLanguage(page, EN, 'after switch to English');
  const cookie = (await context.cookies()).find((c) => c.name === 'lang');
  eq(cookie && cookie.value, 'en', 'after switch: lang cookie is "en"');
  await axe(page, 'English home (after switch)');
  await shot(page, 'home-en.png');

  await page.goto('/');
  eq(await htmlLang(page), EN.lang, 'after switch: reloading / stays English (cookie beats Accept-Language)');

  // The 404 navigation logs "Failed to load resource: 404" by design.
  await checkMonitor(mon, { consoleErrorsAllowed: true });
  await context.close();
}

async function englishByAcceptLanguage(browser, base) {
  const context = await browser.newContext({ locale: 'en-US', baseURL: base });
  context.setDefaultTimeout(15_000);
  const mon = monitor(context, 'en-US');
  const page = await context.newPage();

  const res = await page.goto('/');
  eq(res.status(), 200, 'en-US: GET / is 200');
  await checkLanguage(page, EN, 'en-US home (Accept-Language)');

  // Navigate through the nav link.
  const link = page.locator('header nav a[href="/comunidad"]');
  await Promise.all([page.waitForURL('**/comunidad'), link.click()]);
  eq(new URL(page.url()).pathname, '/comunidad', 'en-US: nav link leads to /comunidad');
  eq(await page.locator('header nav a[href="/comunidad"]').getAttribute('aria-current'), 'page',
    '/comunidad: its nav link has aria-current="page"');
  eq(await page.locator('header nav a[aria-current]').count(), 1, '/comunidad: only one nav link is current');
  eq(await h1Text(page), EN.communityH1, '/comunidad: heading "Community"');
  await axe(page, '/comunidad (en)');

  const nf = await page.goto('/no-existe');
  eq(nf.status(), 404, 'en-US: GET /no-existe is 404');
  eq(await htmlLang(page), EN.lang, 'en-US 404: <html lang="en">');
  eq(await h1Text(page), EN.notFound, 'en-US 404: heading "Page not found"');
  await axe(page, 'en-US 404');

  await checkMonitor(mon, { consoleErrorsAllowed: true });
  await context.close();
}

async function strictCsp(browser, base) {
  // No bypassCSP: the page runs under the server's real policy.
  const context = await browser.newContext({ locale: 'es-MX', baseURL: base });
  context.setDefaultTimeout(15_000);
  const mon = monitor(context, 'CSP (no bypass)');
  await recordCspEvents(context);
  const page = await context.newPage();
  const failed = [];
  const bad = [];
  page.on('requestfailed', (req) => failed.push(`${req.method()} ${req.url()}: ${req.failure()?.errorText}`));
  page.on('response', (r) => { if (r.status() >= 400) bad.push(`${r.status()} ${r.url()}`); });

  const cssResponse = page.waitForResponse((r) => /\.css(\?|$)/.test(new URL(r.url()).pathname));
  const res = await page.goto('/', { waitUntil: 'load' });
  eq(res.status(), 200, 'CSP: GET / is 200');
  const csp = res.headers()['content-security-policy'] || '';
  check(csp.length > 0, 'CSP: Content-Security-Policy header present');
  const scriptSrc = (csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src'))
    || csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('default-src')) || '');
  check(scriptSrc && !/'unsafe-inline'|'unsafe-eval'/.test(scriptSrc),
    'CSP: script policy allows neither inline script nor eval', `policy: ${csp}`);

  const css = await cssResponse;
  eq(css.status(), 200, 'CSP: stylesheet served with 200');
  check(/text\/css/.test(css.headers()['content-type'] || ''), 'CSP: stylesheet has Content-Type text/css',
    `got ${css.headers()['content-type']}`);
  await page.waitForLoadState('networkidle');

  const bg = await page.locator('header.site-header').evaluate((el) => getComputedStyle(el).backgroundColor);
  check(bg && bg !== 'transparent' && !/^rgba\(\s*0,\s*0,\s*0,\s*0\s*\)$/.test(bg),
    `CSP: stylesheet applied (header background ${bg})`, `header background is ${bg}`);

  const events = await page.evaluate(() => window.__cspViolations || null);
  check(Array.isArray(events), 'CSP: violation recorder was installed');
  check(events.length === 0, 'CSP: no securitypolicyviolation events', events.join('\n  '));
  check(failed.length === 0, 'CSP: no failed requests', failed.join('\n  '));
  check(bad.length === 0, 'CSP: no HTTP error responses', bad.join('\n  '));
  await checkMonitor(mon);
  await context.close();
}

async function noJavaScript(browser, base) {
  const context = await browser.newContext({ locale: 'es-MX', baseURL: base, javaScriptEnabled: false });
  context.setDefaultTimeout(15_000);
  const mon = monitor(context, 'no-JS');
  const page = await context.newPage();

  await page.goto('/');
  await checkLanguage(page, ES, 'no-JS home');
  await switchLanguage(page, EN);
  eq(new URL(page.url()).pathname, '/', 'no-JS after switch: URL is still /');
  await checkLanguage(page, EN, 'no-JS after switch to English');
  await switchLanguage(page, ES);
  await checkLanguage(page, ES, 'no-JS after switch back to Español');
  await checkMonitor(mon);
  await context.close();
}

// ---------------------------------------------------------------- main

let browser = null;
let failure = null;

async function cleanup() {
  if (browser) {
    try { await browser.close(); } catch { /* already gone */ }
    browser = null;
  }
  const stopped = await stopServer();
  if (dataDir) {
    try { rmSync(dataDir, { recursive: true, force: true }); } catch { /* best effort */ }
    dataDir = null;
  }
  return stopped;
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    if (server) server.kill('SIGKILL');
    process.exit(130);
  });
}

try {
  const base = await startServer();
  browser = await chromium.launch(LAUNCH);
  check(true, `chromium ${browser.version()} launched`);
  await spanishHomeAndSwitch(browser, base);
  await englishByAcceptLanguage(browser, base);
  await strictCsp(browser, base);
  await noJavaScript(browser, base);
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
if (failure) {
  for (const p of passed) console.log(`  ok   ${p}`);
  console.error(`\nFAIL: ${failure instanceof CheckFailed ? failure.message : failure.stack || failure}`);
  const tail = serverLog.trim().split('\n').slice(-40).join('\n');
  if (tail) console.error(`\n--- server output (last 40 lines) ---\n${tail}`);
  console.error(`\nbrowser test FAILED after ${passed.length} passing check(s)`);
  process.exit(1);
} else {
  for (const p of passed) console.log(`  ok   ${p}`);
  console.log(`\nbrowser test passed: ${passed.length} checks`);
}
