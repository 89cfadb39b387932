// Browser test for the partner directory (/socios): a buyer looks for a partner in
// Yucatán that answers 24/7 and is verified, with the directory's form (the filters
// land in the address, and that address alone gives the same list), opens Península
// Digital's profile (the coverage map drawn on the server: 32 squares, Yucatán and
// Quintana Roo with offices, Campeche served) and asks it for a proposal; the page
// says which number the request got in the partner's desk, and the partner's admin
// finds it in the desk's queue, with what the buyer wrote. In English and without
// JavaScript the same: the filter form (a GET) and the request form (a POST) work with
// no script. A member opens the application form and sends an RFC with a wrong check
// digit: the form says so beside the field and keeps what was written. The
// foundation's staff see the applications waiting for review. axe-core on every page
// visited (pages reached without JavaScript are checked as a JavaScript context gets
// them); CSP and console watched.
//
// The certified-people filter is not walked here yet: certificates come with the
// certification area.
//
// Plain Node script (no test runner). Run from this directory:
//
//   npm install             # once: playwright-core + axe-core
//   node partners.test.mjs  # (npm test runs every *.test.mjs in turn)
//
// Environment: SOPORTE_BIN, SOPORTE_BROWSER_DATABASE_URL and CHROMIUM_PATH, see lib.mjs.
// The server is started with `soporte demo`: the directory's partners, Península
// Digital's desk and its admin come from the demo content. On PostgreSQL the database
// may be shared with earlier runs: requests carry the run's stamp.
//
// Screenshots go to <repo>/target/browser/partners-*.png. Exits non-zero on any failure.

import {
  axe, check, checkMonitor, eq, expectH1, follow, launchBrowser, openContext, pageCsp,
  runBrowserTest, shot, signInAs, startServer, submit,
} from './lib.mjs';

const PASSWORD = 'mxos demo en mérida';
const DESK_ADMIN = { email: 'mesa@peninsuladigital.mx', password: PASSWORD, name: 'Península Digital' };
const ANA = { email: 'ana.lopez@ejemplo.mx', password: PASSWORD, name: 'Ana López' };
const STAFF = { email: 'equipo@fundacion.mxos.mx', password: PASSWORD, name: 'Equipo de la Fundación MxOS' };

const DIRECTORY = '/socios';
const PROFILE = '/socios/peninsula-digital';
const QUEUE = '/soporte-profesional/mesa/peninsula-digital';
const STAMP = Date.now().toString(36);
const SENT_BACK = /Failed to load resource: the server responded with a status of 422/;

const ES = {
  locale: 'es-MX',
  h1: 'Directorio de Socios',
  state: 'Estado',
  yucatan: 'Yucatán',
  hours: 'Horario',
  always: '24/7',
  verified: 'Solo socios con verificación vigente',
  search: 'Buscar socios',
  found: /^\d+ socios? cumplen? con estos filtros\.$|^Un socio cumple con estos filtros\.$/,
  name: 'Tu nombre',
  email: 'Correo',
  organization: 'Tu organización',
  size: 'Tamaño de la organización',
  sizeChoice: 'De 51 a 250 personas',
  service: 'Servicio que necesitas',
  serviceChoice: 'Administración',
  urgency: 'Urgencia',
  urgencyChoice: 'Alta: en uno o dos días',
  need: 'Qué necesitas',
  send: 'Enviar solicitud',
  sent: /^Tu solicitud llegó a la mesa de Península Digital con el número (\d+)\. Te enviamos un correo de confirmación\.$/,
  ticket: (org) => `Solicitud del directorio: Administración para ${org}`,
  mapTitle: 'Mapa de cobertura por estado',
};

const EN = {
  locale: 'en',
  h1: 'Partner Directory',
  state: 'State',
  yucatan: 'Yucatán',
  hours: 'Hours',
  always: '24/7',
  verified: 'Only partners with a verification in force',
  search: 'Search partners',
  found: /^\d+ partners match these filters\.$|^One partner matches these filters\.$/,
  name: 'Your name',
  email: 'Email',
  organization: 'Your organization',
  size: 'Size of the organization',
  sizeChoice: '51 to 250 people',
  service: 'Service you need',
  serviceChoice: 'Administration',
  urgency: 'Urgency',
  urgencyChoice: 'High: within a day or two',
  need: 'What you need',
  send: 'Send request',
  sent: /^Your request reached the desk of Península Digital as number (\d+)\. We sent you a confirmation email\.$/,
  ticket: (org) => `Solicitud del directorio: Administración para ${org}`,
  mapTitle: 'Coverage map by state',
};

const main = (page) => page.locator('main');
const names = (page) => main(page).locator('ul.partners h2 a').allInnerTexts();

// ---------------------------------------------------------------- scenarios

// Filters the directory to Yucatán, 24/7, verified, with the form; returns the URL.
async function findInYucatan({ page }, L, label, { js }) {
  await page.goto(DIRECTORY);
  await expectH1(page, L.h1, `${label}: directory`);
  if (js) await axe(page, `${label}: directory`);
  const form = main(page).getByRole('search');
  await form.getByLabel(L.state, { exact: true }).selectOption({ label: L.yucatan });
  await form.getByLabel(L.hours, { exact: true }).selectOption({ label: L.always });
  await form.getByLabel(L.verified, { exact: true }).check();
  await Promise.all([
    page.waitForURL((u) => u.pathname === DIRECTORY && u.searchParams.get('estado') === 'YUC'),
    form.getByRole('button', { name: L.search, exact: true }).click(),
  ]);
  await page.waitForLoadState('load');
  const url = new URL(page.url());
  eq(url.searchParams.get('horario'), '24x7', `${label}: the address carries the hours`);
  eq(url.searchParams.get('verificado'), 'si', `${label}: the address carries "verified"`);
  const found = await names(page);
  check(found.includes('Península Digital'), `${label}: Península Digital (Mérida, 24/7) is found`, found.join(', '));
  check(found.includes('Capital Libre'), `${label}: Capital Libre (remote, whole country, 24/7) is found`, found.join(', '));
  check(!found.includes('Código Maya'), `${label}: Código Maya (business hours) is not`, found.join(', '));
  check(!found.includes('Soluciones Norte'), `${label}: Soluciones Norte (Baja California) is not`, found.join(', '));
  check(L.found.test((await main(page).locator('p[role="status"]').innerText()).trim()),
    `${label}: the page says how many partners match`);
  await shot(page, `partners-directory-${L.locale}${js ? '' : '-nojs'}.png`);
  return page.url();
}

// Opens Península Digital from the list and checks its coverage map.
async function openProfile({ page }, L, label, { js }) {
  await follow(page, main(page).getByRole('link', { name: 'Península Digital', exact: true }), PROFILE);
  await expectH1(page, 'Península Digital', `${label}: profile`);
  const map = main(page).locator('svg.mx-map');
  eq(await map.getAttribute('role'), 'img', `${label}: the map is an image`);
  eq((await map.locator('title#mapa-titulo').textContent()).trim(), L.mapTitle, `${label}: the map has a title`);
  eq(await map.locator('rect').count(), 32, `${label}: one square per state`);
  eq(await map.locator('g[data-state="YUC"]').getAttribute('class'), 'covered office', `${label}: Yucatán has an office`);
  eq(await map.locator('g[data-state="ROO"]').getAttribute('class'), 'covered office', `${label}: Quintana Roo has an office`);
  eq(await map.locator('g[data-state="CAM"]').getAttribute('class'), 'covered', `${label}: Campeche is served`);
  eq(await map.locator('g[data-state="SON"]').getAttribute('class'), 'uncovered', `${label}: Sonora is not`);
  if (js) await profileAxe(page, `${label}: profile`);
}

// The relative luminance of a CSS rgb() colour (WCAG 2.1).
function luminance(rgb) {
  const [r, g, b] = rgb.match(/\d+/g).slice(0, 3).map((c) => {
    const v = Number(c) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

// axe on a profile, but for the map's state codes: axe cannot tell the background of
// text drawn over an SVG shape (it leaves them "undecided"), so this checks their
// contrast itself, against the fill of the square each is drawn on (AA: 4.5:1).
async function profileAxe(page, label) {
  await axe(page, label, { exclude: ['svg.mx-map text'] });
  const pairs = await page.locator('svg.mx-map g').evaluateAll((gs) => gs.map((g) => [
    g.getAttribute('data-state'),
    getComputedStyle(g.querySelector('text')).fill,
    getComputedStyle(g.querySelector('rect')).fill,
  ]));
  eq(pairs.length, 32, `${label}: the map's 32 squares are measured`);
  for (const [state, text, square] of pairs) {
    const [hi, lo] = [luminance(text), luminance(square)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    check(ratio >= 4.5, `${label}: ${state}'s code is legible on its square (${ratio.toFixed(1)}:1)`, `${text} on ${square}`);
  }
}

// Sends a request from the open profile; returns its number in the desk and the
// organization it names.
async function ask({ page }, L, label, { js, signedIn = false }) {
  const organization = `Hospital ${STAMP} ${L.locale}${js ? '' : ' nojs'}`;
  const form = main(page).getByRole('region', { name: L.locale === 'en' ? 'Ask for a proposal' : 'Pide una propuesta' });
  if (!signedIn) {
    await form.getByLabel(L.name, { exact: true }).fill('Marta Canul');
    await form.getByLabel(L.email, { exact: true }).fill(`marta.${STAMP}@hospital.example`);
  }
  await form.getByLabel(L.organization, { exact: true }).fill(organization);
  await form.getByLabel(L.size, { exact: true }).selectOption({ label: L.sizeChoice });
  await form.getByLabel(L.state, { exact: true }).selectOption({ label: L.yucatan });
  await form.getByLabel(L.service, { exact: true }).selectOption({ label: L.serviceChoice });
  await form.getByLabel(L.urgency, { exact: true }).selectOption({ label: L.urgencyChoice });
  await form.getByLabel(L.need, { exact: true }).fill(`Soporte 24/7 para 40 escritorios MxOS (${STAMP}).`);
  const res = await submit(page, form.getByRole('button', { name: L.send, exact: true }), `${PROFILE}/contacto`);
  eq(res.status(), 303, `${label}: the request is taken (303)`);
  await page.waitForURL((u) => u.pathname === PROFILE && u.searchParams.has('enviado'));
  const notice = (await main(page).locator('p.notice[role="status"]').innerText()).trim();
  const match = L.sent.exec(notice);
  check(match !== null, `${label}: the page says the request reached the desk, with its number`, notice);
  if (js) await profileAxe(page, `${label}: request sent`);
  return { number: Number(match[1]), organization };
}

// The desk's admin finds each request in the desk's queue and reads it.
async function deskSees(browser, base, requests) {
  const admin = await openContext(browser, base, 'Península Digital (desk admin)');
  const { page } = admin;
  await signInAs(page, DESK_ADMIN, 'desk admin');
  await page.goto(QUEUE);
  for (const { number, organization } of requests) {
    const link = main(page).getByRole('link', { name: ES.ticket(organization), exact: true });
    eq(await link.count(), 1, `the desk's queue lists request #${number} (${organization})`);
  }
  await axe(page, 'desk queue with the requests');
  const { organization } = requests[0];
  const link = main(page).getByRole('link', { name: ES.ticket(organization), exact: true });
  await Promise.all([page.waitForURL((u) => /^\/soporte-profesional\/tickets\/\d+$/.test(u.pathname)), link.click()]);
  await page.waitForLoadState('load');
  const text = await main(page).innerText();
  check(text.includes(`Soporte 24/7 para 40 escritorios MxOS (${STAMP}).`), 'the ticket carries what the buyer wrote');
  check(text.includes(`${organization} (De 51 a 250 personas)`), 'and who they are');
  await axe(page, 'the request as a ticket');
  await shot(page, 'partners-request-in-desk.png');
  return admin;
}

// A member applies with a wrong check digit: told beside the field, nothing lost.
async function applyWithWrongRfc(browser, base) {
  const ana = await openContext(browser, base, 'Ana (applies)');
  const { page } = ana;
  await signInAs(page, ANA, 'Ana');
  await page.goto('/socios/solicitar');
  await expectH1(page, 'Solicitar entrar al directorio', 'application form');
  await axe(page, 'application form');
  const form = main(page).locator('form').first();
  await form.getByLabel('Nombre comercial', { exact: true }).fill(`Soporte ${STAMP}`);
  await form.getByLabel('Razón social', { exact: true }).fill(`Soporte ${STAMP}, S.A. de C.V.`);
  await form.getByLabel('RFC', { exact: true }).fill('GODE561231GR9');
  await form.getByLabel('Qué hace tu empresa', { exact: true }).fill('Instalamos y administramos MxOS en oficinas.');
  await form.getByLabel('Estado', { exact: true }).selectOption({ label: 'Jalisco' });
  await form.getByLabel('Ciudad', { exact: true }).fill('Guadalajara');
  await form.getByLabel('Domicilio', { exact: true }).fill('Av. Chapultepec 15');
  await form.getByRole('group', { name: 'Horario' }).getByLabel('Horario hábil', { exact: true }).check();
  await form.getByRole('group', { name: 'Servicios' }).getByLabel('Instalación', { exact: true }).check();
  await form.getByLabel('Correo', { exact: true }).fill(`hola.${STAMP}@soporte.example`);
  const res = await submit(page, form.getByRole('button', { name: 'Enviar solicitud', exact: true }), '/socios/solicitar');
  eq(res.status(), 422, 'a wrong application is sent back (422)');
  const problems = main(page).locator('.problems[role="alert"]');
  const told = await problems.innerText();
  check(told.includes('El dígito verificador del RFC no corresponde'), 'the wrong check digit is named', told);
  eq(await main(page).getByLabel('RFC', { exact: true }).getAttribute('aria-invalid'), 'true', 'the RFC field is marked invalid');
  eq(await main(page).getByLabel('Nombre comercial', { exact: true }).inputValue(), `Soporte ${STAMP}`, 'what was written stays');
  await axe(page, 'application sent back');
  return ana;
}

async function staffQueue(browser, base) {
  const staff = await openContext(browser, base, 'staff (review)');
  const { page } = staff;
  await signInAs(page, STAFF, 'staff');
  await page.goto('/socios/revision');
  await expectH1(page, 'Revisión de socios', 'review queue');
  const rows = await main(page).locator('table tbody tr td:first-child a').allInnerTexts();
  check(rows.includes('Golfo Redes') && rows.includes('Pacífico Libre'), 'the demo applications wait for review', rows.join(', '));
  await axe(page, 'review queue');
  const golfo = main(page).getByRole('link', { name: 'Golfo Redes', exact: true });
  await follow(page, golfo, await golfo.getAttribute('href'));
  await expectH1(page, 'Golfo Redes', 'an application');
  await axe(page, 'an application');
  return staff;
}

// ---------------------------------------------------------------- main

await runBrowserTest('partner directory browser test', async () => {
  const started = Date.now();
  const base = await startServer({ command: 'demo' });
  const browser = await launchBrowser();

  const es = await openContext(browser, base, 'buyer (es-MX)');
  const url = await findInYucatan(es, ES, 'es', { js: true });
  // The address alone gives the same list.
  const direct = await openContext(browser, base, 'buyer (the address)');
  await direct.page.goto(url);
  eq((await names(direct.page)).join(', '), (await names(es.page)).join(', '), 'the filters\' address alone gives the same list');
  await openProfile(es, ES, 'es', { js: true });
  const first = await ask(es, ES, 'es', { js: true });

  // English, without JavaScript (axe on a JavaScript context of the same pages).
  const en = await openContext(browser, base, 'buyer (en, no JavaScript)', { locale: 'en', javaScriptEnabled: false });
  const enUrl = await findInYucatan(en, EN, 'en, no JS', { js: false });
  const enJs = await openContext(browser, base, 'buyer (en, axe)', { locale: 'en' });
  await enJs.page.goto(enUrl);
  await axe(enJs.page, 'en: directory filtered');
  await openProfile(en, EN, 'en, no JS', { js: false });
  await enJs.page.goto(PROFILE);
  await profileAxe(enJs.page, 'en: profile');
  const second = await ask(en, EN, 'en, no JS', { js: false });
  await enJs.page.goto(`${PROFILE}?enviado=${second.number}`);
  await profileAxe(enJs.page, 'en: request sent');

  const admin = await deskSees(browser, base, [first, second]);
  const ana = await applyWithWrongRfc(browser, base);
  const staff = await staffQueue(browser, base);

  for (const who of [es, direct, en, enJs, admin, ana, staff]) {
    if (who !== en) await pageCsp(who.page, who.mon.name);
    // Ana's wrong application is answered 422 on purpose.
    await checkMonitor(who.mon, { allowConsole: who === ana ? SENT_BACK : null });
    await who.context.close();
  }
  check(true, `the walk took ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
