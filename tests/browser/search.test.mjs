// Browser test for Soporte's search: the box in the header of every page and the
// result page /buscar. Searching from the home page without JavaScript (a plain GET
// form) and with it; accent-free, lower-case typing finds the accented words of an
// article, and a misspelt word still finds it and "¿Quisiste decir …?" links to the
// better spelling; matched words are in <mark>; a result leads to its article; the
// collection and language filters narrow the results and stay selected; a reader in
// English gets the English page with Spanish results marked as such, and "Did you
// mean …?" for a misspelt English word; newly published articles become searchable
// and page in tens (rel=next/prev); bad input (empty, only punctuation, 10,000
// characters, HTML) never gives an error page. axe-core on every page; CSP and
// console watched throughout.
//
// Plain Node script (no test runner). Run from this directory:
//
//   npm install           # once: playwright-core + axe-core
//   node search.test.mjs  # (npm test runs every *.test.mjs in turn)
//
// Environment: SOPORTE_BIN, SOPORTE_BROWSER_DATABASE_URL and CHROMIUM_PATH, see lib.mjs.
// The server is started with `soporte demo`, which loads the demo people and articles
// once per database. The search index is built in the background after the start, so
// the first search is repeated (reloaded) until results appear. The counts checked
// here do not depend on what the other browser tests wrote before on the same
// database (scripts/test runs them all on one PostgreSQL database).
//
// Screenshots go to <repo>/target/browser/search-*.png. Exits non-zero on any failure.

import {
  axe, check, checkMonitor, eq, expectH1, follow, htmlLang, launchBrowser, openContext,
  pageCsp, pathOf, runBrowserTest, shot, signInAs, sleep, startServer, submit,
} from './lib.mjs';

const STAFF = {
  email: 'equipo@fundacion.mxos.mx',
  password: 'mxos demo en mérida',
  name: 'Equipo de la Fundación MxOS',
};

const SEARCH = '/buscar';
const USER_GUIDE = '/documentacion/guia-de-usuario';
const KNOWLEDGE_BASE = '/documentacion/base-de-conocimiento';
// Demo articles (crates/docs/src/demo.rs).
const FIRST = { title: 'Primeros pasos con MxOS', path: `${USER_GUIDE}/primeros-pasos-con-mxos` };
const WIFI = { title: 'Conectarse a una red inalámbrica', path: `${USER_GUIDE}/conectarse-a-una-red-inalambrica` };
const BACKUPS = { title: 'Respaldos automáticos', path: '/documentacion/guia-de-administrador/respaldos-automaticos' };
const ARCHITECTURE = { title: 'Arquitectura del sistema', path: '/documentacion/manuales-tecnicos/arquitectura-del-sistema' };
const ENGLISH = { title: 'Getting started with MxOS', path: `${USER_GUIDE}/getting-started-with-mxos` };

const ES = {
  lang: 'es-MX',
  h1: 'Buscar',
  headerLabel: 'Buscar en la documentación',
  headerPlaceholder: 'Busca una solución…',
  button: 'Buscar',
  label: '¿Qué necesitas resolver?',
  collection: 'Colección',
  language: 'Idioma',
  allCollections: 'Todas las colecciones',
  allLanguages: 'Todos los idiomas',
  spanish: 'Español',
  english: 'Inglés',
  userGuide: 'Guía de usuario',
  adminGuide: 'Guía de administrador',
  manuals: 'Manuales técnicos',
  knowledgeBase: 'Base de conocimiento',
  inEnglish: 'en inglés',
  count: (n, q) => (n === 1 ? `1 resultado para «${q}»` : `${n} resultados para «${q}»`),
  countPattern: (q) => new RegExp(`^(\\d+) resultados? para «${escapeRe(q)}»$`),
  didYouMean: '¿Quisiste decir',
  badRequestH1: 'Solicitud no válida',
  nothing: (q) => `No encontramos nada para «${q}». Prueba con otras palabras, o pregunta a la comunidad.`,
  noWords: 'Escribe una o más palabras de lo que buscas.',
  truncated: 'Tu búsqueda era muy larga: usamos sus primeros 200 caracteres.',
  pages: 'Páginas de resultados',
  previous: 'Resultados anteriores',
  next: 'Más resultados',
  newArticle: 'Nuevo artículo',
  fieldTitle: 'Título',
  fieldBody: 'Texto',
  save: 'Guardar',
  synonymsTitle: 'Sinónimos de la búsqueda',
  overlapsTitle: 'Palabras que la búsqueda no distingue',
  curatedOverlap: 'Español de México: «ordenador» y «ordenar»',
  reportTitle: 'Lo que la gente busca',
};
const EN = {
  lang: 'en',
  h1: 'Search',
  headerLabel: 'Search the documentation',
  headerPlaceholder: 'Search for a solution…',
  button: 'Search',
  label: 'What do you need to solve?',
  allCollections: 'All collections',
  allLanguages: 'All languages',
  languages: ['All languages', 'Spanish', 'English'],
  userGuide: 'User guide',
  inSpanish: 'in Spanish',
  countPattern: (q) => new RegExp(`^(\\d+) results? for “${escapeRe(q)}”$`),
  didYouMean: 'Did you mean',
};

// The collections the filter offers, in order: [value, Spanish name].
const COLLECTIONS = [
  ['', ES.allCollections],
  ['guia-de-usuario', ES.userGuide],
  ['guia-de-administrador', ES.adminGuide],
  ['manuales-tecnicos', ES.manuals],
  ['preguntas-frecuentes', 'Preguntas frecuentes'],
  ['base-de-conocimiento', ES.knowledgeBase],
  // The community's (crates/forum/src/search.rs).
  ['preguntas-resueltas', 'Comunidad · preguntas solucionadas'],
  ['comunidad', 'Comunidad · temas abiertos'],
  // The bug tracker's (crates/bugs/src/search.rs).
  ['errores', 'Errores reportados'],
];

// Articles the staff adds to the knowledge base, to see new articles become searchable
// and to get more than one page (10 per page) of results for a word no demo text has.
const CLIPBOARD_WORD = 'portapapeles';
const CLIPBOARD_TIPS = Array.from({ length: 11 }, (_, i) => ({
  title: `Portapapeles: truco ${i + 1}`,
  path: `${KNOWLEDGE_BASE}/portapapeles-truco-${i + 1}`,
  body: `Copia con Ctrl+C y pega con Ctrl+V. El portapapeles guarda lo último que copiaste (truco ${i + 1}).\n`,
}));

// ---------------------------------------------------------------- helpers

function escapeRe(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Lower case without accents, as the index compares words.
const fold = (text) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

const main = (page) => page.locator('main');
const headerBox = (page) => page.locator('header form.site-search');
const mainForm = (page) => main(page).locator('form.search');

// Each result: its language, title, link, meta line, snippet text and marked words.
const results = (page) => main(page).locator('ol.search-results > li').evaluateAll((lis) => lis.map((li) => {
  const a = li.querySelector('h2 > a');
  return {
    lang: li.getAttribute('lang'),
    title: a && a.textContent.trim(),
    meta: (li.querySelector('.meta')?.textContent || '').replace(/\s+/g, ' ').trim(),
    note: li.querySelector('.meta strong')?.textContent.trim() || null,
    snippet: (li.querySelector('.snippet')?.textContent || '').replace(/\s+/g, ' ').trim(),
    marks: [...li.querySelectorAll('.snippet mark')].map((m) => m.textContent),
  };
}));

async function summary(page) {
  const s = main(page).locator('p.search-summary');
  return (await s.count()) ? (await s.innerText()).trim() : null;
}

const titles = (list) => list.map((r) => r.title);

// The page as a person sees it after a search: 200, the search page's h1, not an error.
async function expectSearchPage(page, res, { h1 = ES.h1, lang = ES.lang } = {}, label) {
  eq(res.status(), 200, `${label}: ${pathOf(page)} answers 200`);
  eq(pathOf(page), SEARCH, `${label}: on ${SEARCH}`);
  await expectH1(page, h1, label);
  eq(await htmlLang(page), lang, `${label}: <html lang="${lang}">`);
}

// The summary says how many results there are, and that many are listed (one page).
async function expectCounted(page, query, label, { pattern = ES.countPattern } = {}) {
  const text = await summary(page);
  const m = text && text.match(pattern(query));
  check(Boolean(m), `${label}: the status line counts the results for «${query}»`, `status: ${JSON.stringify(text)}`);
  const list = await results(page);
  const total = Number(m[1]);
  if (total <= 10) eq(list.length, total, `${label}: lists as many results as it counts (${total})`);
  else eq(list.length, 10, `${label}: lists the first 10 of ${total}`);
  list.total = total;
  return list;
}

// Repeats a search until it has results: the index is built in the background.
async function searchUntilFound(page, load, label, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  let res = await load();
  let tries = 1;
  while ((await main(page).locator('ol.search-results > li').count()) === 0 && Date.now() < deadline) {
    await sleep(500);
    res = await page.reload();
    tries += 1;
  }
  check((await main(page).locator('ol.search-results > li').count()) > 0,
    `${label}: results appear once the index is built (${tries} load(s))`,
    `still no results after ${timeoutMs / 1000} s; status: ${JSON.stringify(await summary(page))}`);
  return res;
}

// The text of the selected option of a <select> (what the person sees chosen).
const chosen = (select) => select.evaluate((s) => [s.value, s.selectedOptions[0]?.textContent.trim()]);

// Submits the result page's own form (its "Buscar" button) and waits for the new page.
async function searchWithForm(page, { q, collection, language, button = ES.button, label = ES.label } = {}) {
  const form = mainForm(page);
  if (q !== undefined) await form.getByLabel(label, { exact: true }).fill(q);
  if (collection !== undefined) await form.locator('select[name="coleccion"]').selectOption(collection);
  if (language !== undefined) await form.locator('select[name="idioma"]').selectOption(language);
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().isNavigationRequest() && new URL(r.url()).pathname === SEARCH),
    form.getByRole('button', { name: button, exact: true }).click(),
  ]);
  await page.waitForLoadState('load');
  return res;
}

// ---------------------------------------------------------------- scenarios

// 1. Without JavaScript: the header's box on the home page is a plain GET form.
// axe-core needs scripts (its checks wait on timers), so each page seen without
// JavaScript is checked at the same address in a second context that has them; Soporte
// sends the same HTML either way (it has no scripts of its own).
async function withoutJavaScript(browser, base) {
  const { context, page, mon } = await openContext(browser, base, 'search without JavaScript', { javaScriptEnabled: false });
  const twin = await openContext(browser, base, 'axe twin of the no-JavaScript pages');
  const axeHere = async (label) => {
    eq((await twin.page.goto(page.url())).status(), 200, `${label}: the same address answers 200 with scripts on`);
    await axe(twin.page, label);
  };

  eq((await page.goto('/')).status(), 200, 'no JavaScript: GET / is 200');
  const box = headerBox(page);
  eq(await box.count(), 1, 'home: one search form in the header (form.site-search)');
  eq(await box.getAttribute('role'), 'search', 'home: the header search form is a search landmark (role="search")');
  eq(await box.getAttribute('method'), 'get', 'home: the header search form uses GET');
  eq(await box.getAttribute('action'), SEARCH, `home: the header search form goes to ${SEARCH}`);
  const input = box.getByLabel(ES.headerLabel, { exact: true });
  eq(await input.count(), 1, `home: the header box is labelled "${ES.headerLabel}"`);
  eq(await input.getAttribute('name'), 'q', 'home: the header box sends q');
  eq(await input.getAttribute('placeholder'), ES.headerPlaceholder, `home: the header box suggests "${ES.headerPlaceholder}"`);
  eq(await box.getByRole('button', { name: ES.button, exact: true }).count(), 1, `home: a "${ES.button}" button next to it`);
  await axeHere('home page with the header search box');

  // Type an accented word without its accent and in lower case, press Enter.
  const query = 'configuracion';
  await input.fill(query);
  await searchUntilFound(page, async () => {
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.request().isNavigationRequest() && new URL(r.url()).pathname === SEARCH),
      input.press('Enter'),
    ]);
    await page.waitForLoadState('load');
    return res;
  }, 'no JavaScript');
  eq(pathOf(page), SEARCH, `no JavaScript: Enter in the header box leads to ${SEARCH}`);
  eq(new URL(page.url()).searchParams.get('q'), query, `no JavaScript: …?q=${query}`);
  await expectH1(page, ES.h1, 'result page (no JavaScript)');
  eq(await htmlLang(page), ES.lang, 'result page: <html lang="es-MX">');
  check((await page.title()).startsWith(`${query} · ${ES.h1}`), `result page: the window title starts "${query} · ${ES.h1}"`,
    await page.title());
  eq(await mainForm(page).getByLabel(ES.label, { exact: true }).inputValue(), query,
    `result page: the box "${ES.label}" holds what was typed`);
  const list = await expectCounted(page, query, 'result page (no JavaScript)');
  const hit = list.find((x) => x.title === FIRST.title);
  check(Boolean(hit), `"${query}" finds "${FIRST.title}" (where the text says "Configuración")`, JSON.stringify(titles(list)));
  eq(hit.lang, 'es', 'the result is marked lang="es"');
  eq(hit.meta, ES.userGuide, `the result's meta line names its collection, "${ES.userGuide}", with no language note`);
  check(hit.marks.includes('Configuración'), 'the snippet marks the word as the article writes it: <mark>Configuración</mark>',
    JSON.stringify(hit));
  await axeHere('result page with results (reached without JavaScript)');
  await shot(page, 'search-results.png');

  // The result leads to its article, in the language it was found in.
  const link = main(page).locator('ol.search-results h2').getByRole('link', { name: FIRST.title, exact: true });
  await follow(page, link, FIRST.path);
  eq(new URL(page.url()).searchParams.get('idioma'), 'es', 'the result opens the Spanish article (…?idioma=es)');
  await expectH1(page, FIRST.title, 'the article opened from the result');
  await axeHere('article opened from a result (reached without JavaScript)');

  await checkMonitor(mon);
  await pageCsp(twin.page, 'axe twin');
  await checkMonitor(twin.mon);
  await twin.context.close();
  await context.close();
}

// 2. With JavaScript: the header box on another page, typing without accents, a
// misspelling, the collection and language filters.
async function withJavaScript(browser, base) {
  const { context, page, mon } = await openContext(browser, base, 'search with JavaScript');

  eq((await page.goto('/documentacion')).status(), 200, 'GET /documentacion is 200');
  const query = 'red inalambrica';
  await headerBox(page).getByLabel(ES.headerLabel, { exact: true }).fill(query);
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().isNavigationRequest() && new URL(r.url()).pathname === SEARCH),
    headerBox(page).getByRole('button', { name: ES.button, exact: true }).click(),
  ]);
  await page.waitForLoadState('load');
  await expectSearchPage(page, res, {}, `"${query}" from the header of /documentacion`);
  let list = await expectCounted(page, query, `"${query}"`);
  eq(list[0].title, WIFI.title, `"${query}" finds "${WIFI.title}" first (both words in its title)`);
  check(list[0].marks.map(fold).includes('inalambrica') && list[0].marks.map(fold).includes('red'),
    `"${query}": the snippet marks "red" and "inalámbrica"`, JSON.stringify(list[0].marks));
  check(list[0].marks.includes('inalámbrica'), `"${query}": the mark shows the word with its accent, "inalámbrica"`,
    JSON.stringify(list[0].marks));
  const allMarks = list.flatMap((r) => r.marks.map(fold));
  // "wifi" is the curated synonym of "red inalámbrica" (the community's demo question
  // about the wifi is found through it, and its snippet marks it).
  check(allMarks.length > 0 && allMarks.every((w) => ['red', 'redes', 'inalambrica', 'wifi'].includes(w)),
    `"${query}": every marked word is a form of "red" or "inalámbrica", or their synonym "wifi"`,
    JSON.stringify(allMarks));
  const all = list.total;
  check(all >= 3 && titles(list).includes(ARCHITECTURE.title),
    `"${query}": ${all} results across collections, "${ARCHITECTURE.title}" (${ES.manuals}) among them`,
    JSON.stringify(titles(list)));
  await axe(page, 'result page with several results');

  // Misspelt words.
  for (const [typo, article] of [['configuarcion', FIRST], ['inalanbrica', WIFI], ['respaldoss', BACKUPS]]) {
    const r = await searchWithForm(page, { q: typo });
    await expectSearchPage(page, r, {}, `misspelt "${typo}"`);
    const found = await expectCounted(page, typo, `misspelt "${typo}"`);
    check(titles(found).includes(article.title), `misspelt "${typo}" still finds "${article.title}"`,
      JSON.stringify(titles(found)));
  }

  // "¿Quisiste decir …?": the better spelling, with its accent, links to its own search.
  {
    const typo = 'configuarcion';
    const better = 'configuración';
    await searchWithForm(page, { q: typo });
    const offer = main(page).locator('p.suggestion');
    eq(await offer.count(), 1, `misspelt "${typo}": a better spelling is offered`);
    eq((await offer.innerText()).replace(/\s+/g, ' ').trim(), `${ES.didYouMean} ${better}?`,
      `misspelt "${typo}": "${ES.didYouMean} ${better}?", written as the article writes it`);
    await axe(page, 'result page offering a better spelling');
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.request().isNavigationRequest() && new URL(r.url()).pathname === SEARCH),
      offer.getByRole('link', { name: better, exact: true }).click(),
    ]);
    await page.waitForLoadState('load');
    await expectSearchPage(page, res, {}, `the link "${better}"`);
    eq(new URL(page.url()).searchParams.get('q'), better, `the link searches for "${better}"`);
    eq(await mainForm(page).getByLabel(ES.label, { exact: true }).inputValue(), better,
      `the box now holds "${better}"`);
    const found = await expectCounted(page, better, `the link "${better}"`);
    check(titles(found).includes(FIRST.title), `"${better}" finds "${FIRST.title}"`, JSON.stringify(titles(found)));
    eq(await main(page).locator('p.suggestion').count(), 0, `"${better}": nothing better to offer`);
  }

  // The collection filter: the same words, only in the technical manuals.
  let select = mainForm(page).getByLabel(ES.collection, { exact: true });
  const options = await select.locator('option').evaluateAll((os) => os.map((o) => [o.value, o.textContent.trim()]));
  eq(JSON.stringify(options), JSON.stringify(COLLECTIONS), `the "${ES.collection}" select offers all collections, then each one`);
  let r = await searchWithForm(page, { q: query, collection: 'manuales-tecnicos' });
  await expectSearchPage(page, r, {}, `"${query}" in ${ES.manuals}`);
  eq(new URL(page.url()).searchParams.get('coleccion'), 'manuales-tecnicos', 'the filter is sent as coleccion=manuales-tecnicos');
  list = await expectCounted(page, query, `"${query}" in ${ES.manuals}`);
  check(list.total > 0 && list.total < all && list.every((x) => x.meta === ES.manuals),
    `"${query}" in ${ES.manuals}: fewer results (${list.total} of ${all}), all from ${ES.manuals}`, JSON.stringify(list));
  select = mainForm(page).getByLabel(ES.collection, { exact: true });
  eq(JSON.stringify(await chosen(select)), JSON.stringify(['manuales-tecnicos', ES.manuals]),
    `the "${ES.collection}" select still shows "${ES.manuals}"`);

  // A collection that has none of them.
  r = await searchWithForm(page, { q: 'red', collection: 'guia-de-administrador' });
  await expectSearchPage(page, r, {}, `"red" in ${ES.adminGuide}`);
  eq(await summary(page), ES.nothing('red'), `"red" in ${ES.adminGuide}: "${ES.nothing('red')}"`);
  eq(await main(page).locator('ol.search-results').count(), 0, `"red" in ${ES.adminGuide}: no result list`);
  eq(JSON.stringify(await chosen(mainForm(page).getByLabel(ES.collection, { exact: true }))),
    JSON.stringify(['guia-de-administrador', ES.adminGuide]), `the "${ES.collection}" select still shows "${ES.adminGuide}"`);
  await axe(page, 'result page without results');
  await shot(page, 'search-nothing.png');

  // The language filter, on a word of one Spanish and one English demo article ("memoria
  // USB", "USB stick").
  const both = 'usb';
  r = await searchWithForm(page, { q: both, collection: '' });
  await expectSearchPage(page, r, {}, `"${both}" in all collections`);
  list = await expectCounted(page, both, `"${both}"`);
  const english = list.find((x) => x.title === ENGLISH.title);
  check(Boolean(english) && list.some((x) => x.lang === 'es'), `"${both}": results in Spanish and in English`,
    JSON.stringify(list.map((x) => [x.lang, x.title])));
  eq(english.lang, 'en', `"${ENGLISH.title}" is marked lang="en"`);
  eq(english.meta, `${ES.userGuide} · ${ES.inEnglish}`, `"${ENGLISH.title}" says "${ES.userGuide} · ${ES.inEnglish}"`);
  eq(english.note, ES.inEnglish, `… with "${ES.inEnglish}" in <strong>`);
  check(list.filter((x) => x.lang === 'es').every((x) => x.note === null), `"${both}": Spanish results carry no language note`);
  const langSelect = () => mainForm(page).getByLabel(ES.language, { exact: true });
  eq(JSON.stringify(await langSelect().locator('option').allInnerTexts()),
    JSON.stringify([ES.allLanguages, ES.spanish, ES.english]), `the "${ES.language}" select offers ${ES.allLanguages}, ${ES.spanish}, ${ES.english}`);

  r = await searchWithForm(page, { language: 'en' });
  await expectSearchPage(page, r, {}, `"${both}" in English`);
  const onlyEnglish = await expectCounted(page, both, `"${both}" in English`);
  check(onlyEnglish.length > 0 && onlyEnglish.every((x) => x.lang === 'en') && titles(onlyEnglish).includes(ENGLISH.title),
    `"${both}" in ${ES.english}: only English results, "${ENGLISH.title}" among them`, JSON.stringify(onlyEnglish));
  eq(JSON.stringify(await chosen(langSelect())), JSON.stringify(['en', ES.english]), `the "${ES.language}" select still shows "${ES.english}"`);
  r = await searchWithForm(page, { language: 'es' });
  const onlySpanish = await expectCounted(page, both, `"${both}" in Spanish`);
  check(onlySpanish.total === list.total - onlyEnglish.total && onlySpanish.every((x) => x.lang === 'es'),
    `"${both}" in ${ES.spanish}: only the ${list.total - onlyEnglish.total} Spanish results`, JSON.stringify(onlySpanish));
  eq(JSON.stringify(await chosen(langSelect())), JSON.stringify(['es', ES.spanish]), `the "${ES.language}" select still shows "${ES.spanish}"`);
  await axe(page, 'result page filtered by language');

  await pageCsp(page, 'search with JavaScript');
  await checkMonitor(mon);
  await context.close();
}

// 3. A reader whose browser asks for English.
async function inEnglish(browser, base) {
  const { context, page, mon } = await openContext(browser, base, 'search in English', { locale: 'en-US' });

  eq((await page.goto('/')).status(), 200, 'en-US: GET / is 200');
  const input = headerBox(page).getByLabel(EN.headerLabel, { exact: true });
  eq(await input.getAttribute('placeholder'), EN.headerPlaceholder, `en-US home: the header box says "${EN.headerPlaceholder}"`);
  const query = 'red inalambrica';
  await input.fill(query);
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().isNavigationRequest() && new URL(r.url()).pathname === SEARCH),
    headerBox(page).getByRole('button', { name: EN.button, exact: true }).click(),
  ]);
  await page.waitForLoadState('load');
  await expectSearchPage(page, res, { h1: EN.h1, lang: EN.lang }, `en-US "${query}"`);
  eq(await mainForm(page).getByLabel(EN.label, { exact: true }).inputValue(), query, `en-US: the box "${EN.label}" holds the query`);
  let list = await expectCounted(page, query, `en-US "${query}"`, { pattern: EN.countPattern });
  check(list.length > 0 && list.every((x) => x.lang === 'es' && x.note === EN.inSpanish),
    `en-US "${query}": every result is in Spanish, marked lang="es" and "${EN.inSpanish}"`, JSON.stringify(list));
  eq(list[0].title, WIFI.title, `en-US "${query}": "${WIFI.title}" first`);
  eq(list[0].meta, `${EN.userGuide} · ${EN.inSpanish}`, `en-US: the meta line says "${EN.userGuide} · ${EN.inSpanish}"`);
  const filters = mainForm(page);
  eq((await filters.locator('select[name="coleccion"] option').first().innerText()).trim(), EN.allCollections,
    `en-US: the collection filter starts with "${EN.allCollections}"`);
  eq(JSON.stringify(await filters.locator('select[name="idioma"] option').allInnerTexts()), JSON.stringify(EN.languages),
    `en-US: the language filter offers ${EN.languages.join(', ')}`);
  await axe(page, 'result page in English');
  await shot(page, 'search-en.png');

  // English comes first for an English reader; the Spanish ones are marked.
  const r = await searchWithForm(page, { q: 'mxos', button: EN.button, label: EN.label });
  await expectSearchPage(page, r, { h1: EN.h1, lang: EN.lang }, 'en-US "mxos"');
  list = await expectCounted(page, 'mxos', 'en-US "mxos"', { pattern: EN.countPattern });
  eq(list[0].title, ENGLISH.title, `en-US "mxos": the English article "${ENGLISH.title}" comes first`);
  eq(list[0].note, null, `en-US "mxos": "${ENGLISH.title}" has no language note`);
  check(list.slice(1).length > 0 && list.slice(1).every((x) => x.note === EN.inSpanish),
    `en-US "mxos": the other results say "${EN.inSpanish}"`, JSON.stringify(list.slice(1)));
  await axe(page, 'result page in English, mixed languages');

  // A misspelt English word gets "Did you mean …?", which leads to its search.
  {
    const typo = 'startd';
    const better = 'started';
    await searchWithForm(page, { q: typo, button: EN.button, label: EN.label });
    const offer = main(page).locator('p.suggestion');
    eq((await offer.innerText()).replace(/\s+/g, ' ').trim(), `${EN.didYouMean} ${better}?`,
      `en-US misspelt "${typo}": "${EN.didYouMean} ${better}?"`);
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.request().isNavigationRequest() && new URL(r.url()).pathname === SEARCH),
      offer.getByRole('link', { name: better, exact: true }).click(),
    ]);
    await page.waitForLoadState('load');
    await expectSearchPage(page, res, { h1: EN.h1, lang: EN.lang }, `en-US the link "${better}"`);
    const found = await expectCounted(page, better, `en-US the link "${better}"`, { pattern: EN.countPattern });
    eq(found[0]?.title, ENGLISH.title, `en-US "${better}" finds "${ENGLISH.title}" first`);
  }

  await pageCsp(page, 'search in English');
  await checkMonitor(mon);
  await context.close();
}

// 4. Whatever is typed, the page answers with itself, never an error.
async function badInput(browser, base) {
  const { context, page, mon } = await openContext(browser, base, 'search with bad input');
  const dialogs = [];
  page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });

  // Nothing typed.
  let res = await page.goto(`${SEARCH}?q=`);
  await expectSearchPage(page, res, {}, 'empty query');
  eq(await summary(page), null, 'empty query: no status line');
  eq(await main(page).locator('ol.search-results').count(), 0, 'empty query: no results');
  eq(await mainForm(page).getByLabel(ES.label, { exact: true }).inputValue(), '', 'empty query: an empty box to type in');
  await axe(page, 'result page, empty query');

  // Only punctuation and search-engine syntax.
  const junk = '"*:(';
  res = await searchWithForm(page, { q: junk });
  await expectSearchPage(page, res, {}, `query ${junk}`);
  eq(await summary(page), ES.noWords, `query ${junk}: "${ES.noWords}"`);
  eq(await mainForm(page).getByLabel(ES.label, { exact: true }).inputValue(), junk, `query ${junk}: the box keeps it`);
  await axe(page, 'result page, only punctuation');

  // 10,000 characters (a pasted address: the box itself stops at 2,000).
  const long = 'mi impresora no imprime nada '.repeat(400).slice(0, 10_000);
  eq(long.length, 10_000, 'a query of 10,000 characters');
  res = await page.goto(`${SEARCH}?q=${encodeURIComponent(long)}`);
  await expectSearchPage(page, res, {}, '10,000-character query');
  eq((await main(page).locator('p.notice').innerText()).trim(), ES.truncated, `10,000-character query: "${ES.truncated}"`);
  const kept = long.slice(0, 200).trimEnd();
  eq(await mainForm(page).getByLabel(ES.label, { exact: true }).inputValue(), kept,
    '10,000-character query: the box shows the first 200 characters that were used');
  check(Boolean(await summary(page)), '10,000-character query: a status line', String(await summary(page)));
  await axe(page, 'result page, query cut to 200 characters');

  // HTML in the query, typed into the header box.
  const html = '<script>alert("hola")</script><img src=x onerror=alert("hola")>';
  await headerBox(page).getByLabel(ES.headerLabel, { exact: true }).fill(html);
  [res] = await Promise.all([
    page.waitForResponse((r) => r.request().isNavigationRequest() && new URL(r.url()).pathname === SEARCH),
    headerBox(page).getByLabel(ES.headerLabel, { exact: true }).press('Enter'),
  ]);
  await page.waitForLoadState('load');
  await expectSearchPage(page, res, {}, 'HTML query');
  // Whatever it finds (typo tolerance may match a word of it), the status line quotes
  // the query as text, its tags not taken as markup.
  const said = await summary(page);
  check(said.includes(`«${html}»`), 'HTML query: the status line shows the tags as text', said);
  eq(await mainForm(page).getByLabel(ES.label, { exact: true }).inputValue(), html, 'HTML query: the box shows the tags as typed');
  eq(await main(page).locator('script, img').count(), 0, 'HTML query: no <script> or <img> made it into the page');
  check((await page.title()).startsWith(html), 'HTML query: the window title shows it as text', await page.title());
  await sleep(300);
  eq(dialogs.length, 0, 'HTML query: no dialog opened', JSON.stringify(dialogs));
  await axe(page, 'result page, HTML query');

  // Odd parameters a person could paste.
  for (const params of ['q=red&pagina=abc&idioma=xx', 'q=red&pagina=99999', 'q=red&pagina=-1&coleccion=nope',
    'q=%00%07red', 'coleccion[]=1&q[]=2']) {
    res = await page.goto(`${SEARCH}?${params}`);
    await expectSearchPage(page, res, {}, `${SEARCH}?${params}`);
  }
  await axe(page, 'result page, odd parameters');

  // A result's link goes through /buscar/abrir, which only ever leads to this site.
  for (const away of ['https://evil.example/', '//evil.example/', '/\\evil.example/']) {
    res = await page.goto(`${SEARCH}/abrir?b=1&a=${encodeURIComponent(away)}`);
    eq(new URL(page.url()).origin, base, `${SEARCH}/abrir to ${away}: stays on the site`);
    eq(res.status(), 400, `${SEARCH}/abrir to ${away}: 400`);
    await expectH1(page, ES.badRequestH1, `${SEARCH}/abrir to ${away}`);
  }
  await axe(page, 'the 400 page');

  await pageCsp(page, 'search with bad input');
  // The refused /buscar/abrir addresses are answered 400 on purpose; Chromium logs that
  // as a failed resource load. Any other console error fails.
  await checkMonitor(mon, { allowConsole: /Failed to load resource: the server responded with a status of 400/ });
  await context.close();
}

// 5. New articles become searchable; more than ten results page with rel=next/prev,
// keeping the query and the filter.
async function newArticlesAndPages(browser, base) {
  const { context, page, mon } = await openContext(browser, base, 'search pages');

  await signInAs(page, STAFF, 'staff');
  // The staff's pages of the search: the synonyms, which name the members of two
  // curated groups that search cannot tell apart, and the weekly report.
  const synonymsPage = await page.goto('/admin/sinonimos');
  eq(synonymsPage.status(), 200, 'staff: GET /admin/sinonimos is 200');
  await expectH1(page, ES.synonymsTitle, 'the synonyms page');
  const overlaps = main(page).getByRole('region', { name: ES.overlapsTitle, exact: true });
  eq(await overlaps.count(), 1, `the synonyms page: a "${ES.overlapsTitle}" section`);
  check((await overlaps.innerText()).includes(ES.curatedOverlap),
    `the synonyms page names "${ES.curatedOverlap}"`, await overlaps.innerText());
  await axe(page, 'the synonyms page');
  const reportPage = await page.goto('/admin/busquedas');
  eq(reportPage.status(), 200, 'staff: GET /admin/busquedas is 200');
  await expectH1(page, ES.reportTitle, 'the search report');
  await axe(page, 'the search report');
  for (const tip of CLIPBOARD_TIPS) {
    await page.goto(`${KNOWLEDGE_BASE}/nuevo`);
    await expectH1(page, ES.newArticle, `new knowledge-base article "${tip.title}"`);
    await main(page).getByLabel(ES.fieldTitle, { exact: true }).fill(tip.title);
    await main(page).getByLabel(ES.fieldBody, { exact: true }).fill(tip.body);
    const res = await submit(page, main(page).getByRole('button', { name: ES.save, exact: true }), `${KNOWLEDGE_BASE}/nuevo`);
    eq(res.status(), 303, `staff published "${tip.title}" (303)`);
    await expectH1(page, tip.title, `"${tip.title}" published`);
  }
  await axe(page, 'a published knowledge-base article');

  // Wait for the index to take all of them in, then read both pages at once, while
  // the index may still be merging its segments: results that score the same (these
  // eleven do) keep their order, because ties are broken by a number fixed by each
  // article, so page 2 never repeats a result of page 1 nor leaves one out.
  const total = CLIPBOARD_TIPS.length;
  const first = `${SEARCH}?q=${CLIPBOARD_WORD}&coleccion=base-de-conocimiento`;
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    await page.goto(first);
    if ((await summary(page)) === ES.count(total, CLIPBOARD_WORD)) break;
    await sleep(200);
  }
  const res = await page.goto(first);
  await expectSearchPage(page, res, {}, `"${CLIPBOARD_WORD}" in ${ES.knowledgeBase}`);
  eq(await summary(page), ES.count(total, CLIPBOARD_WORD), `the ${total} new articles are found: "${ES.count(total, CLIPBOARD_WORD)}"`);
  const page1 = await results(page);
  eq(page1.length, 10, 'page 1 lists 10 results');
  check(page1.every((x) => x.marks.map(fold).includes(CLIPBOARD_WORD)), `page 1: each snippet marks "${CLIPBOARD_WORD}"`,
    JSON.stringify(page1.map((x) => x.marks)));
  const pager = main(page).getByRole('navigation', { name: ES.pages, exact: true });
  eq(await pager.count(), 1, `page 1: a "${ES.pages}" navigation`);
  eq(await pager.locator('a[rel="prev"]').count(), 0, 'page 1: no rel=prev link');
  const next = pager.locator('a[rel="next"]');
  eq((await next.innerText()).trim(), ES.next, `page 1: rel=next says "${ES.next}"`);
  await axe(page, 'result page 1 of 2');

  await Promise.all([page.waitForURL((u) => u.searchParams.get('pagina') === '2'), next.click()]);
  await page.waitForLoadState('load');
  await expectH1(page, ES.h1, 'page 2');
  const params = new URL(page.url()).searchParams;
  eq(params.get('q'), CLIPBOARD_WORD, 'page 2 keeps the query');
  eq(params.get('coleccion'), 'base-de-conocimiento', 'page 2 keeps the collection filter');
  eq(JSON.stringify(await chosen(mainForm(page).getByLabel(ES.collection, { exact: true }))),
    JSON.stringify(['base-de-conocimiento', ES.knowledgeBase]), `page 2: the select still shows "${ES.knowledgeBase}"`);
  eq(await summary(page), ES.count(total, CLIPBOARD_WORD), 'page 2: the same count');
  const page2 = await results(page);
  eq(page2.length, total - 10, `page 2 lists the remaining ${total - 10}`);
  const seen = new Set(titles([...page1, ...page2]));
  check(seen.size === total && CLIPBOARD_TIPS.every((t) => seen.has(t.title)),
    `pages 1 and 2 together hold each of the ${total} new articles once`, JSON.stringify([...seen]));
  eq(await main(page).locator('a[rel="next"]').count(), 0, 'page 2: no rel=next link (last page)');
  const prev = main(page).getByRole('navigation', { name: ES.pages, exact: true }).locator('a[rel="prev"]');
  eq((await prev.innerText()).trim(), ES.previous, `page 2: rel=prev says "${ES.previous}"`);
  await axe(page, 'result page 2 of 2');
  await shot(page, 'search-page-2.png');

  await Promise.all([page.waitForURL((u) => u.searchParams.get('pagina') === '1'), prev.click()]);
  await page.waitForLoadState('load');
  eq(JSON.stringify(titles(await results(page))), JSON.stringify(titles(page1)), 'rel=prev leads back to the same page 1');

  // Following one of them opens it.
  const tip = CLIPBOARD_TIPS.find((t) => t.title === page1[0].title);
  await follow(page, main(page).locator('ol.search-results h2').getByRole('link', { name: tip.title, exact: true }), tip.path);
  await expectH1(page, tip.title, 'a new article opened from the results');

  await pageCsp(page, 'search pages');
  await checkMonitor(mon);
  await context.close();
}

// ---------------------------------------------------------------- main

await runBrowserTest('search browser test', async () => {
  const base = await startServer({ command: 'demo' });
  const browser = await launchBrowser();
  await withoutJavaScript(browser, base);
  await withJavaScript(browser, base);
  await inEnglish(browser, base);
  await badInput(browser, base);
  await newArticlesAndPages(browser, base);
});
