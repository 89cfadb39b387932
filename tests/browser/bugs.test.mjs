// Browser test for the bug tracker (/errores): staff add a product with a version and a
// component whose developer and default assignee is Rodrigo Pech (a developer in the
// demo); Ana files a report with a log attached (two steps: product and title, then the
// details) and the log is served only as a download; Soluciones Norte types a similar
// title and the report is proposed while she types, and again on the second step, where
// "es el mismo error" adds her to it; Rodrigo triages the report (Confirmado, Alta) and
// the change history says so; a second report, filed without JavaScript, is marked as
// the first one's duplicate ("Duplicado"); Ana's forum question is reported as a bug
// from the question ("Reportar como error") and the question shows the bug's status as
// it moves (triaged without JavaScript). The list announces its Atom feed and links the
// CSV export. The same in English (a report filed and proposed while typing, a triaged
// report read). Last, "es el mismo error" among the suggestions shown while typing must
// send to that report, like the second step's. axe-core on every page visited (those
// reached without JavaScript are checked as a JavaScript context gets them: axe.run
// waits on timers, which a page without JavaScript never runs); CSP and console
// watched. Sign-in pages are the account test's.
//
// Plain Node script (no test runner). Run from this directory:
//
//   npm install         # once: playwright-core + axe-core
//   node bugs.test.mjs  # (npm test runs every *.test.mjs in turn)
//
// Environment: SOPORTE_BIN, SOPORTE_BROWSER_DATABASE_URL and CHROMIUM_PATH, see lib.mjs.
// The server is started with `soporte demo`: the people (staff, Ana López, Rodrigo Pech
// the developer, Soluciones Norte) and the forum's categories come from the demo
// content. On PostgreSQL the database may be shared with the other browser tests (and
// earlier runs): the product, the reports and the question carry the run's stamp, and
// what is checked is what this test wrote.
//
// Screenshots go to <repo>/target/browser/bugs-*.png. Exits non-zero on any failure.

import {
  axe, check, checkMonitor, eq, expectH1, follow, htmlLang, launchBrowser, openContext, pageCsp,
  pathOf, runBrowserTest, shot, signInAs, sleep, startServer, submit,
} from './lib.mjs';

const PASSWORD = 'mxos demo en mérida';
const STAFF = { email: 'equipo@fundacion.mxos.mx', password: PASSWORD, name: 'Equipo de la Fundación MxOS' };
const ANA = { email: 'ana.lopez@ejemplo.mx', password: PASSWORD, name: 'Ana López' };
const RODRIGO = { email: 'rodrigo.pech@ejemplo.mx', password: PASSWORD, name: 'Rodrigo Pech' };
const NORTE = { email: 'mesa@solucionesnorte.mx', password: PASSWORD, name: 'Soluciones Norte' };

const STAMP = Date.now().toString(36);
const PRODUCT = { name: `Navegador ${STAMP}`, slug: `navegador-${STAMP}`, description: 'El navegador web de MxOS.' };
const SERIES = '1.0';
const COMPONENT = { name: 'Pestañas', slug: 'pestanas' };

const LIST = '/errores';
const REPORT = '/errores/reportar';
const PRODUCTS = '/errores/productos';

// Ana's report, with a log attached.
const FIRST = {
  title: `La pestaña se cierra sola al descargar un PDF ${STAMP}`,
  happened: 'Al descargar un **PDF** grande, la pestaña se cierra sin avisar.',
  steps: '1. Abre un sitio con un PDF.\n2. Descárgalo.',
  expected: 'Que el PDF se descargara y la pestaña siguiera abierta.',
  architecture: 'x86_64',
  tags: 'pdf, descargas',
  log: { name: 'registro-navegador.log', text: `[12:01:07] pestaña 3: descarga iniciada (documento.pdf)\n[12:01:09] pestaña 3: proceso terminado (señal 11)\n` },
};
// What Soluciones Norte types: the same problem in other words.
const SIMILAR = `Se cierra la pestaña al descargar PDF ${STAMP}`;
// The report filed without JavaScript, later marked as the first one's duplicate.
const SECOND = {
  title: `Descargar un PDF cierra la pestaña ${STAMP}`,
  happened: 'Cada vez que descargo un PDF se cierra la pestaña.',
  log: { name: 'otra-vez.log', text: 'pestaña 2: proceso terminado (señal 11)\n' },
};
// Ana's forum question, reported as a bug by Rodrigo.
const QUESTION = {
  category: 'Audio y video',
  title: `El video del navegador se queda congelado a los 5 segundos ${STAMP}`,
  body: 'Cualquier video en el navegador se congela a los **5 segundos**; el audio sigue.',
};
// The English report.
const ENGLISH = {
  title: `Bookmarks vanish after closing the browser ${STAMP}`,
  similar: `Bookmarks disappear after closing browser ${STAMP}`,
  happened: 'Every bookmark I saved is gone the next time I open the browser.',
  log: { name: 'bookmarks.log', text: 'profile: bookmarks.db not found, creating a new one\n' },
};

const ES = {
  listH1: 'Gestor de errores',
  report: 'Reportar un error',
  feed: 'Suscribirse a esta lista (Atom)',
  csv: 'Descargar en CSV',
  productsH1: 'Productos y componentes',
  productNew: 'Nuevo producto',
  productName: 'Nombre',
  productDescription: 'Descripción',
  series: 'Versiones',
  seriesNew: 'Nueva versión',
  componentNew: 'Nuevo componente',
  personEmail: 'Correo de la persona',
  duty: 'Función',
  add: 'Agregar',
  dutyDeveloper: 'Equipo de desarrollo',
  dutyAssignee: 'Asignación predeterminada',
  product: 'Producto',
  title: 'Resumen del problema',
  next: 'Buscar reportes parecidos y seguir',
  duplicatesH2: '¿Es alguno de estos?',
  duplicatesNone: 'No encontramos reportes parecidos. Sigue con los detalles.',
  sameBug: 'Es el mismo error',
  sameNotice: 'Listo: te sumamos a este reporte. Te avisaremos cuando cambie.',
  details: `Cuéntanos los detalles · ${PRODUCT.name}`,
  happened: '¿Qué pasó?',
  steps: 'Pasos para reproducirlo',
  expected: 'Qué esperabas que pasara',
  component: 'Componente',
  version: 'Versión de MxOS',
  architecture: 'Arquitectura',
  tags: 'Etiquetas',
  attachments: 'Archivos adjuntos (registros, capturas, volcados)',
  file: 'Enviar el reporte',
  status: 'Estado',
  importance: 'Importancia',
  assignee: 'Asignado a',
  reporter: 'Reportado por',
  affected: 'Personas afectadas',
  attachmentsH2: 'Archivos adjuntos',
  statusNew: 'Nuevo',
  confirmed: 'Confirmado',
  duplicate: 'Duplicado',
  high: 'Alta',
  undecided: 'Sin decidir',
  meToo: 'Me afecta también',
  subscribe: 'Recibir avisos de este reporte',
  unsubscribe: 'Dejar de recibir avisos',
  triage: 'Clasificación',
  save: 'Guardar',
  duplicateRegion: 'Duplicado',
  duplicateOf: 'Número del reporte original (vacío para desmarcar)',
  isDuplicate: 'Este reporte es un duplicado de',
  activity: 'Historial de cambios',
  comments: 'Comentarios',
  comment: 'Tu comentario (Markdown)',
  commentSend: 'Comentar',
  related: 'Relacionado',
  became: 'Se convirtió en',
  cameFrom: 'Surgió de',
  duplicateOfLink: 'Es un duplicado de',
  hasDuplicate: 'Tiene un duplicado en',
  intake: 'Reportar como error',
  fromQuestion: `Reportado desde una pregunta de la comunidad de ${ANA.name}.`,
  // The forum's ask form.
  ask: { category: 'Categoría', title: 'Título', body: 'Descripción', preview: 'Vista previa y sugerencias', publish: 'Publicar' },
};
const EN = {
  lang: 'en',
  signIn: 'Sign in',
  email: 'Email',
  password: 'Password',
  listH1: 'Bug tracker',
  reportH1: 'Report a bug',
  product: 'Product',
  title: 'Summary of the problem',
  next: 'Look for similar reports and go on',
  duplicatesH2: 'Is it one of these?',
  sameBug: 'It is the same bug',
  happened: 'What happened?',
  attachments: 'Attachments (logs, screenshots, dumps)',
  file: 'Send the report',
  statusNew: 'New',
  confirmed: 'Confirmed',
  high: 'High',
  activity: 'Change history',
  triage: 'Triage',
  status: 'Status',
  importance: 'Importance',
  attachmentsH2: 'Attachments',
};

// Nothing here is refused on purpose; nothing should fail to load.
const EXPECTED_CONSOLE = null;

// ---------------------------------------------------------------- helpers

const main = (page) => page.locator('main');
const region = (page, name) => main(page).getByRole('region', { name, exact: true });
const badge = async (page) => (await main(page).locator('dl.facts span.badge').innerText()).trim();
const badgeClass = (page) => main(page).locator('dl.facts span.badge').getAttribute('class');
const escapeRe = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// "Es el mismo error" and its visually hidden ": #N" (Chromium puts a space between
// the two, the hidden span being positioned).
const sameBugName = (lang, n) => new RegExp(`^${escapeRe(lang.sameBug)}\\s*: #${n}$`);
const logFile = ({ name, text }) => ({ name, mimeType: 'text/plain', buffer: Buffer.from(text, 'utf8') });

// The text of the fact `term` in the report's list of facts.
async function fact(page, term) {
  return (await main(page).locator('dl.facts dt', { hasText: new RegExp(`^${escapeRe(term)}$`) })
    .locator('xpath=following-sibling::dd[1]').innerText()).trim();
}

// The rows of the change history: [field, before, after] (who and when left out).
async function activity(page, name) {
  return region(page, name).locator('table tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.cells].slice(2).map((td) => td.textContent.trim())));
}

// The number of the report whose page is open.
const bugNumber = (page) => Number(pathOf(page).split('/').pop());

// Sends the first step (a GET form) and waits for the second.
async function nextStep(page, name, label) {
  await Promise.all([
    page.waitForURL((u) => u.pathname === REPORT && u.searchParams.has('titulo')),
    main(page).getByRole('button', { name, exact: true }).click(),
  ]);
  await page.waitForLoadState('load');
  const u = new URL(page.url());
  check(u.searchParams.get('producto') === PRODUCT.slug, `${label}: the first step sends the product and the title (GET)`, page.url());
}

// Sends the whole report and waits for its page. Returns the report's number.
async function fileReport(page, name, label) {
  const res = await submit(page, main(page).getByRole('button', { name, exact: true }), REPORT);
  eq(res.status(), 303, `${label}: POST ${REPORT} redirects (303)`);
  await page.waitForURL((u) => /^\/errores\/\d+$/.test(u.pathname));
  await page.waitForLoadState('load');
  return bugNumber(page);
}

// Types `text` into the first step's title and waits until the suggestions under it
// propose report `number`. A report just filed reaches the search a moment later, so
// the title is typed again (after clearing it) until it does, for up to 20 s.
async function typeUntilProposed(page, label, text, number) {
  const input = main(page).getByLabel(label, { exact: true });
  const proposed = main(page).locator('#posibles-duplicados').locator(`a[href="/errores/${number}"]`);
  const deadline = Date.now() + 20_000;
  for (let attempt = 1; ; attempt++) {
    await input.fill('');
    await input.pressSequentially(text, { delay: 10 });
    try {
      await proposed.waitFor({ timeout: 3_000 });
      return attempt;
    } catch {
      if (Date.now() > deadline) {
        check(false, `while typing "${text}", report #${number} is proposed`,
          `after ${attempt} attempts: ${await main(page).locator('#posibles-duplicados').innerHTML()}`);
      }
      await sleep(500);
    }
  }
}

// Checks the attachment link `name` on the report's page: a download, never a page.
async function checkDownload(page, { name, text }, label) {
  const link = main(page).locator('ul.attachments a', { hasText: name });
  eq(await link.count(), 1, `${label}: the attachment "${name}" is linked`);
  const href = await link.getAttribute('href');
  check(/^\/errores\/adjuntos\/\d+$/.test(href), `${label}: it links to /errores/adjuntos/ID`, href);
  check(await link.getAttribute('download') !== null, `${label}: the link is marked download`);
  const res = await page.request.get(href);
  eq(res.status(), 200, `${label}: GET ${href} is 200`);
  const headers = res.headers();
  check(/^attachment\b/.test(headers['content-disposition'] || ''), `${label}: served with Content-Disposition: attachment`,
    headers['content-disposition']);
  check((headers['content-disposition'] || '').includes(name), `${label}: … with the file's name`, headers['content-disposition']);
  eq(headers['x-content-type-options'], 'nosniff', `${label}: served with X-Content-Type-Options: nosniff`);
  eq(await res.text(), text, `${label}: the download is the file sent`);
}

// Signs in through the English form (the context speaks English).
async function signInEnglish(page, who, label) {
  await page.goto('/cuenta/entrar');
  await expectH1(page, EN.signIn, `${label}: sign-in`);
  await main(page).getByLabel(EN.email, { exact: true }).fill(who.email);
  await main(page).getByLabel(EN.password, { exact: true }).fill(who.password);
  const res = await submit(page, main(page).getByRole('button', { name: EN.signIn, exact: true }), '/cuenta/entrar');
  eq(res.status(), 303, `${label}: POST /cuenta/entrar redirects (303)`);
}

// ---------------------------------------------------------------- scenarios

// 1. Staff add the product, its version and component, and Rodrigo to the component.
async function products(staff) {
  const page = staff.page;
  await signInAs(page, STAFF, 'staff');
  await page.goto(PRODUCTS);
  await expectH1(page, ES.productsH1, 'products');
  await axe(page, 'the products page');
  const fresh = region(page, ES.productNew);
  await fresh.getByLabel(ES.productName, { exact: true }).fill(PRODUCT.name);
  await fresh.getByLabel(ES.productDescription, { exact: true }).fill(PRODUCT.description);
  let res = await submit(page, fresh.getByRole('button', { name: ES.add, exact: true }), PRODUCTS);
  eq(res.status(), 303, 'a new product: 303');
  const section = region(page, PRODUCT.name);
  eq(await section.count(), 1, `the products page shows "${PRODUCT.name}"`);
  eq(await section.getByRole('link', { name: PRODUCT.name, exact: true }).getAttribute('href'),
    `/errores/producto/${PRODUCT.slug}`, 'the product links to its list');

  const seriesForm = section.locator(`form[action="/errores/productos/${PRODUCT.slug}/serie"]`);
  await seriesForm.getByLabel(ES.seriesNew, { exact: true }).fill(SERIES);
  res = await submit(page, seriesForm.getByRole('button', { name: ES.add, exact: true }), `/errores/productos/${PRODUCT.slug}/serie`);
  eq(res.status(), 303, 'a new version: 303');
  const componentForm = section.locator(`form[action="/errores/productos/${PRODUCT.slug}/componente"]`);
  await componentForm.getByLabel(ES.componentNew, { exact: true }).fill(COMPONENT.name);
  res = await submit(page, componentForm.getByRole('button', { name: ES.add, exact: true }), `/errores/productos/${PRODUCT.slug}/componente`);
  eq(res.status(), 303, 'a new component: 303');

  const personPath = `/errores/productos/${PRODUCT.slug}/persona`;
  for (const [duty, label] of [['developer', ES.dutyDeveloper], ['assignee', ES.dutyAssignee]]) {
    const form = section.locator(`form[action="${personPath}"]`);
    await form.getByLabel(ES.component, { exact: true }).selectOption(COMPONENT.slug);
    await form.getByLabel(ES.personEmail, { exact: true }).fill(RODRIGO.email);
    await form.getByLabel(ES.duty, { exact: true }).selectOption(duty);
    res = await submit(page, form.getByRole('button', { name: ES.add, exact: true }), personPath);
    eq(res.status(), 303, `${RODRIGO.name} as "${label}": 303`);
  }
  const text = await section.innerText();
  check(text.includes(`${ES.series}: ${SERIES}`), `the product lists its version ${SERIES}`, text);
  check(text.includes(`${COMPONENT.name} · ${RODRIGO.name} (`) && text.includes(`${RODRIGO.name} (${ES.dutyDeveloper})`)
    && text.includes(`${RODRIGO.name} (${ES.dutyAssignee})`),
    `the component "${COMPONENT.name}" lists ${RODRIGO.name} as developer and default assignee`, text);
  await axe(page, 'the products page with the new product');
  await shot(page, 'bugs-products.png');
}

// 2. Ana files a report with a log attached, with JavaScript.
async function fileFirst(ana) {
  const page = ana.page;
  await signInAs(page, ANA, 'Ana');
  await page.goto(LIST);
  await expectH1(page, ES.listH1, 'the tracker');
  await follow(page, main(page).getByRole('link', { name: ES.report, exact: true }), REPORT);
  await expectH1(page, ES.report, 'the report form');
  await axe(page, 'the report form, first step');
  await main(page).getByLabel(ES.product, { exact: true }).selectOption({ label: PRODUCT.name });
  await main(page).getByLabel(ES.title, { exact: true }).fill(FIRST.title);
  await nextStep(page, ES.next, 'Ana');
  await expectH1(page, ES.report, 'the second step');
  eq(await region(page, ES.duplicatesH2).count(), 1, `the second step asks "${ES.duplicatesH2}"`);
  const details = region(page, ES.details);
  eq(await details.count(), 1, `the second step asks for the details ("${ES.details}")`);
  eq(await details.getByLabel(ES.title, { exact: true }).inputValue(), FIRST.title, 'the second step keeps the title');
  await details.getByLabel(ES.happened, { exact: true }).fill(FIRST.happened);
  await details.getByLabel(ES.steps, { exact: true }).fill(FIRST.steps);
  await details.getByLabel(ES.expected, { exact: true }).fill(FIRST.expected);
  await details.getByLabel(ES.component, { exact: true }).selectOption({ label: COMPONENT.name });
  await details.getByLabel(ES.version, { exact: true }).selectOption(SERIES);
  await details.getByLabel(ES.architecture, { exact: true }).selectOption(FIRST.architecture);
  await details.getByLabel(ES.tags, { exact: true }).fill(FIRST.tags);
  await details.getByLabel(ES.attachments, { exact: true }).setInputFiles(logFile(FIRST.log));
  await axe(page, 'the report form, second step');
  const number = await fileReport(page, ES.file, 'Ana files');
  await expectH1(page, `#${number} ${FIRST.title}`, 'the new report');
  eq(await badge(page), ES.statusNew, `the new report is "${ES.statusNew}"`);
  eq(await badgeClass(page), 'badge status-new', 'its badge carries the status (status-new)');
  eq(await fact(page, ES.component), COMPONENT.name, `its component: ${COMPONENT.name}`);
  eq(await fact(page, ES.version), SERIES, `its version: ${SERIES}`);
  eq(await fact(page, ES.architecture), FIRST.architecture, `its architecture: ${FIRST.architecture}`);
  eq(await fact(page, ES.assignee), RODRIGO.name, `assigned at once to the component's default: ${RODRIGO.name}`);
  eq(await fact(page, ES.reporter), ANA.name, `reported by ${ANA.name}`);
  eq(await fact(page, ES.importance), ES.undecided, `importance "${ES.undecided}"`);
  eq(await main(page).locator('.prose strong').first().innerText(), 'PDF', 'the description is rendered Markdown');
  const prose = await main(page).locator('.prose').first().innerText();
  check(prose.includes(ES.steps) && prose.includes(ES.expected), 'the description has the steps and what was expected under their headings', prose);
  eq(await main(page).getByRole('heading', { name: ES.attachmentsH2, exact: true }).count(), 1, `"${ES.attachmentsH2}" heading`);
  await checkDownload(page, FIRST.log, 'the log');
  const meToo = main(page).getByRole('button', { name: `${ES.meToo} (1)`, exact: true });
  eq(await meToo.getAttribute('aria-pressed'), 'true', `the reporter is affected: "${ES.meToo} (1)" is pressed`);
  eq(await main(page).getByRole('button', { name: ES.unsubscribe, exact: true }).count(), 1,
    `the reporter follows it: "${ES.unsubscribe}"`);
  await axe(page, 'a new report');
  await shot(page, 'bugs-report.png');
  return number;
}

// 3. Soluciones Norte types a similar title: the report is proposed while she types,
// and on the second step, where "es el mismo error" adds her to it.
async function similar(norte, first) {
  const page = norte.page;
  await signInAs(page, NORTE, 'Soluciones Norte');
  await page.goto(REPORT);
  await main(page).getByLabel(ES.product, { exact: true }).selectOption({ label: PRODUCT.name });
  const attempts = await typeUntilProposed(page, ES.title, SIMILAR, first);
  check(true, `while typing "${SIMILAR}", #${first} is proposed under the title (typed ${attempts} time(s))`);
  const live = main(page).locator('#posibles-duplicados');
  check((await live.innerText()).includes(ES.duplicatesH2), `the live suggestions ask "${ES.duplicatesH2}"`);
  await axe(page, 'the report form with live suggestions');
  await shot(page, 'bugs-suggestions.png');
  eq(await live.getByRole('button', { name: sameBugName(ES, first) }).count(), 1,
    `the live suggestion has "${ES.sameBug}: #${first}"`);

  await nextStep(page, ES.next, 'Soluciones Norte');
  const dupes = region(page, ES.duplicatesH2);
  const item = dupes.locator('li', { has: page.locator(`a[href="/errores/${first}"]`) });
  eq(await item.count(), 1, `the second step proposes #${first}`);
  check((await item.innerText()).includes(ES.statusNew), `… with its status "${ES.statusNew}"`);
  await axe(page, 'the second step with a proposed duplicate');
  const same = item.getByRole('button', { name: sameBugName(ES, first) });
  const res = await submit(page, same, `/errores/${first}/mismo`);
  eq(res.status(), 303, `"${ES.sameBug}": POST /errores/${first}/mismo redirects (303)`);
  await page.waitForURL((u) => u.pathname === `/errores/${first}`);
  eq((await main(page).locator('p.notice[role="status"]').innerText()).trim(), ES.sameNotice, `"${ES.sameBug}": "${ES.sameNotice}"`);
  eq(await fact(page, ES.affected), '2', 'two people are affected now');
  eq(await main(page).getByRole('button', { name: `${ES.meToo} (2)`, exact: true }).getAttribute('aria-pressed'), 'true',
    `for her, "${ES.meToo} (2)" is pressed`);
  eq(await main(page).getByRole('button', { name: ES.unsubscribe, exact: true }).count(), 1,
    `and she follows it: "${ES.unsubscribe}"`);
  await axe(page, 'a report after "es el mismo error"');
}

// 4. Rodrigo, a developer, triages the report: Confirmado, Alta.
async function triage(rodrigo, first) {
  const page = rodrigo.page;
  await signInAs(page, RODRIGO, 'Rodrigo');
  await page.goto(`/errores/${first}`);
  const form = region(page, ES.triage);
  eq(await form.count(), 1, `a developer sees "${ES.triage}"`);
  await axe(page, 'a report as a developer sees it (triage, duplicate)');
  await form.getByLabel(ES.status, { exact: true }).selectOption({ label: ES.confirmed });
  await form.getByLabel(ES.importance, { exact: true }).selectOption({ label: ES.high });
  const res = await submit(page, form.getByRole('button', { name: ES.save, exact: true }), `/errores/${first}/estado`);
  eq(res.status(), 303, 'triage: POST …/estado redirects (303)');
  await page.waitForURL((u) => u.pathname === `/errores/${first}`);
  eq(await badge(page), ES.confirmed, `triaged: the report is "${ES.confirmed}"`);
  eq(await badgeClass(page), 'badge status-confirmed', 'its badge: status-confirmed');
  eq(await fact(page, ES.importance), ES.high, `triaged: importance "${ES.high}"`);
  const rows = await activity(page, ES.activity);
  for (const row of [[ES.status, ES.statusNew, ES.confirmed], [ES.importance, ES.undecided, ES.high]]) {
    check(rows.some((r) => JSON.stringify(r) === JSON.stringify(row)), `"${ES.activity}" has ${row.join(' · ')}`, JSON.stringify(rows));
  }
  const who = await region(page, ES.activity).locator('table tbody tr', { hasText: ES.confirmed }).first().locator('td').nth(1).innerText();
  eq(who.trim(), RODRIGO.name, `… done by ${RODRIGO.name}`);
  eq(await region(page, ES.triage).getByLabel(ES.status, { exact: true }).inputValue(), 'confirmed', 'the form now starts from Confirmado');
  await axe(page, 'a triaged report');
}

// 5. Without JavaScript, Soluciones Norte files a second report through both steps
// (the second one proposes the first), with a log; Rodrigo marks it a duplicate.
async function duplicate(base, browser, norte, rodrigo, first) {
  const nojs = await openContext(browser, base, 'Soluciones Norte without JavaScript', {
    javaScriptEnabled: false, storageState: await norte.context.storageState(),
  });
  const page = nojs.page;
  await page.goto(REPORT);
  await expectH1(page, ES.report, 'the report form without JavaScript');
  await main(page).getByLabel(ES.product, { exact: true }).selectOption({ label: PRODUCT.name });
  await main(page).getByLabel(ES.title, { exact: true }).fill(SECOND.title);
  await nextStep(page, ES.next, 'without JavaScript');
  const proposed = region(page, ES.duplicatesH2).locator(`a[href="/errores/${first}"]`);
  eq(await proposed.count(), 1, `without JavaScript the second step proposes #${first}`);
  eq((await proposed.innerText()).trim(), `#${first} ${FIRST.title}`, '… by its number and title');
  const details = region(page, ES.details);
  await details.getByLabel(ES.happened, { exact: true }).fill(SECOND.happened);
  await details.getByLabel(ES.attachments, { exact: true }).setInputFiles(logFile(SECOND.log));
  const second = await fileReport(page, ES.file, 'without JavaScript');
  await expectH1(page, `#${second} ${SECOND.title}`, 'the report filed without JavaScript');
  eq(await badge(page), ES.statusNew, `it is "${ES.statusNew}"`);
  eq(await fact(page, ES.assignee), 'Sin asignar', 'no component, so nobody is assigned');
  await checkDownload(page, SECOND.log, 'its log');

  // Rodrigo marks it a duplicate of the first.
  const rpage = rodrigo.page;
  await rpage.goto(`/errores/${second}`);
  await axe(rpage, 'the report filed without JavaScript, as a developer sees it');
  const form = region(rpage, ES.duplicateRegion);
  await form.getByLabel(ES.duplicateOf, { exact: true }).fill(String(first));
  const res = await submit(rpage, form.getByRole('button', { name: ES.save, exact: true }), `/errores/${second}/duplicado`);
  eq(res.status(), 303, 'marking a duplicate: 303');
  await rpage.waitForURL((u) => u.pathname === `/errores/${second}`);
  eq(await badge(rpage), ES.duplicate, `marked: the report is "${ES.duplicate}"`);
  eq(await badgeClass(rpage), 'badge status-duplicate', 'its badge: status-duplicate');
  const notice = main(rpage).locator('p.notice', { hasText: ES.isDuplicate });
  eq((await notice.innerText()).trim(), `${ES.isDuplicate} #${first} ${FIRST.title}`, `"${ES.isDuplicate} #${first} …"`);
  eq(await notice.getByRole('link').getAttribute('href'), `/errores/${first}`, '… linking to it');
  eq(await region(rpage, ES.duplicateRegion).getByLabel(ES.duplicateOf, { exact: true }).inputValue(), String(first),
    'the duplicate form shows the original');
  const rows = await activity(rpage, ES.activity);
  check(rows.some((r) => JSON.stringify(r) === JSON.stringify([ES.status, ES.statusNew, ES.duplicate])),
    `"${ES.activity}": ${ES.status} · ${ES.statusNew} · ${ES.duplicate}`, JSON.stringify(rows));
  await axe(rpage, 'a report marked as a duplicate');
  await rpage.goto(`/errores/${first}`);
  const link = region(rpage, ES.related).locator('li', { hasText: ES.hasDuplicate });
  check((await link.innerText()).includes(`#${second} ${SECOND.title}`), `the original says "${ES.hasDuplicate} #${second} …"`,
    await region(rpage, ES.related).innerText());
  // A duplicate lives on in its original: its link shows the original's status.
  eq((await link.locator('span.badge.link-state').innerText()).trim(), ES.confirmed,
    `… with the badge of the original's status, "${ES.confirmed}"`);
  await axe(rpage, 'a report with a duplicate');
  return { nojs, second };
}

// 6. Ana asks in the forum; Rodrigo reports the question as a bug; the question shows
// the bug's status, and follows it when he triages it without JavaScript.
async function fromQuestion(base, browser, ana, rodrigo) {
  let page = ana.page;
  await page.goto('/comunidad/preguntar');
  await main(page).getByLabel(ES.ask.category, { exact: true }).selectOption({ label: QUESTION.category });
  await main(page).getByLabel(ES.ask.title, { exact: true }).fill(QUESTION.title);
  await main(page).getByLabel(ES.ask.body, { exact: true }).fill(QUESTION.body);
  await axe(page, 'the forum question form');
  await submit(page, main(page).getByRole('button', { name: ES.ask.preview, exact: true }), '/comunidad/preguntar');
  await axe(page, "the forum question's preview");
  const res = await submit(page, main(page).getByRole('button', { name: ES.ask.publish, exact: true }), '/comunidad/preguntar');
  eq(res.status(), 303, 'the question is published (303)');
  await page.waitForURL((u) => /^\/comunidad\/tema\/\d+$/.test(u.pathname));
  const topic = pathOf(page);
  const topicId = topic.split('/').pop();
  eq(await main(page).getByRole('link', { name: ES.intake, exact: true }).count(), 0,
    `a member does not see "${ES.intake}"`);

  page = rodrigo.page;
  await page.goto(topic);
  const intake = main(page).getByRole('link', { name: ES.intake, exact: true });
  eq(await intake.count(), 1, `a developer sees "${ES.intake}" on the question`);
  eq(await intake.getAttribute('href'), `${REPORT}?desde=topic:${topicId}`, `… leading to ${REPORT}?desde=topic:${topicId}`);
  await axe(page, 'a question as a developer sees it');
  await follow(page, intake, REPORT);
  await expectH1(page, ES.report, 'the report form from the question');
  eq(await main(page).getByLabel(ES.title, { exact: true }).inputValue(), QUESTION.title, "the form carries the question's title");
  await axe(page, 'the report form from a question');
  await main(page).getByLabel(ES.product, { exact: true }).selectOption({ label: PRODUCT.name });
  await nextStep(page, ES.next, 'from the question');
  eq(new URL(page.url()).searchParams.get('desde'), `topic:${topicId}`, 'the second step still names the question');
  const happened = await region(page, ES.details).getByLabel(ES.happened, { exact: true }).inputValue();
  check(happened.includes(QUESTION.body) && happened.includes(ES.fromQuestion),
    `"${ES.happened}" carries the question and "${ES.fromQuestion}"`, happened);
  await axe(page, 'the second step from a question');
  const bug = await fileReport(page, ES.file, 'from the question');
  await expectH1(page, `#${bug} ${QUESTION.title}`, 'the report from the question');
  const cameFrom = region(page, ES.related).locator('li', { hasText: ES.cameFrom });
  eq(await cameFrom.getByRole('link', { name: QUESTION.title, exact: true }).getAttribute('href'), topic,
    `the report says "${ES.cameFrom}" the question`);
  await axe(page, 'a report that came from a question');

  page = ana.page;
  await page.goto(topic);
  const became = region(page, ES.related).locator('li', { hasText: ES.became });
  eq((await became.innerText()).replace(/\s+/g, ' ').trim(), `${ES.became} #${bug} ${QUESTION.title} ${ES.statusNew}`,
    `the question says "${ES.became} #${bug} …" with the status "${ES.statusNew}"`);
  eq(await became.getByRole('link').getAttribute('href'), `/errores/${bug}`, '… linking to the report');
  eq((await became.locator('span.badge.link-state').innerText()).trim(), ES.statusNew, `… the badge "${ES.statusNew}"`);
  await axe(page, 'a question that became a bug');

  // Rodrigo triages it without JavaScript; the question follows.
  const nojs = await openContext(browser, base, 'Rodrigo without JavaScript', {
    javaScriptEnabled: false, storageState: await rodrigo.context.storageState(),
  });
  await nojs.page.goto(`/errores/${bug}`);
  const form = region(nojs.page, ES.triage);
  await form.getByLabel(ES.status, { exact: true }).selectOption({ label: ES.confirmed });
  const sent = await submit(nojs.page, form.getByRole('button', { name: ES.save, exact: true }), `/errores/${bug}/estado`);
  eq(sent.status(), 303, 'without JavaScript, triage: 303');
  eq(await badge(nojs.page), ES.confirmed, `without JavaScript, triaged: "${ES.confirmed}"`);
  await rodrigo.page.goto(`/errores/${bug}`);
  await axe(rodrigo.page, 'the report triaged without JavaScript');
  await page.goto(topic);
  eq((await region(page, ES.related).locator('li', { hasText: ES.became }).locator('span.badge.link-state').innerText()).trim(),
    ES.confirmed, `the question now shows the bug as "${ES.confirmed}"`);
  await axe(page, 'a question whose bug is confirmed');
  await shot(page, 'bugs-question.png');
  return nojs;
}

// 7. A comment with a log, without JavaScript (a multipart form).
async function comment(nojs, norte, first) {
  const page = nojs.page;
  await page.goto(`/errores/${first}`);
  const form = region(page, ES.comments);
  await form.getByLabel(ES.comment, { exact: true }).fill('A mí también me pasa con **cualquier** PDF.');
  await form.getByLabel(ES.attachments, { exact: true }).setInputFiles(logFile({ name: 'norte.log', text: 'pestaña 7: terminado\n' }));
  const res = await submit(page, form.getByRole('button', { name: ES.commentSend, exact: true }), `/errores/${first}/comentar`);
  eq(res.status(), 303, 'without JavaScript, a comment with a file: 303');
  const article = main(page).locator('article.comment', { hasText: 'A mí también me pasa' });
  eq(await article.locator('.prose strong').innerText(), 'cualquier', 'the comment shows, rendered');
  eq(await article.locator('ul.attachments a', { hasText: 'norte.log' }).count(), 1, "the comment's file is linked under it");
  await norte.page.goto(`/errores/${first}`);
  await axe(norte.page, 'a report with a comment and its file');
}

// 8. The list: the report with its status, the Atom feed announced, the CSV linked.
async function list(staff, first, second) {
  const page = staff.page;
  await page.goto(LIST);
  await expectH1(page, ES.listH1, 'the tracker');
  const alternate = page.locator('head link[rel="alternate"][type="application/atom+xml"]');
  eq(await alternate.count(), 1, 'the list announces its Atom feed (link rel=alternate)');
  eq(await alternate.getAttribute('href'), '/errores/feed.atom', '… at /errores/feed.atom');
  eq(await main(page).getByRole('link', { name: ES.feed, exact: true }).getAttribute('href'), '/errores/feed.atom', `"${ES.feed}" is linked`);
  eq(await main(page).getByRole('link', { name: ES.csv, exact: true }).getAttribute('href'), '/errores/export.csv', `"${ES.csv}" is linked`);
  await axe(page, 'the tracker');

  // The product's list, filtered to every status.
  await page.goto(`/errores/producto/${PRODUCT.slug}?estado=todos`);
  await expectH1(page, PRODUCT.name, "the product's list");
  const row = (n) => main(page).locator('table.bugs tbody tr', { has: page.locator(`a[href="/errores/${n}"]`) });
  eq((await row(first).locator('span.badge').innerText()).trim(), ES.confirmed, `the list shows #${first} as "${ES.confirmed}"`);
  eq((await row(second).locator('span.badge').innerText()).trim(), ES.duplicate, `the list shows #${second} as "${ES.duplicate}"`);
  const feedHref = await page.locator('head link[rel="alternate"][type="application/atom+xml"]').getAttribute('href');
  check(feedHref.startsWith('/errores/feed.atom?') && feedHref.includes(`producto=${PRODUCT.slug}`),
    "the product's list announces its own feed", feedHref);
  await axe(page, "a product's list");
  const feed = await page.request.get(feedHref);
  check((feed.headers()['content-type'] || '').startsWith('application/atom+xml'), 'the feed is Atom', feed.headers()['content-type']);
  check((await feed.text()).includes(`<title>#${first} ${FIRST.title}</title>`), `the feed has #${first}`);
  const csvHref = await main(page).getByRole('link', { name: ES.csv, exact: true }).getAttribute('href');
  const csv = await page.request.get(csvHref);
  check((csv.headers()['content-type'] || '').startsWith('text/csv'), 'the export is CSV', csv.headers()['content-type']);
  check(/^attachment\b/.test(csv.headers()['content-disposition'] || ''), 'the export is a download');
  const text = await csv.text();
  const cells = [first, FIRST.title, PRODUCT.name, COMPONENT.name, ES.confirmed, ES.high, RODRIGO.name].map((c) => `"${c}"`).join(',');
  check(text.includes(`\r\n${cells},`),
    `the export has #${first}, ${ES.confirmed}, ${ES.high}`, text.slice(0, 600));
}

// 9. In English: a report filed with a log, proposed while a similar title is typed;
// a triaged report read.
async function english(base, browser, first) {
  const en = await openContext(browser, base, 'Soluciones Norte in English', { locale: 'en-US' });
  const page = en.page;
  await signInEnglish(page, NORTE, 'in English');
  await page.goto(LIST);
  eq(await htmlLang(page), EN.lang, 'in English: <html lang="en">');
  await expectH1(page, EN.listH1, 'the tracker in English');
  await axe(page, 'the tracker in English');
  await follow(page, main(page).getByRole('link', { name: EN.reportH1, exact: true }), REPORT);
  await expectH1(page, EN.reportH1, 'the report form in English');
  await axe(page, 'the report form in English');
  await main(page).getByLabel(EN.product, { exact: true }).selectOption({ label: PRODUCT.name });
  await main(page).getByLabel(EN.title, { exact: true }).fill(ENGLISH.title);
  await nextStep(page, EN.next, 'in English');
  eq(await region(page, EN.duplicatesH2).count(), 1, `in English: "${EN.duplicatesH2}"`);
  await main(page).getByLabel(EN.happened, { exact: true }).fill(ENGLISH.happened);
  await main(page).getByLabel(EN.attachments, { exact: true }).setInputFiles(logFile(ENGLISH.log));
  await axe(page, 'the second step in English');
  const number = await fileReport(page, EN.file, 'in English');
  await expectH1(page, `#${number} ${ENGLISH.title}`, 'the English report');
  eq(await badge(page), EN.statusNew, `in English the report is "${EN.statusNew}"`);
  eq(await main(page).getByRole('heading', { name: EN.attachmentsH2, exact: true }).count(), 1, `in English: "${EN.attachmentsH2}"`);
  await checkDownload(page, ENGLISH.log, 'the English log');
  await axe(page, 'a report in English');

  await page.goto(REPORT);
  await main(page).getByLabel(EN.product, { exact: true }).selectOption({ label: PRODUCT.name });
  const attempts = await typeUntilProposed(page, EN.title, ENGLISH.similar, number);
  check(true, `in English, while typing "${ENGLISH.similar}", #${number} is proposed (typed ${attempts} time(s))`);
  check((await main(page).locator('#posibles-duplicados').innerText()).includes(EN.duplicatesH2), `… under "${EN.duplicatesH2}"`);
  await axe(page, 'the report form with live suggestions in English');
  await nextStep(page, EN.next, 'in English, the similar title');
  const item = region(page, EN.duplicatesH2).locator('li', { has: page.locator(`a[href="/errores/${number}"]`) });
  eq(await item.getByRole('button', { name: sameBugName(EN, number) }).count(), 1,
    `in English the second step proposes #${number} with "${EN.sameBug}"`);
  await axe(page, 'the second step in English with a proposed duplicate');

  await page.goto(`/errores/${first}`);
  eq(await badge(page), EN.confirmed, `in English the triaged report is "${EN.confirmed}"`);
  eq(await fact(page, EN.importance), EN.high, `in English its importance is "${EN.high}"`);
  const rows = await activity(page, EN.activity);
  check(rows.some((r) => JSON.stringify(r) === JSON.stringify([EN.status, EN.statusNew, EN.confirmed])),
    `in English "${EN.activity}" has ${EN.status} · ${EN.statusNew} · ${EN.confirmed}`, JSON.stringify(rows));
  eq(await region(page, EN.triage).count(), 0, 'a partner does not see the triage form');
  await axe(page, 'a triaged report in English');
  return en;
}

// 10. "Es el mismo error" right under the title, while typing: the suggestions that
// appear there have the same button as the second step's, and it must do the same
// (POST /errores/N/mismo), not send the first step's form. Last, so that a failure
// here leaves the rest of the walk checked.
async function liveSameBug(norte, first) {
  const page = norte.page;
  await page.goto(REPORT);
  await main(page).getByLabel(ES.product, { exact: true }).selectOption({ label: PRODUCT.name });
  await typeUntilProposed(page, ES.title, SIMILAR, first);
  const button = main(page).locator('#posibles-duplicados').getByRole('button', { name: sameBugName(ES, first) });
  const tokens = await main(page).locator(`form[method="get"][action="${REPORT}"] input[name="csrf"]`).count();
  eq(tokens, 0, 'with suggestions shown under the title, the first step\'s GET form holds no csrf token (it would go into the URL)');
  const form = await button.evaluate((b) => (b.form ? `${b.form.method.toUpperCase()} ${b.form.getAttribute('action')}` : 'none'));
  const [request] = await Promise.all([
    page.waitForRequest((r) => r.isNavigationRequest() && r.frame() === page.mainFrame()),
    button.click(),
  ]);
  await page.waitForLoadState('load');
  const sent = new URL(request.url());
  check(request.method() === 'POST' && sent.pathname === `/errores/${first}/mismo`,
    `"${ES.sameBug}" among the suggestions shown while typing sends POST /errores/${first}/mismo`,
    `the button belongs to the form ${form}; the browser sent ${request.method()} ${sent.pathname}`
    + `${sent.search.replace(/csrf=[^&]*/, 'csrf=…')}`
    + (sent.searchParams.has('csrf') ? ' (the csrf token is in the query string)' : ''));
  eq((await main(page).locator('p.notice[role="status"]').innerText()).trim(), ES.sameNotice, `… and says "${ES.sameNotice}"`);
}

// ---------------------------------------------------------------- main

await runBrowserTest('bug tracker browser test', async () => {
  const started = Date.now();
  const base = await startServer({ command: 'demo' });
  const browser = await launchBrowser();
  const staff = await openContext(browser, base, 'staff (products)');
  const ana = await openContext(browser, base, 'Ana (reports, asks)');
  const norte = await openContext(browser, base, 'Soluciones Norte (same bug)');
  const rodrigo = await openContext(browser, base, 'Rodrigo (developer)');

  await products(staff);
  const first = await fileFirst(ana);
  await similar(norte, first);
  await triage(rodrigo, first);
  const { nojs: norteNoJs, second } = await duplicate(base, browser, norte, rodrigo, first);
  const rodrigoNoJs = await fromQuestion(base, browser, ana, rodrigo);
  await comment(norteNoJs, norte, first);
  await list(staff, first, second);
  const en = await english(base, browser, first);
  await liveSameBug(norte, first);

  for (const who of [staff, ana, norte, rodrigo, en, norteNoJs, rodrigoNoJs]) {
    // Without JavaScript the page cannot record CSP events itself; the monitor still
    // hears the browser's reports.
    if (who !== norteNoJs && who !== rodrigoNoJs) await pageCsp(who.page, who.mon.name);
    await checkMonitor(who.mon, { allowConsole: EXPECTED_CONSOLE });
    await who.context.close();
  }
  check(true, `the walk took ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
