// Browser test for Soporte's home page, language switch, accessibility and CSP.
//
// Plain Node script (no test runner). Run from this directory:
//
//   npm install          # once: playwright-core + axe-core
//   node home.test.mjs   # (npm test runs this and account.test.mjs)
//
// Environment:
//   SOPORTE_BIN                   server binary (default: <repo>/target/debug/soporte)
//   SOPORTE_BROWSER_DATABASE_URL  if set, passed to the server as SOPORTE_DATABASE_URL
//                                 (e.g. to run the same test on PostgreSQL)
//   CHROMIUM_PATH                 browser binary (default: /usr/bin/chromium)
//
// Shared helpers (server, axe, CSP monitor, screenshots, cleanup) live in lib.mjs.
//
// Screenshots go to <repo>/target/browser/. Exits non-zero on any failure.

import {
  axe, check, checkMonitor, eq, h1Text, htmlLang, langButton, launchBrowser, monitor,
  recordCspEvents, runBrowserTest, shot, startServer, switchLanguage,
} from './lib.mjs';

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

// ---------------------------------------------------------------- helpers

async function checkLanguage(page, L, label) {
  eq(await htmlLang(page), L.lang, `${label}: <html lang="${L.lang}">`);
  eq(await h1Text(page), L.h1, `${label}: localized h1`);
  const button = langButton(page);
  eq(await button.count(), 1, `${label}: one language switch button in the header`);
  check(await button.isVisible(), `${label}: language switch is visible`);
  eq((await button.innerText()).trim(), L.switchLabel, `${label}: language switch labelled "${L.switchLabel}"`);
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

await runBrowserTest('home browser test', async () => {
  const base = await startServer();
  const browser = await launchBrowser();
  await spanishHomeAndSwitch(browser, base);
  await englishByAcceptLanguage(browser, base);
  await strictCsp(browser, base);
  await noJavaScript(browser, base);
});
