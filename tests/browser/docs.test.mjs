// Browser test for Soporte's documentation: the collections, a collection's contents,
// articles (table of contents with working anchors, breadcrumbs, previous/next, a
// Markdown table), the history, the English view (English articles, and the Spanish
// fallback with its note), and the staff's writing: sign in, edit an article (the new
// paragraph shows, the history grows to two revisions) and add a new one (it goes to
// the end of the collection and renders its heading and code block). axe-core on every
// kind of page; CSP and console watched throughout.
//
// Plain Node script (no test runner). Run from this directory:
//
//   npm install         # once: playwright-core + axe-core
//   node docs.test.mjs  # (npm test runs home.test.mjs, account.test.mjs, then this)
//
// Environment: SOPORTE_BIN, SOPORTE_BROWSER_DATABASE_URL and CHROMIUM_PATH, see lib.mjs.
// The server is started with `soporte demo` (same settings as `serve`), which loads the
// demo people and articles once into the fresh database; on PostgreSQL give it a new,
// empty database each run.
//
// Screenshots go to <repo>/target/browser/docs-*.png. Exits non-zero on any failure.

import {
  axe, check, checkMonitor, eq, h1Text, htmlLang, launchBrowser, monitor,
  recordCspEvents, runBrowserTest, serverStdout, shot, startServer,
} from './lib.mjs';

const STAFF = {
  email: 'equipo@fundacion.mxos.mx',
  password: 'mxos demo en mérida',
  name: 'Equipo de la Fundación MxOS',
};

const DOCS = '/documentacion';
const USER_GUIDE = `${DOCS}/guia-de-usuario`;
const ADMIN_GUIDE = `${DOCS}/guia-de-administrador`;
const FIRST = { title: 'Primeros pasos con MxOS', path: `${USER_GUIDE}/primeros-pasos-con-mxos` };
const SECOND = { title: 'Conectarse a una red inalámbrica', path: `${USER_GUIDE}/conectarse-a-una-red-inalambrica` };

const ES = {
  lang: 'es-MX',
  docsH1: 'Documentación',
  // [name, href, count] of each card, in order, as the demo leaves them.
  cards: [
    ['Guía de usuario', USER_GUIDE, '2 artículos'],
    ['Guía de administrador', ADMIN_GUIDE, '1 artículo'],
    ['Manuales técnicos', `${DOCS}/manuales-tecnicos`, '2 artículos'],
    ['Preguntas frecuentes', `${DOCS}/preguntas-frecuentes`, '1 artículo'],
    ['Base de conocimiento', `${DOCS}/base-de-conocimiento`, '0 artículos'],
  ],
  userGuide: 'Guía de usuario',
  crumbsLabel: 'Ruta',
  home: 'Inicio',
  toc: 'En esta página',
  // [text, id] of the first article's table of contents.
  tocEntries: [
    ['Antes de instalar', 'antes-de-instalar'],
    ['Instalación', 'instalacion'],
    ['Después de instalar', 'despues-de-instalar'],
  ],
  history: 'Historial',
  historyH1: `Historial de «${FIRST.title}»`,
  backToArticle: 'Volver al artículo',
  edit: 'Editar',
  newArticle: 'Nuevo artículo',
  editH1: 'Editar artículo',
  fieldTitle: 'Título',
  fieldBody: 'Texto',
  fieldSummary: 'Resumen del cambio (opcional)',
  save: 'Guardar',
  signInH1: 'Entrar',
  fieldEmail: 'Correo electrónico',
  fieldPassword: 'Contraseña',
  signInSubmit: 'Entrar',
};
const EN = {
  lang: 'en',
  docsH1: 'Documentation',
  userGuide: 'User guide',
  userGuideCount: '1 article',
  adminGuide: 'Administrator guide',
  english: { title: 'Getting started with MxOS', path: `${USER_GUIDE}/getting-started-with-mxos` },
  notInEnglish: 'This content is not in English yet; it is shown in Spanish.',
  spanishOnly: { title: 'Respaldos automáticos', path: `${ADMIN_GUIDE}/respaldos-automaticos` },
};

// What the staff writes.
const ADDED_PARAGRAPH = 'Si algo no sale como esperabas, pregunta en la Comunidad: ahí te ayudamos.';
const EDIT_SUMMARY = 'Dónde pedir ayuda';
const NEW_ARTICLE = {
  title: 'Atajos de teclado',
  path: `${USER_GUIDE}/atajos-de-teclado`,
  body: 'Los atajos de teclado ahorran tiempo.\n\n## Sección uno\n\nAbre una terminal nueva:\n\n'
    + '```sh\nmxos-terminal --nueva-ventana\n```\n',
  code: 'mxos-terminal --nueva-ventana',
};

// ---------------------------------------------------------------- helpers

const main = (page) => page.locator('main');
const pathOf = (page) => new URL(page.url()).pathname;
const prose = (page) => main(page).locator('article .prose');

async function expectH1(page, text, label) {
  // Wait for the new document's heading, then compare exactly.
  await page.locator('main h1').filter({ hasText: text }).first().waitFor();
  eq(await h1Text(page), text, `${label}: h1 "${text}"`);
}

// Follows a link and waits for the page it leads to (`to`: the expected path).
async function follow(page, link, to) {
  await Promise.all([page.waitForURL((url) => url.pathname === to), link.click()]);
  await page.waitForLoadState('load');
  eq(pathOf(page), to, `the link leads to ${to}`);
}

// Clicks a form's submit button and waits for the browser's POST to `action`
// (a navigation) and the document it leads to. Returns the POST's response.
async function submit(page, button, action) {
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'
      && r.request().isNavigationRequest() && new URL(r.url()).pathname === action),
    button.click(),
  ]);
  await page.waitForLoadState('load');
  return res;
}

// [href, text] of each link in `locator`.
const links = (locator) => locator.evaluateAll((as) =>
  as.map((a) => [a.getAttribute('href'), a.textContent.trim()]));

async function expectLinks(locator, expected, message) {
  const got = await links(locator);
  check(JSON.stringify(got) === JSON.stringify(expected), message,
    `expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`);
}

const crumbs = (page) => main(page).getByRole('navigation', { name: ES.crumbsLabel, exact: true });

async function expectCrumbs(page, trail, label) {
  const nav = crumbs(page);
  eq(await nav.count(), 1, `${label}: one breadcrumbs nav (aria-label "${ES.crumbsLabel}")`);
  await expectLinks(nav.locator('ol > li > a'), trail,
    `${label}: breadcrumbs ${trail.map(([, text]) => text).join(' › ')}`);
}

async function expectDocsNavCurrent(page, label) {
  eq(await page.locator(`header nav a[href="${DOCS}"]`).getAttribute('aria-current'), 'page',
    `${label}: the header's documentation link has aria-current="page"`);
}

// The <tr> cells of the history table's body, as text.
const historyRows = (page) => main(page).locator('table tbody tr').evaluateAll((trs) =>
  trs.map((tr) => [...tr.cells].map((td) => td.textContent.trim())));

async function pageCsp(page, label) {
  const events = await page.evaluate(() => window.__cspViolations || null);
  check(Array.isArray(events) && events.length === 0, `${label}: no securitypolicyviolation events (last page)`,
    JSON.stringify(events));
}

// ---------------------------------------------------------------- scenarios

// `soporte demo` says which accounts it made and their password.
function demoAnnounced() {
  const out = serverStdout();
  const line = out.split('\n').find((l) => l.includes(STAFF.email)) || '';
  check(line.startsWith('Cuentas de demostración:') || line.startsWith('Demo accounts:'),
    'soporte demo printed the demo accounts on stdout', `stdout: ${JSON.stringify(out.slice(0, 600))}`);
  check(line.includes(STAFF.password), `… with their password "${STAFF.password}"`, `line: ${JSON.stringify(line)}`);
}

// 1. Reading in Spanish as a visitor: collections, contents, articles, history.
async function readingInSpanish(browser, base) {
  const context = await browser.newContext({ locale: 'es-MX', baseURL: base });
  context.setDefaultTimeout(15_000);
  const mon = monitor(context, 'reading (es-MX)');
  await recordCspEvents(context);
  const page = await context.newPage();

  // The collections.
  const res = await page.goto(DOCS);
  eq(res.status(), 200, `GET ${DOCS} is 200`);
  eq(await htmlLang(page), ES.lang, `${DOCS}: <html lang="es-MX">`);
  await expectH1(page, ES.docsH1, DOCS);
  await expectDocsNavCurrent(page, DOCS);
  const cards = await main(page).locator('ul.cards > li').evaluateAll((lis) => lis.map((li) => {
    const a = li.querySelector('h2 > a');
    return [a && a.textContent.trim(), a && a.getAttribute('href'), li.querySelector('p.meta')?.textContent.trim()];
  }));
  check(JSON.stringify(cards) === JSON.stringify(ES.cards),
    `${DOCS}: five collection cards (h2 links) with their article counts`,
    `expected ${JSON.stringify(ES.cards)}, got ${JSON.stringify(cards)}`);
  await axe(page, `${DOCS} (es-MX)`);
  await shot(page, 'docs-index.png');

  // A collection.
  await follow(page, main(page).locator('ul.cards h2').getByRole('link', { name: ES.userGuide, exact: true }), USER_GUIDE);
  await expectH1(page, ES.userGuide, 'user guide');
  await expectCrumbs(page, [['/', ES.home], [DOCS, ES.docsH1]], 'user guide');
  await expectDocsNavCurrent(page, 'user guide');
  await expectLinks(main(page).locator('ol.contents > li > a'),
    [[FIRST.path, FIRST.title], [SECOND.path, SECOND.title]],
    'user guide: an ordered list of the two demo articles, in order');
  eq(await main(page).getByRole('link', { name: ES.newArticle, exact: true }).count(), 0,
    `user guide, visitor: no "${ES.newArticle}" link`);
  await axe(page, 'collection page (es-MX)');
  await shot(page, 'docs-collection.png');

  // The first article.
  await follow(page, main(page).locator('ol.contents').getByRole('link', { name: FIRST.title, exact: true }), FIRST.path);
  await expectH1(page, FIRST.title, 'first article');
  eq(await main(page).locator('article').getAttribute('lang'), ES.lang, 'first article: <article lang="es-MX">');
  await expectCrumbs(page, [['/', ES.home], [DOCS, ES.docsH1], [USER_GUIDE, ES.userGuide]], 'first article');
  eq(await main(page).locator('p.notice').count(), 0, 'first article: no other-language note');
  eq(await prose(page).locator('strong').filter({ hasText: 'Configuración' }).count(), 1,
    'first article: Markdown **bold** renders as <strong>');
  eq(await prose(page).locator('ol > li').count(), 3, 'first article: the numbered steps render as an <ol> of 3');

  const toc = main(page).getByRole('navigation', { name: ES.toc, exact: true });
  eq(await toc.count(), 1, `first article: a "${ES.toc}" nav`);
  await expectLinks(toc.locator('a'), ES.tocEntries.map(([text, id]) => [`#${id}`, text]),
    `first article: "${ES.toc}" links to ${ES.tocEntries.map(([, id]) => `#${id}`).join(', ')}`);
  for (const [text, id] of ES.tocEntries) {
    eq((await prose(page).locator(`h2[id="${id}"]`).innerText()).trim(), text,
      `first article: the h2 #${id} exists ("${text}")`);
  }

  // The pager: only "next" on the first article.
  const next = main(page).locator('a[rel="next"]');
  eq(await next.count(), 1, 'first article: one rel=next link');
  eq(await next.getAttribute('href'), SECOND.path, 'first article: rel=next links to the second article');
  check((await next.innerText()).includes(SECOND.title), `first article: rel=next says "${SECOND.title}"`,
    await next.innerText());
  eq(await main(page).locator('a[rel="prev"]').count(), 0, 'first article: no rel=prev link');
  eq(await main(page).getByRole('link', { name: ES.edit, exact: true }).count(), 0,
    `first article, visitor: no "${ES.edit}" link`);
  await axe(page, 'article page (es-MX)');
  await shot(page, 'docs-article.png');

  // The table of contents moves to its anchors. A short window, so that the last
  // heading starts below the fold and the jump has to scroll.
  await page.setViewportSize({ width: 1000, height: 420 });
  await page.evaluate(() => window.scrollTo(0, 0));
  for (const [text, id] of [...ES.tocEntries].reverse()) {
    const before = await page.evaluate((i) => ({
      top: document.getElementById(i).getBoundingClientRect().top, innerHeight, scrollY,
    }), id);
    await toc.getByRole('link', { name: text, exact: true }).click();
    await page.waitForURL((url) => url.hash === `#${id}`);
    eq(new URL(page.url()).hash, `#${id}`, `table of contents: "${text}" sets the URL to #${id}`);
    const after = await page.evaluate(() => {
      const t = document.querySelector(':target');
      const r = t && t.getBoundingClientRect();
      return { id: t && t.id, tag: t && t.tagName, top: r && r.top, bottom: r && r.bottom, innerHeight, scrollY };
    });
    eq(`${after.tag}#${after.id}`, `H2#${id}`, `table of contents: "${text}" targets its h2 (:target)`);
    check(after.top >= -1 && after.bottom <= after.innerHeight + 1, `table of contents: the h2 #${id} is in view`,
      JSON.stringify(after));
    if (before.top > before.innerHeight) {
      check(after.scrollY > before.scrollY, `table of contents: "${text}" scrolled down to the heading`,
        `before ${JSON.stringify(before)}, after ${JSON.stringify(after)}`);
    }
  }
  await page.setViewportSize({ width: 1280, height: 720 });

  // The history.
  const historyLink = main(page).getByRole('link', { name: ES.history, exact: true });
  eq(await historyLink.getAttribute('href'), `${FIRST.path}/historial`, `first article: "${ES.history}" links to …/historial`);
  await follow(page, historyLink, `${FIRST.path}/historial`);
  await expectH1(page, ES.historyH1, 'history');
  await expectCrumbs(page, [['/', ES.home], [DOCS, ES.docsH1], [USER_GUIDE, ES.userGuide]], 'history');
  const rows = await historyRows(page);
  eq(rows.length, 1, 'history: one revision');
  eq(rows[0][0], '1', 'history: it is revision 1');
  eq(rows[0][2], STAFF.name, `history: revision 1 by "${STAFF.name}"`);
  check(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/.test(rows[0][1]), 'history: revision 1 has a UTC time',
    JSON.stringify(rows[0]));
  eq(await main(page).locator('table caption').count(), 1, 'history: the table has a caption');
  await axe(page, 'history page (es-MX)');
  await shot(page, 'docs-history.png');

  // Back to the article, then on to the next one.
  await follow(page, main(page).getByRole('link', { name: ES.backToArticle, exact: true }), FIRST.path);
  await follow(page, main(page).locator('a[rel="next"]'), SECOND.path);
  await expectH1(page, SECOND.title, 'second article');
  const table = prose(page).locator('table');
  eq(await table.count(), 1, 'second article: the Markdown table renders as a <table>');
  const head = (await table.locator('thead th').allInnerTexts()).map((t) => t.trim());
  eq(JSON.stringify(head), JSON.stringify(['Síntoma', 'Qué revisar']), 'second article: table header Síntoma | Qué revisar');
  eq(await table.locator('tbody tr').count(), 2, 'second article: the table has two rows');
  const prev = main(page).locator('a[rel="prev"]');
  eq(await prev.count(), 1, 'second article: one rel=prev link');
  eq(await prev.getAttribute('href'), FIRST.path, 'second article: rel=prev links to the first article');
  check((await prev.innerText()).includes(FIRST.title), `second article: rel=prev says "${FIRST.title}"`);
  eq(await main(page).locator('a[rel="next"]').count(), 0, 'second article: no rel=next (last of the collection)');
  await axe(page, 'article page with a table (es-MX)');
  await shot(page, 'docs-article-table.png');

  await pageCsp(page, 'reading (es-MX)');
  await checkMonitor(mon);
  await context.close();
}

// 2. Reading in English (Accept-Language): English articles, and the Spanish ones with a
// note where nothing is in English yet.
async function readingInEnglish(browser, base) {
  const context = await browser.newContext({ locale: 'en-US', baseURL: base });
  context.setDefaultTimeout(15_000);
  const mon = monitor(context, 'reading (en-US)');
  await recordCspEvents(context);
  const page = await context.newPage();

  eq((await page.goto(DOCS)).status(), 200, `en-US: GET ${DOCS} is 200`);
  eq(await htmlLang(page), EN.lang, `en-US ${DOCS}: <html lang="en">`);
  await expectH1(page, EN.docsH1, `en-US ${DOCS}`);
  const card = main(page).locator('ul.cards > li').filter({ has: page.getByRole('link', { name: EN.userGuide, exact: true }) });
  eq((await card.locator('p.meta').innerText()).trim(), EN.userGuideCount,
    `en-US ${DOCS}: "${EN.userGuide}" counts the English articles ("${EN.userGuideCount}")`);

  await page.goto(USER_GUIDE);
  await expectH1(page, EN.userGuide, 'en-US user guide');
  await expectLinks(main(page).locator('ol.contents > li > a'), [[EN.english.path, EN.english.title]],
    `en-US user guide: lists the English article "${EN.english.title}" only`);
  eq(await main(page).locator('p.notice').count(), 0, 'en-US user guide: no other-language note');
  await follow(page, main(page).getByRole('link', { name: EN.english.title, exact: true }), EN.english.path);
  await expectH1(page, EN.english.title, 'en-US English article');
  eq(await main(page).locator('article').getAttribute('lang'), EN.lang, 'en-US English article: <article lang="en">');

  await page.goto(ADMIN_GUIDE);
  await expectH1(page, EN.adminGuide, 'en-US administrator guide');
  eq((await main(page).locator('p.notice').innerText()).trim(), EN.notInEnglish,
    `en-US administrator guide: note "${EN.notInEnglish}"`);
  await expectLinks(main(page).locator('ol.contents > li > a'), [[EN.spanishOnly.path, EN.spanishOnly.title]],
    `en-US administrator guide: lists "${EN.spanishOnly.title}" (Spanish)`);
  await axe(page, 'collection page in the other language (en)');
  await shot(page, 'docs-collection-en-fallback.png');

  await follow(page, main(page).getByRole('link', { name: EN.spanishOnly.title, exact: true }), EN.spanishOnly.path);
  await expectH1(page, EN.spanishOnly.title, 'en-US Spanish-only article');
  eq(await htmlLang(page), EN.lang, 'en-US Spanish-only article: the page stays <html lang="en">');
  eq(await main(page).locator('article').getAttribute('lang'), ES.lang,
    'en-US Spanish-only article: <article lang="es-MX"> marks the Spanish text');
  eq((await main(page).locator('p.notice').innerText()).trim(), EN.notInEnglish,
    'en-US Spanish-only article: the same note');
  check((await prose(page).locator('pre code').innerText()).includes('mxos-respaldo programar'),
    'en-US Spanish-only article: its code block renders in <pre><code>');
  await axe(page, 'article page in the other language (en)');
  await shot(page, 'docs-article-en-fallback.png');

  await pageCsp(page, 'reading (en-US)');
  await checkMonitor(mon);
  await context.close();
}

// 3. The staff writes: sign in (via the edit link's redirect), edit an article, check
// the history, add a new article.
async function staffWriting(browser, base) {
  const context = await browser.newContext({ locale: 'es-MX', baseURL: base });
  context.setDefaultTimeout(15_000);
  const mon = monitor(context, 'writing (staff)');
  await recordCspEvents(context);
  const page = await context.newPage();
  const editPath = `${FIRST.path}/editar`;

  // Signed out, the edit form sends you to sign in first, and back afterwards.
  await page.goto(editPath);
  eq(pathOf(page), '/cuenta/entrar', `visitor: ${editPath} redirects to /cuenta/entrar`);
  eq(new URL(page.url()).searchParams.get('siguiente'), editPath, `visitor: …?siguiente=${editPath}`);
  await expectH1(page, ES.signInH1, 'sign-in');
  const form = main(page);
  await form.getByLabel(ES.fieldEmail, { exact: true }).fill(STAFF.email);
  await form.getByLabel(ES.fieldPassword, { exact: true }).fill(STAFF.password);
  const signedIn = await submit(page, form.getByRole('button', { name: ES.signInSubmit, exact: true }), '/cuenta/entrar');
  eq(signedIn.status(), 303, 'staff sign-in: POST /cuenta/entrar redirects (303)');
  await page.waitForURL((url) => url.pathname === editPath);
  eq(pathOf(page), editPath, `staff sign-in: back on ${editPath}`);
  await expectH1(page, ES.editH1, 'edit form after signing in');
  eq(await page.locator('header .account').getByRole('link', { name: STAFF.name, exact: true }).count(), 1,
    `header: a link "${STAFF.name}" (signed in)`);

  // The article now offers "Editar".
  await page.goto(FIRST.path);
  await expectH1(page, FIRST.title, 'first article, staff');
  const editLink = main(page).getByRole('link', { name: ES.edit, exact: true });
  eq(await editLink.getAttribute('href'), editPath, `first article, staff: "${ES.edit}" links to …/editar`);
  await follow(page, editLink, editPath);
  await expectH1(page, ES.editH1, 'edit form');
  await expectCrumbs(page, [['/', ES.home], [DOCS, ES.docsH1], [USER_GUIDE, ES.userGuide]], 'edit form');
  const title = main(page).getByLabel(ES.fieldTitle, { exact: true });
  const body = main(page).getByLabel(ES.fieldBody, { exact: true });
  const summary = main(page).getByLabel(ES.fieldSummary, { exact: true });
  eq(await title.inputValue(), FIRST.title, `edit form: "${ES.fieldTitle}" holds the title`);
  const oldBody = await body.inputValue();
  check(oldBody.startsWith('MxOS es un sistema operativo') && oldBody.includes('## Instalación'),
    `edit form: "${ES.fieldBody}" holds the Markdown text`, JSON.stringify(oldBody.slice(0, 80)));
  eq(await body.evaluate((el) => el.tagName), 'TEXTAREA', `edit form: "${ES.fieldBody}" is a <textarea>`);
  const hintId = await body.getAttribute('aria-describedby');
  check(Boolean(hintId) && (await page.locator(`[id="${hintId}"]`).innerText()).includes('Markdown'),
    `edit form: "${ES.fieldBody}" is described by the Markdown hint`, `aria-describedby=${hintId}`);
  eq(await summary.inputValue(), '', `edit form: "${ES.fieldSummary}" starts empty`);
  const save = main(page).getByRole('button', { name: ES.save, exact: true });
  eq(await save.count(), 1, `edit form: a "${ES.save}" button`);
  await axe(page, 'edit form (es-MX)');
  await shot(page, 'docs-edit.png');

  // Append a paragraph and save.
  await body.fill(`${oldBody.trimEnd()}\n\n${ADDED_PARAGRAPH}\n`);
  await summary.fill(EDIT_SUMMARY);
  const saved = await submit(page, save, editPath);
  eq(saved.status(), 303, `edit: POST ${editPath} redirects (303)`);
  await page.waitForURL((url) => url.pathname === FIRST.path);
  eq(pathOf(page), FIRST.path, 'edit: back on the article');
  await expectH1(page, FIRST.title, 'edited article');
  const added = prose(page).locator('p').filter({ hasText: ADDED_PARAGRAPH });
  eq(await added.count(), 1, 'edited article: the new paragraph is there');
  check(await added.isVisible(), 'edited article: the new paragraph is visible');
  eq(await main(page).getByRole('navigation', { name: ES.toc, exact: true }).locator('a').count(), 3,
    'edited article: the table of contents is unchanged');
  await shot(page, 'docs-article-edited.png');

  // Two revisions now, newest first, both by the staff account.
  await follow(page, main(page).getByRole('link', { name: ES.history, exact: true }), `${FIRST.path}/historial`);
  await expectH1(page, ES.historyH1, 'history after the edit');
  const rows = await historyRows(page);
  eq(rows.length, 2, 'history after the edit: two revisions');
  eq(JSON.stringify(rows.map((r) => r[0])), JSON.stringify(['2', '1']), 'history after the edit: revisions 2 then 1 (newest first)');
  check(rows.every((r) => r[2] === STAFF.name), `history after the edit: both by "${STAFF.name}"`, JSON.stringify(rows));
  eq(rows[0][3], EDIT_SUMMARY, `history after the edit: revision 2's summary "${EDIT_SUMMARY}"`);
  await axe(page, 'history page with two revisions (es-MX)');
  await shot(page, 'docs-history-2.png');

  // A new article at the end of the user guide.
  await page.goto(USER_GUIDE);
  const newLink = main(page).getByRole('link', { name: ES.newArticle, exact: true });
  eq(await newLink.getAttribute('href'), `${USER_GUIDE}/nuevo`, `user guide, staff: "${ES.newArticle}" links to …/nuevo`);
  await follow(page, newLink, `${USER_GUIDE}/nuevo`);
  await expectH1(page, ES.newArticle, 'new-article form');
  await expectCrumbs(page, [['/', ES.home], [DOCS, ES.docsH1], [USER_GUIDE, ES.userGuide]], 'new-article form');
  const newTitle = main(page).getByLabel(ES.fieldTitle, { exact: true });
  const newBody = main(page).getByLabel(ES.fieldBody, { exact: true });
  eq(await newTitle.inputValue(), '', `new-article form: "${ES.fieldTitle}" starts empty`);
  eq(await newBody.inputValue(), '', `new-article form: "${ES.fieldBody}" starts empty`);
  await axe(page, 'new-article form (es-MX)');
  await shot(page, 'docs-new.png');

  await newTitle.fill(NEW_ARTICLE.title);
  await newBody.fill(NEW_ARTICLE.body);
  const created = await submit(page, main(page).getByRole('button', { name: ES.save, exact: true }), `${USER_GUIDE}/nuevo`);
  eq(created.status(), 303, `new article: POST ${USER_GUIDE}/nuevo redirects (303)`);
  await page.waitForURL((url) => url.pathname === NEW_ARTICLE.path);
  eq(pathOf(page), NEW_ARTICLE.path, `new article: at ${NEW_ARTICLE.path}`);
  await expectH1(page, NEW_ARTICLE.title, 'new article');
  eq((await prose(page).locator('h2[id="seccion-uno"]').innerText()).trim(), 'Sección uno',
    'new article: "## Sección uno" renders as <h2 id="seccion-uno">');
  eq((await prose(page).locator('pre code').innerText()).trim(), NEW_ARTICLE.code,
    'new article: the ``` block renders in <pre><code>');
  eq(await main(page).getByRole('navigation', { name: ES.toc, exact: true }).count(), 0,
    'new article: a single heading gets no table of contents');
  const prev = main(page).locator('a[rel="prev"]');
  eq(await prev.getAttribute('href'), SECOND.path, 'new article: rel=prev links to the (former) last article');
  eq(await main(page).locator('a[rel="next"]').count(), 0, 'new article: no rel=next (it is the last one)');
  await axe(page, 'new article (es-MX)');
  await shot(page, 'docs-article-new.png');

  await page.goto(USER_GUIDE);
  await expectLinks(main(page).locator('ol.contents > li > a'),
    [[FIRST.path, FIRST.title], [SECOND.path, SECOND.title], [NEW_ARTICLE.path, NEW_ARTICLE.title]],
    `user guide: "${NEW_ARTICLE.title}" is listed last`);
  await page.goto(DOCS);
  const card = main(page).locator('ul.cards > li').filter({ has: page.getByRole('link', { name: ES.userGuide, exact: true }) });
  eq((await card.locator('p.meta').innerText()).trim(), '3 artículos', `${DOCS}: "${ES.userGuide}" now counts 3 artículos`);

  await pageCsp(page, 'writing (staff)');
  await checkMonitor(mon);
  await context.close();
}

// ---------------------------------------------------------------- main

await runBrowserTest('docs browser test', async () => {
  const base = await startServer({ command: 'demo' });
  demoAnnounced();
  const browser = await launchBrowser();
  await readingInSpanish(browser, base);
  await readingInEnglish(browser, base);
  await staffWriting(browser, base);
});
