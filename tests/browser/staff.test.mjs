// Browser test for the staff's work in Soporte: the people pages (/admin/personas, a
// person's page, granting and revoking a role, the guard that keeps one staff member)
// and the audit log with its filter; what a role changes for the person who gets it
// (a trusted member publishes in the knowledge base at once); the knowledge base's
// review queue (a new member's articles wait, staff approve one and reject another);
// comparing two revisions of an article and reverting to the older one; and the FAQ
// page (categories, each question an anchor that works as a link). Members are refused
// the staff pages. axe-core on every page; CSP and console watched throughout.
//
// Plain Node script (no test runner). Run from this directory:
//
//   npm install          # once: playwright-core + axe-core
//   node staff.test.mjs  # (npm test runs every *.test.mjs in turn)
//
// Environment: SOPORTE_BIN, SOPORTE_BROWSER_DATABASE_URL and CHROMIUM_PATH, see lib.mjs.
// The server is started with `soporte demo`: the staff account and Ana López (a plain
// member) come from crates/server/src/demo.rs. Nothing here depends on what the other
// browser tests wrote before on the same database (scripts/test runs them all on one
// PostgreSQL database): counts are read before they are changed.
//
// Screenshots go to <repo>/target/browser/staff-*.png. Exits non-zero on any failure.

import {
  axe, check, checkMonitor, eq, expectH1, follow, launchBrowser, openContext, pageCsp, pathOf,
  runBrowserTest, shot, signInAs, startServer, submit,
} from './lib.mjs';

const PASSWORD = 'mxos demo en mérida';
const STAFF = { email: 'equipo@fundacion.mxos.mx', password: PASSWORD, name: 'Equipo de la Fundación MxOS' };
const ANA = { email: 'ana.lopez@ejemplo.mx', password: PASSWORD, name: 'Ana López' };

const DOCS = '/documentacion';
const KNOWLEDGE_BASE = `${DOCS}/base-de-conocimiento`;
const FAQ = `${DOCS}/preguntas-frecuentes`;
const REVIEW = `${DOCS}/revision`;
const BACKUPS = {
  title: 'Respaldos automáticos',
  path: `${DOCS}/guia-de-administrador/respaldos-automaticos`,
  line: 'Programa un respaldo diario con la herramienta de respaldos del sistema.',
  edited: 'Programa un respaldo semanal con la herramienta de respaldos del sistema.',
  summary: 'Respaldo semanal',
};
const FREE = { question: '¿MxOS es gratuito?', slug: 'mxos-es-gratuito' };

const ES = {
  admin: 'Administración',
  peopleH1: 'Personas',
  peopleSearch: 'Buscar por nombre o correo',
  search: 'Buscar',
  peopleCaption: 'Personas con cuenta (hasta 100)',
  roles: 'Roles',
  member: 'Miembro',
  trusted: 'Miembro de confianza',
  staff: 'Equipo de la Fundación',
  saveRoles: 'Guardar roles',
  rolesSaved: 'Roles guardados.',
  lastStaff: 'No se guardó: Soporte necesita al menos una persona del equipo de la Fundación.',
  auditH1: 'Registro de auditoría',
  auditCaption: 'Acciones de administración, de la más reciente a la más antigua',
  auditAction: 'Acción',
  auditPerson: 'Persona (correo)',
  auditAny: 'Todas',
  filter: 'Filtrar',
  granted: 'Rol otorgado',
  forumCategory: 'Categoría del foro guardada',
  deskOpened: 'Mesa de socio abierta',
  deskStaff: 'Personal de una mesa cambiado',
  revoked: 'Rol retirado',
  approvedAudit: 'Cambio de documentación aprobado',
  rejectedAudit: 'Cambio de documentación rechazado',
  forbiddenH1: 'Acceso no permitido',
  notFoundH1: 'Página no encontrada',
  newArticle: 'Nuevo artículo',
  fieldTitle: 'Título',
  fieldBody: 'Texto',
  fieldSummary: 'Resumen del cambio (opcional)',
  fieldCategory: 'Categoría',
  save: 'Guardar',
  edit: 'Editar',
  pending: 'Tu cambio quedó en revisión: se publicará cuando alguien de confianza lo apruebe. ¡Gracias por contribuir!',
  reviewH1: 'Cambios por revisar',
  reviewNew: 'artículo nuevo',
  approve: 'Aprobar y publicar',
  reject: 'Rechazar',
  lineRemoved: 'Línea eliminada:',
  lineAdded: 'Línea añadida:',
  history: 'Historial',
  historyH1: (title) => `Historial de «${title}»`,
  compareFrom: 'De la versión',
  compareTo: 'a la versión',
  compare: 'Comparar',
  comparePrevious: 'Comparar con la anterior',
  comparing: (from, to) => `Cambios de la versión ${from} a la ${to}`,
  revert: 'Volver a esta versión',
  revertedTo: (n) => `Revertido a la versión ${n}`,
  faqH1: 'Preguntas frecuentes',
  faqGeneral: 'Generales',
  faqPermalink: 'Página de esta pregunta',
};

// What the people in this test write.
const TRUSTED_ARTICLE = {
  title: 'Cambiar el tamaño del texto',
  body: 'Abre **Configuración › Accesibilidad** y mueve la barra «Tamaño del texto».\n',
};
const APPROVED = {
  title: 'Cómo cambiar el fondo de pantalla',
  slug: 'como-cambiar-el-fondo-de-pantalla',
  body: 'Haz clic derecho en el escritorio.\n\nElige **Cambiar fondo** y escoge una imagen.\n',
};
const REJECTED = {
  title: 'Borrar todo para que funcione',
  slug: 'borrar-todo-para-que-funcione',
  body: 'Ejecuta rm -rf / y reinicia.\n',
};
const NEW_QUESTION = {
  question: '¿Cuánta memoria necesito para instalar MxOS?',
  slug: 'cuanta-memoria-necesito-para-instalar-mxos',
  category: 'Instalación',
  body: 'Al menos **4 GB** de memoria y 25 GB libres en el disco.\n',
};

// The refusals (403), a missing page (404) and the last-staff guard (409) are answered
// with those statuses on purpose; Chromium logs each as a failed resource load.
const EXPECTED_CONSOLE = /Failed to load resource: the server responded with a status of (403|404|409)/;

// ---------------------------------------------------------------- helpers

const main = (page) => page.locator('main');
const cellsOf = (rows) => rows.evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent.trim())));
const tableRows = (page) => cellsOf(main(page).locator('table tbody tr'));
const notice = async (page) => (await main(page).locator('p.notice[role="status"]').innerText()).trim();
const roleBox = (page, role) => main(page).getByRole('group', { name: ES.roles, exact: true }).getByLabel(role, { exact: true });

async function expectStatus(res, status, label) {
  eq(res.status(), status, `${label}: ${status}`);
}

// The accessible name of a control whose visible text is followed by a visually hidden
// detail (": title", " (2)"): Chromium, like Playwright, puts a space between the
// two, since the hidden span is positioned (a block).
const escapeRe = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const named = (visible, hidden) => new RegExp(`^${escapeRe(visible)}\\s*${escapeRe(hidden.trim())}$`);

// Writes a new article through the form at `${collection}/nuevo`.
async function writeArticle(page, collection, { title, body, category }, label) {
  await page.goto(collection);
  await follow(page, main(page).getByRole('link', { name: ES.newArticle, exact: true }), `${collection}/nuevo`);
  await expectH1(page, ES.newArticle, `${label}: the form`);
  await main(page).getByLabel(ES.fieldTitle, { exact: true }).fill(title);
  if (category !== undefined) await main(page).getByLabel(ES.fieldCategory, { exact: true }).fill(category);
  await main(page).getByLabel(ES.fieldBody, { exact: true }).fill(body);
  const res = await submit(page, main(page).getByRole('button', { name: ES.save, exact: true }), `${collection}/nuevo`);
  eq(res.status(), 303, `${label}: POST ${collection}/nuevo redirects (303)`);
  await page.waitForLoadState('load');
}

const contents = (page) => main(page).locator('ol.contents > li > a').evaluateAll((as) =>
  as.map((a) => a.textContent.trim()));

// The review queue's item for `title` (a section labelled by its h2).
const reviewItem = (page, title) => main(page).locator('section.review-item')
  .filter({ has: page.locator('h2', { hasText: title }) });

// The id of the waiting change behind an item (its section is labelled by "review-ID").
const reviewId = async (page, title) => (await reviewItem(page, title).getAttribute('aria-labelledby')).replace('review-', '');

// Whether the element an in-page link targets is `:target` and inside the window.
async function targetInView(page) {
  return page.evaluate(() => {
    const t = document.querySelector(':target');
    const r = t && t.getBoundingClientRect();
    return { id: t && t.id, cls: t && t.className, top: r && r.top, bottom: r && r.bottom, innerHeight, scrollY };
  });
}

// ---------------------------------------------------------------- scenarios

// 1. People, roles and the audit log.
async function people(staff, ana) {
  const page = staff.page;
  await signInAs(page, STAFF, 'staff');
  const adminLink = page.locator('header .account').getByRole('link', { name: ES.admin, exact: true });
  eq(await adminLink.getAttribute('href'), '/admin/personas', `staff header: "${ES.admin}" links to /admin/personas`);
  await follow(page, adminLink, '/admin/personas');
  await expectH1(page, ES.peopleH1, 'people');
  eq((await main(page).locator('table caption').innerText()).trim(), ES.peopleCaption, `people: the table's caption "${ES.peopleCaption}"`);
  const everyone = await tableRows(page);
  for (const who of [STAFF, ANA]) {
    check(everyone.some((r) => r[0] === who.name && r[1] === who.email), `people: lists ${who.name} <${who.email}>`,
      JSON.stringify(everyone));
  }
  await axe(page, 'people page');
  await shot(page, 'staff-people.png');

  // Find Ana by part of her address.
  await main(page).getByLabel(ES.peopleSearch, { exact: true }).fill('ana.lopez');
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/admin/personas' && u.searchParams.get('q') === 'ana.lopez'),
    main(page).getByRole('button', { name: ES.search, exact: true }).click(),
  ]);
  await page.waitForLoadState('load');
  let rows = await tableRows(page);
  eq(JSON.stringify(rows), JSON.stringify([[ANA.name, ANA.email, ES.member]]),
    `people, "ana.lopez": one row, ${ANA.name} <${ANA.email}>, "${ES.member}"`);
  eq(await main(page).getByLabel(ES.peopleSearch, { exact: true }).inputValue(), 'ana.lopez', 'people: the search box keeps the text');
  await axe(page, 'people page, filtered');

  const link = main(page).locator('table').getByRole('link', { name: ANA.name, exact: true });
  const personPath = await link.getAttribute('href');
  check(/^\/admin\/personas\/\d+$/.test(personPath), `people: "${ANA.name}" links to /admin/personas/ID`, personPath);
  await follow(page, link, personPath);
  await expectH1(page, ANA.name, "Ana's page");
  check((await main(page).innerText()).includes(ANA.email), `Ana's page shows ${ANA.email}`);
  eq(await roleBox(page, ES.member).isChecked(), true, `Ana's page: "${ES.member}" is checked`);
  eq(await roleBox(page, ES.trusted).isChecked(), false, `Ana's page: "${ES.trusted}" is not`);
  eq(await roleBox(page, ES.staff).isChecked(), false, `Ana's page: "${ES.staff}" is not`);
  await axe(page, "a person's page");

  // Grant "Miembro de confianza".
  await roleBox(page, ES.trusted).check();
  let res = await submit(page, main(page).getByRole('button', { name: ES.saveRoles, exact: true }), personPath);
  await expectStatus(res, 200, `granting "${ES.trusted}"`);
  eq(await notice(page), ES.rolesSaved, `granting: "${ES.rolesSaved}"`);
  eq(await roleBox(page, ES.trusted).isChecked(), true, `granting: "${ES.trusted}" stays checked`);
  eq(await roleBox(page, ES.member).isChecked(), true, `granting: "${ES.member}" stays checked`);
  await axe(page, "a person's page after saving");
  await shot(page, 'staff-person.png');

  // The audit log says so.
  await page.goto('/admin/auditoria');
  await expectH1(page, ES.auditH1, 'audit log');
  eq((await main(page).locator('table caption').innerText()).trim(), ES.auditCaption, `audit log: caption "${ES.auditCaption}"`);
  rows = await tableRows(page);
  check(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/.test(rows[0][0]), 'audit log: the newest entry has a UTC time', JSON.stringify(rows[0]));
  eq(JSON.stringify(rows[0].slice(1)), JSON.stringify([STAFF.email, ES.granted, ANA.email, ES.trusted]),
    `audit log, newest entry: ${STAFF.email} · ${ES.granted} · ${ANA.email} · ${ES.trusted}`);
  await axe(page, 'audit log');

  // What the role changes for Ana: her knowledge-base article is published at once.
  await signInAs(ana.page, ANA, 'Ana');
  await writeArticle(ana.page, KNOWLEDGE_BASE, TRUSTED_ARTICLE, 'Ana, trusted member');
  await expectH1(ana.page, TRUSTED_ARTICLE.title, 'Ana, trusted member: her article is published at once');
  eq(await main(ana.page).locator('p.notice[role="status"]').count(), 0, 'Ana, trusted member: no "in review" note');
  await axe(ana.page, 'an article published by a trusted member');

  // Revoke it again.
  await page.goto(personPath);
  await roleBox(page, ES.trusted).uncheck();
  res = await submit(page, main(page).getByRole('button', { name: ES.saveRoles, exact: true }), personPath);
  await expectStatus(res, 200, `revoking "${ES.trusted}"`);
  eq(await notice(page), ES.rolesSaved, `revoking: "${ES.rolesSaved}"`);
  eq(await roleBox(page, ES.trusted).isChecked(), false, `revoking: "${ES.trusted}" is unchecked`);

  // The filter: only revocations involving ana.lopez.
  await page.goto('/admin/auditoria');
  const actionSelect = main(page).getByLabel(ES.auditAction, { exact: true });
  // The actions the log holds: the demo's partner desk and forum categories, and the
  // roles just changed.
  eq(JSON.stringify(await actionSelect.locator('option').allInnerTexts()),
    JSON.stringify([ES.auditAny, ES.deskOpened, ES.deskStaff, ES.forumCategory, ES.granted, ES.revoked]),
    `audit log: the "${ES.auditAction}" filter offers ${ES.auditAny}, ${ES.deskOpened}, ${ES.deskStaff}, ${ES.forumCategory}, ${ES.granted}, ${ES.revoked}`);
  await actionSelect.selectOption({ label: ES.revoked });
  await main(page).getByLabel(ES.auditPerson, { exact: true }).fill('ana.lopez');
  await Promise.all([
    page.waitForURL((u) => u.searchParams.get('accion') === 'role.revoked'),
    main(page).getByRole('button', { name: ES.filter, exact: true }).click(),
  ]);
  await page.waitForLoadState('load');
  eq(new URL(page.url()).searchParams.get('persona'), 'ana.lopez', 'audit filter: …&persona=ana.lopez');
  rows = await tableRows(page);
  check(rows.length >= 1 && rows.every((r) => r[2] === ES.revoked && (r[1] === ANA.email || r[3] === ANA.email)),
    `audit filter "${ES.revoked}" + "ana.lopez": only revocations involving ${ANA.email}`, JSON.stringify(rows));
  eq(JSON.stringify(rows[0].slice(1)), JSON.stringify([STAFF.email, ES.revoked, ANA.email, ES.trusted]),
    `audit filter: the newest is ${ES.revoked} ${ES.trusted} to ${ANA.email}`);
  eq(await main(page).getByLabel(ES.auditAction, { exact: true }).evaluate((s) => s.selectedOptions[0].textContent.trim()),
    ES.revoked, `audit filter: "${ES.revoked}" stays selected`);
  eq(await main(page).getByLabel(ES.auditPerson, { exact: true }).inputValue(), 'ana.lopez', 'audit filter: the person box keeps "ana.lopez"');
  await axe(page, 'audit log, filtered');
  await shot(page, 'staff-audit.png');

  await main(page).getByLabel(ES.auditAction, { exact: true }).selectOption({ label: ES.granted });
  await Promise.all([
    page.waitForURL((u) => u.searchParams.get('accion') === 'role.granted'),
    main(page).getByRole('button', { name: ES.filter, exact: true }).click(),
  ]);
  rows = await tableRows(page);
  check(rows.length >= 1 && rows.every((r) => r[2] === ES.granted && r[3] === ANA.email),
    `audit filter "${ES.granted}" + "ana.lopez": only grants to ${ANA.email}`, JSON.stringify(rows));
  check(rows.some((r) => r[1] === STAFF.email && r[4] === ES.trusted), `… including the grant of "${ES.trusted}" by ${STAFF.email}`,
    JSON.stringify(rows));

  // Soporte keeps at least one staff member.
  await page.goto('/admin/personas?q=equipo%40fundacion');
  const ownLink = main(page).locator('table').getByRole('link', { name: STAFF.name, exact: true });
  const ownPath = await ownLink.getAttribute('href');
  await follow(page, ownLink, ownPath);
  await expectH1(page, STAFF.name, "the staff member's own page");
  await roleBox(page, ES.staff).uncheck();
  res = await submit(page, main(page).getByRole('button', { name: ES.saveRoles, exact: true }), ownPath);
  await expectStatus(res, 409, `taking "${ES.staff}" from the only staff member is refused`);
  eq(await notice(page), ES.lastStaff, `last staff member: "${ES.lastStaff}"`);
  eq(await roleBox(page, ES.staff).isChecked(), true, `last staff member: "${ES.staff}" is still checked`);
  await axe(page, 'the last-staff refusal');

  // A member gets none of these pages.
  for (const path of ['/admin/personas', personPath, '/admin/auditoria']) {
    res = await ana.page.goto(path);
    await expectStatus(res, 403, `Ana (member) on ${path}`);
    await expectH1(ana.page, ES.forbiddenH1, `Ana on ${path}`);
  }
  await axe(ana.page, 'the 403 page');
  eq(await ana.page.locator('header .account').getByRole('link', { name: ES.admin, exact: true }).count(), 0,
    `Ana's header has no "${ES.admin}" link`);
}

// 2. The review queue: a new member's articles wait; staff approve one, reject another.
async function reviewQueue(staff, ana, visitor) {
  const before = await (async () => { await visitor.page.goto(KNOWLEDGE_BASE); return contents(visitor.page); })();

  for (const article of [APPROVED, REJECTED]) {
    await writeArticle(ana.page, KNOWLEDGE_BASE, article, `Ana, member, "${article.title}"`);
    eq(pathOf(ana.page), KNOWLEDGE_BASE, `"${article.title}": back on the knowledge base`);
    eq(new URL(ana.page.url()).searchParams.get('pendiente'), '1', `"${article.title}": …?pendiente=1`);
    eq(await notice(ana.page), ES.pending, `"${article.title}": "${ES.pending}"`);
    check(!(await contents(ana.page)).includes(article.title), `"${article.title}" is not listed yet`);
  }
  await axe(ana.page, 'knowledge base with the "in review" note');
  await shot(ana.page, 'staff-pending.png');
  const res = await visitor.page.goto(`${KNOWLEDGE_BASE}/${APPROVED.slug}`);
  await expectStatus(res, 404, `a visitor on ${KNOWLEDGE_BASE}/${APPROVED.slug} before review`);
  await expectH1(visitor.page, ES.notFoundH1, 'the waiting article, for a visitor');
  await axe(visitor.page, 'the 404 page');
  const refused = await ana.page.goto(REVIEW);
  await expectStatus(refused, 403, `Ana (member) on ${REVIEW}`);

  // The staff find the queue from the documentation page.
  const page = staff.page;
  await page.goto(DOCS);
  await follow(page, main(page).getByRole('link', { name: ES.reviewH1, exact: true }), REVIEW);
  await expectH1(page, ES.reviewH1, 'review queue');
  for (const article of [APPROVED, REJECTED]) {
    const item = reviewItem(page, article.title);
    eq(await item.count(), 1, `review queue: an item "${article.title}"`);
    eq((await item.locator('h2').innerText()).replace(/\s+/g, ' ').trim(), `${article.title} ${ES.reviewNew}`,
      `review queue: its heading says "${ES.reviewNew}"`);
    check((await item.locator('p.meta').innerText()).startsWith(`${ANA.name} · `), `review queue: "${article.title}" is by ${ANA.name}`);
    const added = (await item.locator('ol.diff li.added ins').allInnerTexts()).map((t) => t.trim());
    const lines = article.body.split('\n').filter((l) => l !== '');
    check(lines.every((l) => added.includes(l)), `review queue: "${article.title}" shows its text as added lines`,
      JSON.stringify(added));
  }
  await axe(page, 'review queue');
  await shot(page, 'staff-review.png');

  let id = await reviewId(page, APPROVED.title);
  let post = await submit(page, main(page).getByRole('button', { name: named(ES.approve, `: ${APPROVED.title}`) }),
    `${REVIEW}/${id}/aprobar`);
  eq(post.status(), 303, `approving "${APPROVED.title}" redirects (303)`);
  await page.waitForURL((u) => u.pathname === REVIEW);
  eq(await reviewItem(page, APPROVED.title).count(), 0, `after approving: "${APPROVED.title}" left the queue`);
  eq(await reviewItem(page, REJECTED.title).count(), 1, `after approving: "${REJECTED.title}" still waits`);

  id = await reviewId(page, REJECTED.title);
  post = await submit(page, main(page).getByRole('button', { name: named(ES.reject, `: ${REJECTED.title}`) }),
    `${REVIEW}/${id}/rechazar`);
  eq(post.status(), 303, `rejecting "${REJECTED.title}" redirects (303)`);
  await page.waitForURL((u) => u.pathname === REVIEW);
  eq(await reviewItem(page, REJECTED.title).count(), 0, `after rejecting: "${REJECTED.title}" left the queue`);
  await axe(page, 'review queue after the decisions');

  // What a visitor sees now.
  const ok = await visitor.page.goto(`${KNOWLEDGE_BASE}/${APPROVED.slug}`);
  await expectStatus(ok, 200, `the approved article, ${KNOWLEDGE_BASE}/${APPROVED.slug}`);
  await expectH1(visitor.page, APPROVED.title, 'the approved article');
  eq((await main(visitor.page).locator('.prose strong').innerText()).trim(), 'Cambiar fondo', 'the approved article renders its Markdown');
  await axe(visitor.page, 'an approved article');
  const gone = await visitor.page.goto(`${KNOWLEDGE_BASE}/${REJECTED.slug}`);
  await expectStatus(gone, 404, `the rejected article, ${KNOWLEDGE_BASE}/${REJECTED.slug}`);
  await visitor.page.goto(KNOWLEDGE_BASE);
  const after = await contents(visitor.page);
  check(after.includes(APPROVED.title) && !after.includes(REJECTED.title) && after.length === before.length + 1,
    `the knowledge base lists "${APPROVED.title}" and not "${REJECTED.title}"`, JSON.stringify(after));

  // Both decisions are in the audit log.
  await page.goto('/admin/auditoria');
  const rows = await tableRows(page);
  eq(JSON.stringify(rows.slice(0, 2).map((r) => [r[1], r[2]])),
    JSON.stringify([[STAFF.email, ES.rejectedAudit], [STAFF.email, ES.approvedAudit]]),
    `audit log: "${ES.rejectedAudit}" then "${ES.approvedAudit}", by ${STAFF.email}`);
}

// 3. Comparing revisions and reverting.
async function compareAndRevert(staff, ana) {
  const page = staff.page;
  const historyPath = `${BACKUPS.path}/historial`;
  await page.goto(historyPath);
  await expectH1(page, ES.historyH1(BACKUPS.title), 'history');
  const n = (await tableRows(page)).length;
  check(n >= 1, `history of "${BACKUPS.title}": ${n} revision(s) before the edit`);

  // Edit one line.
  await page.goto(BACKUPS.path);
  await follow(page, main(page).getByRole('link', { name: ES.edit, exact: true }), `${BACKUPS.path}/editar`);
  const body = main(page).getByLabel(ES.fieldBody, { exact: true });
  const old = await body.inputValue();
  check(old.includes(BACKUPS.line), `the text has the line "${BACKUPS.line}"`, JSON.stringify(old));
  await body.fill(old.replace(BACKUPS.line, BACKUPS.edited));
  await main(page).getByLabel(ES.fieldSummary, { exact: true }).fill(BACKUPS.summary);
  const saved = await submit(page, main(page).getByRole('button', { name: ES.save, exact: true }), `${BACKUPS.path}/editar`);
  eq(saved.status(), 303, 'the edit is saved (303)');
  await expectH1(page, BACKUPS.title, 'the edited article');
  check((await main(page).locator('.prose').innerText()).includes(BACKUPS.edited), `the article now says "${BACKUPS.edited}"`);

  // The history's "compare with the previous one".
  await follow(page, main(page).getByRole('link', { name: ES.history, exact: true }), historyPath);
  let rows = await tableRows(page);
  eq(rows.length, n + 1, `history: ${n + 1} revisions after the edit`);
  eq(JSON.stringify([rows[0][0], rows[0][2], rows[0][3]]), JSON.stringify([String(n + 1), STAFF.name, BACKUPS.summary]),
    `history: revision ${n + 1} by ${STAFF.name}, "${BACKUPS.summary}"`);
  const compareLink = main(page).getByRole('link', { name: named(ES.comparePrevious, `(${n + 1})`) });
  await Promise.all([page.waitForURL((u) => u.searchParams.get('a') === String(n + 1)), compareLink.click()]);
  await page.waitForLoadState('load');
  eq(new URL(page.url()).searchParams.get('de'), String(n), `"${ES.comparePrevious}" compares ${n} with ${n + 1}`);
  const comparison = main(page).getByRole('region', { name: ES.comparing(n, n + 1), exact: true });
  eq(await comparison.count(), 1, `a section "${ES.comparing(n, n + 1)}"`);
  eq(JSON.stringify((await comparison.locator('li.removed del').allInnerTexts()).map((t) => t.trim())), JSON.stringify([BACKUPS.line]),
    `the diff's only removed line is "${BACKUPS.line}" (in <del>)`);
  eq(JSON.stringify((await comparison.locator('li.added ins').allInnerTexts()).map((t) => t.trim())), JSON.stringify([BACKUPS.edited]),
    `the diff's only added line is "${BACKUPS.edited}" (in <ins>)`);
  check((await comparison.locator('li.removed').innerText()).startsWith(ES.lineRemoved),
    `a removed line is announced as "${ES.lineRemoved}" (visually hidden)`);
  check((await comparison.locator('li.kept').count()) >= 1, 'the unchanged lines are shown too');
  await axe(page, 'history with a comparison');
  await shot(page, 'staff-compare.png');

  // The comparison form, the other way round.
  await main(page).getByLabel(ES.compareFrom, { exact: true }).selectOption(String(n + 1));
  await main(page).getByLabel(ES.compareTo, { exact: true }).selectOption(String(n));
  await Promise.all([
    page.waitForURL((u) => u.searchParams.get('de') === String(n + 1)),
    main(page).getByRole('button', { name: ES.compare, exact: true }).click(),
  ]);
  await page.waitForLoadState('load');
  const reverse = main(page).getByRole('region', { name: ES.comparing(n + 1, n), exact: true });
  eq(JSON.stringify((await reverse.locator('li.removed del').allInnerTexts()).map((t) => t.trim())), JSON.stringify([BACKUPS.edited]),
    `the form compares ${n + 1} → ${n}: "${BACKUPS.edited}" removed`);
  eq(JSON.stringify((await reverse.locator('li.added ins').allInnerTexts()).map((t) => t.trim())), JSON.stringify([BACKUPS.line]),
    `… and "${BACKUPS.line}" added`);

  // A member can compare but not revert.
  await ana.page.goto(historyPath);
  eq(await main(ana.page).getByRole('button', { name: new RegExp(`^${ES.revert}`) }).count(), 0,
    `Ana (member) gets no "${ES.revert}" buttons`);
  eq(await main(ana.page).getByRole('link', { name: named(ES.comparePrevious, `(${n + 1})`) }).count(), 1,
    `Ana (member) can compare revisions`);
  await axe(ana.page, 'history for a member');

  // Revert to revision n.
  const revert = main(page).getByRole('button', { name: named(ES.revert, `(${n})`) });
  eq(await main(page).getByRole('button', { name: named(ES.revert, `(${n + 1})`) }).count(), 0,
    `no "${ES.revert}" on the newest revision`);
  const reverted = await submit(page, revert, `${BACKUPS.path}/revertir/${n}`);
  eq(reverted.status(), 303, `"${ES.revert} (${n})" redirects (303)`);
  await page.waitForURL((u) => u.pathname === historyPath && !u.search);
  rows = await tableRows(page);
  eq(rows.length, n + 2, `history after the revert: ${n + 2} revisions (a new one, nothing erased)`);
  eq(JSON.stringify([rows[0][0], rows[0][2], rows[0][3]]), JSON.stringify([String(n + 2), STAFF.name, ES.revertedTo(n)]),
    `history: revision ${n + 2} by ${STAFF.name}, "${ES.revertedTo(n)}"`);
  await axe(page, 'history after a revert');
  await page.goto(BACKUPS.path);
  const text = await main(page).locator('.prose').innerText();
  check(text.includes(BACKUPS.line) && !text.includes(BACKUPS.edited), `the article says "${BACKUPS.line}" again`, text);
}

// 4. The FAQ on one page: categories, and anchors that work.
async function faq(staff, visitor) {
  const page = staff.page;
  await writeArticle(page, FAQ, { ...NEW_QUESTION, title: NEW_QUESTION.question }, 'a new FAQ question');
  eq(pathOf(page), `${FAQ}/${NEW_QUESTION.slug}`, `the new question has its own page, ${FAQ}/${NEW_QUESTION.slug}`);
  await expectH1(page, NEW_QUESTION.question, 'the new question');

  const v = visitor.page;
  await v.setViewportSize({ width: 1000, height: 420 });
  eq((await v.goto(FAQ)).status(), 200, `GET ${FAQ} is 200`);
  await expectH1(v, ES.faqH1, 'FAQ');
  const groups = await main(v).locator('section.faq-group').evaluateAll((ss) => ss.map((s) => [
    s.querySelector('h2').textContent.trim(),
    [...s.querySelectorAll('.faq-entry h3 a')].map((a) => [a.textContent.trim(), a.getAttribute('href')]),
  ]));
  const general = groups.find(([name]) => name === ES.faqGeneral);
  const install = groups.find(([name]) => name === NEW_QUESTION.category);
  check(Boolean(general) && general[1].some(([q, href]) => q === FREE.question && href === `#${FREE.slug}`),
    `FAQ: category "${ES.faqGeneral}" holds "${FREE.question}", linked to #${FREE.slug}`, JSON.stringify(groups));
  check(Boolean(install) && JSON.stringify(install[1]) === JSON.stringify([[NEW_QUESTION.question, `#${NEW_QUESTION.slug}`]]),
    `FAQ: a category "${NEW_QUESTION.category}" holds "${NEW_QUESTION.question}", linked to #${NEW_QUESTION.slug}`, JSON.stringify(groups));
  check(groups.findIndex(([name]) => name === ES.faqGeneral) < groups.findIndex(([name]) => name === NEW_QUESTION.category),
    `FAQ: "${ES.faqGeneral}" comes before the new category`, JSON.stringify(groups.map(([name]) => name)));
  eq(await main(v).getByRole('region', { name: NEW_QUESTION.category, exact: true }).count(), 1,
    `FAQ: each category is a region named by its heading ("${NEW_QUESTION.category}")`);
  eq((await main(v).locator(`[id="${NEW_QUESTION.slug}"] .prose strong`).innerText()).trim(), '4 GB',
    'FAQ: the answer is rendered from Markdown');
  await axe(v, 'FAQ page');
  await shot(v, 'staff-faq.png');

  // Each question's link is its own anchor.
  await v.evaluate(() => window.scrollTo(0, 0));
  for (const q of [NEW_QUESTION, FREE]) {
    await main(v).getByRole('link', { name: q.question, exact: true }).click();
    await v.waitForURL((u) => u.hash === `#${q.slug}`);
    const t = await targetInView(v);
    eq(`${t.id} ${t.cls}`, `${q.slug} faq-entry`, `FAQ: "${q.question}" targets its own entry (#${q.slug})`);
    check(t.top >= -1 && t.top < t.innerHeight, `FAQ: the entry #${q.slug} is scrolled into view`, JSON.stringify(t));
  }
  // … also when the address is opened directly.
  await v.goto(`${FAQ}#${NEW_QUESTION.slug}`);
  const direct = await targetInView(v);
  check(direct.id === NEW_QUESTION.slug && direct.top >= -1 && direct.top < direct.innerHeight && direct.scrollY > 0,
    `FAQ: opening ${FAQ}#${NEW_QUESTION.slug} scrolls to that question`, JSON.stringify(direct));
  await v.setViewportSize({ width: 1280, height: 720 });

  const permalink = main(v).getByRole('link', { name: named(ES.faqPermalink, `: ${FREE.question}`) });
  await follow(v, permalink, `${FAQ}/${FREE.slug}`);
  await expectH1(v, FREE.question, 'a question on its own page');
  await axe(v, 'a FAQ question on its own page');
}

// ---------------------------------------------------------------- main

await runBrowserTest('staff browser test', async () => {
  const base = await startServer({ command: 'demo' });
  const browser = await launchBrowser();
  const staff = await openContext(browser, base, 'staff');
  const ana = await openContext(browser, base, 'Ana (member)');
  const visitor = await openContext(browser, base, 'visitor');

  await people(staff, ana);
  await reviewQueue(staff, ana, visitor);
  await compareAndRevert(staff, ana);
  await faq(staff, visitor);

  for (const who of [staff, ana, visitor]) {
    await pageCsp(who.page, who.mon.name);
    await checkMonitor(who.mon, { allowConsole: EXPECTED_CONSOLE });
    await who.context.close();
  }
});
