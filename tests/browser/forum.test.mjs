// Browser test for the community forum (/comunidad): a member asks a question and sees a
// suggestion appear while typing the title (and again on the preview step); a second
// member replies; the asker marks the solution with the button that names the reply and
// its author; a third person flags a post; a moderator handles the flag from the queue
// and lets a new member's first question out; Ana sees her trust level;
// staff promote the question to an FAQ entry, and the FAQ shows it. The same question
// in English, and the main flows without JavaScript (preview with suggestions, "esto
// me resolvió", a reply). axe-core on every page visited; CSP and console watched.
//
// Plain Node script (no test runner). Run from this directory:
//
//   npm install          # once: playwright-core + axe-core
//   node forum.test.mjs  # (npm test runs every *.test.mjs in turn)
//
// Environment: SOPORTE_BIN, SOPORTE_BROWSER_DATABASE_URL and CHROMIUM_PATH, see lib.mjs.
// The server is started with `soporte demo`: the people (staff who also moderate, Ana
// López, Rodrigo Pech, Soluciones Norte) and the forum's categories and solved question
// come from the demo content. On PostgreSQL the database is shared with the other
// browser tests: what is checked here is what this test wrote (titles carry the run's
// stamp).
//
// Screenshots go to <repo>/target/browser/forum-*.png. Exits non-zero on any failure.

import {
  axe, check, checkMonitor, eq, expectH1, follow, launchBrowser, openContext, pageCsp, pathOf,
  runBrowserTest, shot, signInAs, startServer, submit,
} from './lib.mjs';

const PASSWORD = 'mxos demo en mérida';
const STAFF = { email: 'equipo@fundacion.mxos.mx', password: PASSWORD, name: 'Equipo de la Fundación MxOS' };
const ANA = { email: 'ana.lopez@ejemplo.mx', password: PASSWORD, name: 'Ana López' };
const RODRIGO = { email: 'rodrigo.pech@ejemplo.mx', password: PASSWORD, name: 'Rodrigo Pech' };
const NORTE = { email: 'mesa@solucionesnorte.mx', password: PASSWORD, name: 'Soluciones Norte' };

const STAMP = Date.now().toString(36);
const QUESTION = {
  category: 'Audio y video',
  title: `No hay sonido en las bocinas por HDMI (${STAMP})`,
  typed: 'No hay sonido',
  body: 'Conecté la computadora a la tele por **HDMI** y no se oye nada.',
};
const ANSWER = 'En *Configuración › Sonido* elige la salida HDMI de la tele.';
const OFF_TOPIC = `¿Alguien vende una laptop usada? (${STAMP})`;
const DEMO_SOLVED = 'No hay sonido después de actualizar a MxOS 2.0';

const ES = {
  communityH1: 'Comunidad',
  ask: 'Hacer una pregunta',
  askH1: 'Hacer una pregunta',
  category: 'Categoría',
  title: 'Título',
  body: 'Descripción',
  preview: 'Vista previa y sugerencias',
  publish: 'Publicar',
  suggestions: 'Quizá esto ya responde tu pregunta',
  resolved: 'Esto me resolvió',
  reply: 'Tu respuesta',
  sendReply: 'Publicar respuesta',
  markSolution: (n, author) => `Marcar la respuesta ${n} de ${author} como la solución`,
  solved: 'Solucionada',
  open: 'Abierta',
  answered: 'Respondida',
  solution: 'Solución',
  flag: 'Denunciar',
  offTopic: 'Está fuera de tema',
  sendFlag: 'Enviar denuncia',
  flagThanks: 'Gracias: un moderador revisará el mensaje.',
  queueH1: 'Cola de moderación',
  reason: 'Motivo',
  uphold: 'Mantener oculto',
  queueEmpty: 'No hay denuncias pendientes.',
  hidden: 'Un moderador ocultó este mensaje. Motivo: Fuera de tema',
  promote: 'Convertir en pregunta frecuente',
  newArticle: 'Nuevo artículo',
  fieldCategory: 'Categoría',
  save: 'Guardar',
  faqH1: 'Preguntas frecuentes',
  trust: (level) => `Nivel de confianza: ${level}`,
  nextLevel: (level) => `Siguiente nivel: ${level}`,
  appealsH1: 'Apelaciones',
  imagesH1: 'Subir una imagen',
  imageFile: 'Imagen',
  imageDescription: 'Descripción de la imagen',
  imageSubmit: 'Subir la imagen',
  imageMarkdown: 'Copia este texto y pégalo en tu mensaje',
  splitH1: 'Separar respuestas en un tema nuevo',
};
const EN = { solved: 'Solved', solution: 'Solution', replies: 'Replies', trustNew: 'Trust level: New' };
// A 1×1 PNG, as a screenshot stand-in.
const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==';
// The demo's new member, whose first question waits for a moderator.
const NEWCOMER = { handle: 'luis-canul', name: 'Luis Canul', question: 'No encuentro cómo compartir una carpeta en la red de la oficina' };

const main = (page) => page.locator('main');
const stateBadge = async (page) => (await main(page).locator('article.topic .badge[class*="state-"]').first().innerText()).trim();

// Refusals are not part of this walk; nothing should fail to load.
const EXPECTED_CONSOLE = null;

// ---------------------------------------------------------------- scenarios

// 1. Ana asks: a suggestion appears as she types; the preview proposes it too.
async function ask(ana) {
  const page = ana.page;
  await signInAs(page, ANA, 'Ana');
  await page.goto('/comunidad');
  await expectH1(page, ES.communityH1, 'community');
  check((await main(page).innerText()).includes(DEMO_SOLVED), 'community: the demo questions are listed');
  await axe(page, 'community front page');
  await follow(page, main(page).getByRole('link', { name: ES.ask, exact: true }), '/comunidad/preguntar');
  await expectH1(page, ES.askH1, 'ask form');
  await main(page).getByLabel(ES.category, { exact: true }).selectOption({ label: QUESTION.category });
  await main(page).getByLabel(ES.title, { exact: true }).pressSequentially(QUESTION.typed, { delay: 20 });
  const live = main(page).locator('#sugerencias a', { hasText: DEMO_SOLVED });
  await live.first().waitFor();
  check(true, `ask form: while typing "${QUESTION.typed}", the solved question "${DEMO_SOLVED}" is proposed`);
  await axe(page, 'ask form with suggestions');
  await shot(page, 'forum-ask.png');
  await main(page).getByLabel(ES.title, { exact: true }).fill(QUESTION.title);
  await main(page).getByLabel(ES.body, { exact: true }).fill(QUESTION.body);
  let res = await submit(page, main(page).getByRole('button', { name: ES.preview, exact: true }), '/comunidad/preguntar');
  eq(res.status(), 200, 'preview: 200');
  check((await main(page).innerText()).includes(ES.suggestions), `preview: "${ES.suggestions}"`);
  eq(await main(page).locator('.preview .prose strong').innerText(), 'HDMI', 'preview: the Markdown is rendered');
  await axe(page, 'ask preview');
  res = await submit(page, main(page).getByRole('button', { name: ES.publish, exact: true }), '/comunidad/preguntar');
  eq(res.status(), 303, 'publish: 303');
  await page.waitForURL((url) => /^\/comunidad\/tema\/\d+$/.test(url.pathname));
  await expectH1(page, QUESTION.title, 'the new question');
  eq(await stateBadge(page), ES.open, `the new question is "${ES.open}"`);
  await axe(page, 'a new question');
  return pathOf(page);
}

// 2. Rodrigo answers, then writes something off topic.
async function answer(rodrigo, topic) {
  const page = rodrigo.page;
  await signInAs(page, RODRIGO, 'Rodrigo');
  await page.goto(topic);
  for (const text of [ANSWER, OFF_TOPIC]) {
    await main(page).getByLabel(ES.reply, { exact: true }).fill(text);
    const res = await submit(page, main(page).getByRole('button', { name: ES.sendReply, exact: true }), `${topic}/responder`);
    eq(res.status(), 303, 'a reply: 303');
  }
  eq(await stateBadge(page), ES.answered, `after an answer the question is "${ES.answered}"`);
  await axe(page, 'a topic with replies');
}

// 3. Ana marks the answer: the button names it and its author.
async function markSolution(ana, topic) {
  const page = ana.page;
  await page.goto(topic);
  const button = main(page).getByRole('button', { name: ES.markSolution(1, RODRIGO.name), exact: true });
  eq(await button.count(), 1, `the asker sees "${ES.markSolution(1, RODRIGO.name)}"`);
  await submit(page, button, `${topic}/solucion`);
  eq(await stateBadge(page), ES.solved, `marked: the question is "${ES.solved}"`);
  const solution = main(page).getByRole('region', { name: ES.solution, exact: true });
  check((await solution.innerText()).includes('Configuración › Sonido'), 'the solution is shown under the question');
  await axe(page, 'a solved question');
  await shot(page, 'forum-solved.png');
}

// 4. Soluciones Norte flags the off-topic reply; 5. the moderator hides it from the queue.
async function flagAndModerate(norte, staff, topic) {
  let page = norte.page;
  await signInAs(page, NORTE, 'Soluciones Norte');
  await page.goto(topic);
  const post = main(page).locator('.post', { hasText: OFF_TOPIC }).last();
  await post.locator('summary', { hasText: ES.flag }).click();
  await post.getByLabel(ES.offTopic, { exact: true }).check();
  await axe(page, 'the flag form, open');
  const flagPath = await post.locator('form[action$="/denunciar"]').getAttribute('action');
  await submit(page, post.getByRole('button', { name: ES.sendFlag, exact: true }), flagPath);
  eq((await main(page).locator('p.notice[role="status"]').innerText()).trim(), ES.flagThanks, 'flagged: thanked');

  page = staff.page;
  await signInAs(page, STAFF, 'staff');
  await page.goto('/comunidad/moderacion');
  await expectH1(page, ES.queueH1, 'the queue');
  const item = main(page).locator('section.review-item', { hasText: OFF_TOPIC });
  eq(await item.count(), 1, 'the queue holds the flagged reply');
  check((await item.innerText()).includes(ES.offTopic), `the queue says why: "${ES.offTopic}"`);
  await axe(page, 'the moderation queue');
  await item.getByLabel(ES.reason, { exact: true }).fill('Fuera de tema');
  const action = await item.locator('form').first().getAttribute('action');
  await submit(page, item.getByRole('button', { name: ES.uphold, exact: true }), action);
  eq(await main(page).locator('section.review-item', { hasText: OFF_TOPIC }).count(), 0, 'handled: the item left the queue');
  await page.goto(topic);
  await axe(page, 'a topic as a moderator sees it');
  page = norte.page;
  await page.goto(topic);
  const text = await main(page).innerText();
  check(!text.includes(OFF_TOPIC) && text.includes(ES.hidden), `members see "${ES.hidden}" instead of the reply`);
}

// 5b. Trust: a new member's first question waits in the queue until a moderator lets it
// out; a member sees their level and what the next one asks; staff see appeals.
async function trust(ana, staff, topic) {
  let page = staff.page;
  await page.goto('/comunidad/moderacion');
  const waiting = main(page).locator('section.review-item', { hasText: NEWCOMER.question });
  eq(await waiting.count(), 1, "the queue holds the new member's question");
  const action = await waiting.locator('form').getAttribute('action');
  await submit(page, waiting.getByRole('button', { name: ES.publish, exact: true }), action);
  eq(await main(page).locator('section.review-item', { hasText: NEWCOMER.question }).count(), 0, 'approved: it left the queue');
  await page.goto('/comunidad');
  check((await main(page).innerText()).includes(NEWCOMER.question), 'approved: the question is listed');
  await page.goto(`/comunidad/personas/${NEWCOMER.handle}`);
  await expectH1(page, NEWCOMER.name, "a new member's page");
  check((await main(page).innerText()).includes(ES.trust('Nuevo')), `the page says "${ES.trust('Nuevo')}"`);
  await axe(page, "a new member's page as staff see it (moderation, level by hand)");
  await page.goto(`${topic}/separar`);
  await expectH1(page, ES.splitH1, 'the split page');
  await axe(page, 'the split page (replies to move, the new topic)');
  await page.goto('/admin/apelaciones');
  await expectH1(page, ES.appealsH1, 'the appeals page');
  await axe(page, 'the appeals page');
  page = ana.page;
  await page.goto('/comunidad/mi-nivel');
  eq(pathOf(page), '/comunidad/personas/ana-lopez', "'my level' leads to Ana's page");
  const text = await main(page).innerText();
  check(text.includes(ES.trust('Básico')) && text.includes(ES.nextLevel('Miembro')),
    'Ana sees her level and what the next one asks');
  await axe(page, 'her own level and badges');

  // Ana (level Basic) uploads a screenshot and gets the Markdown to paste.
  await page.goto('/comunidad/imagenes');
  await expectH1(page, ES.imagesH1, 'the image upload page');
  await axe(page, 'the image upload page');
  await main(page).getByLabel(ES.imageFile, { exact: true }).setInputFiles({
    name: 'captura.png', mimeType: 'image/png', buffer: Buffer.from(PNG_1X1, 'base64'),
  });
  await main(page).getByLabel(ES.imageDescription, { exact: true }).fill('Ventana de Sonido');
  const res = await submit(page, main(page).getByRole('button', { name: ES.imageSubmit, exact: true }), '/comunidad/imagenes');
  eq(res.status(), 200, 'the image is uploaded');
  const markdown = await main(page).getByLabel(ES.imageMarkdown, { exact: true }).inputValue();
  check(/^!\[Ventana de Sonido\]\(\/subidas\/\d+\)$/.test(markdown), 'the Markdown to paste names the image', markdown);
  check(await main(page).locator('img.upload-preview').evaluate((img) => img.complete && img.naturalWidth === 1),
    'the uploaded image is shown');
  await axe(page, 'the image just uploaded');
}

// 6. Staff promote the question to an FAQ entry; the FAQ shows it.
async function promote(staff, topic) {
  const page = staff.page;
  await page.goto(topic);
  const link = main(page).getByRole('link', { name: ES.promote, exact: true });
  const href = await link.getAttribute('href');
  await Promise.all([page.waitForURL((url) => url.pathname === '/documentacion/preguntas-frecuentes/nuevo'), link.click()]);
  await expectH1(page, ES.newArticle, 'the FAQ form');
  check(href.endsWith(`?desde=topic:${topic.split('/').pop()}`), 'the promotion names the question', href);
  eq(await main(page).getByLabel('Título', { exact: true }).inputValue(), QUESTION.title, 'the form carries the question as title');
  check((await main(page).getByLabel('Texto', { exact: true }).inputValue()).includes('Configuración › Sonido'),
    'the form carries the accepted answer');
  await axe(page, 'the FAQ form, filled from the question');
  await main(page).getByLabel(ES.fieldCategory, { exact: true }).fill('Audio');
  const res = await submit(page, main(page).getByRole('button', { name: ES.save, exact: true }), '/documentacion/preguntas-frecuentes/nuevo');
  eq(res.status(), 303, 'the FAQ entry is saved');
  await page.goto('/documentacion/preguntas-frecuentes');
  await expectH1(page, ES.faqH1, 'the FAQ');
  eq(await main(page).getByRole('link', { name: QUESTION.title, exact: true }).count(), 1, 'the FAQ lists the promoted question');
  await axe(page, 'the FAQ with the promoted question');
  await page.goto(topic);
  check((await main(page).locator('section.links').innerText()).includes(QUESTION.title), 'the question links to its FAQ entry');
}

// 7. In English.
async function english(base, browser, topic) {
  const en = await openContext(browser, base, 'English reader', { locale: 'en-US' });
  await en.page.goto(topic);
  eq(await stateBadge(en.page), EN.solved, `in English the question is "${EN.solved}"`);
  eq(await main(en.page).getByRole('region', { name: EN.solution, exact: true }).count(), 1, `in English: "${EN.solution}"`);
  await axe(en.page, 'a solved question in English');
  await en.page.goto('/comunidad');
  await axe(en.page, 'the community in English');
  await en.page.goto(`/comunidad/personas/${NEWCOMER.handle}`);
  check((await main(en.page).innerText()).includes(EN.trustNew), `in English: "${EN.trustNew}"`);
  await axe(en.page, "a member's page in English");
  return en;
}

// 8. Without JavaScript: the preview proposes, "esto me resolvió" leads there; replying works.
async function withoutJavaScript(base, browser, topic) {
  const nojs = await openContext(browser, base, 'Ana without JavaScript', { javaScriptEnabled: false });
  const page = nojs.page;
  await signInAs(page, ANA, 'Ana (no JavaScript)');
  await page.goto('/comunidad/preguntar');
  await main(page).getByLabel(ES.category, { exact: true }).selectOption({ label: QUESTION.category });
  await main(page).getByLabel(ES.title, { exact: true }).fill('No hay sonido después de actualizar');
  await main(page).getByLabel(ES.body, { exact: true }).fill('Tampoco se oye nada en mi equipo.');
  await submit(page, main(page).getByRole('button', { name: ES.preview, exact: true }), '/comunidad/preguntar');
  const item = main(page).locator('.suggestions li', { hasText: DEMO_SOLVED });
  eq(await item.count(), 1, `without JavaScript the preview proposes "${DEMO_SOLVED}"`);
  await submit(page, item.getByRole('button', { name: new RegExp(`^${ES.resolved}`) }), '/comunidad/preguntar/resuelto');
  await expectH1(page, DEMO_SOLVED, '"esto me resolvió" leads to the solved question');
  await page.goto(topic);
  await main(page).getByLabel(ES.reply, { exact: true }).fill('¡Gracias, ya funciona!');
  const res = await submit(page, main(page).getByRole('button', { name: ES.sendReply, exact: true }), `${topic}/responder`);
  eq(res.status(), 303, 'without JavaScript a reply is posted (303)');
  check((await main(page).innerText()).includes('¡Gracias, ya funciona!'), 'the reply shows');
  return nojs;
}

// ---------------------------------------------------------------- main

await runBrowserTest('forum browser test', async () => {
  const base = await startServer({ command: 'demo' });
  const browser = await launchBrowser();
  const ana = await openContext(browser, base, 'Ana (asks)');
  const rodrigo = await openContext(browser, base, 'Rodrigo (answers)');
  const norte = await openContext(browser, base, 'Soluciones Norte (flags)');
  const staff = await openContext(browser, base, 'staff (moderates, promotes)');

  const topic = await ask(ana);
  await answer(rodrigo, topic);
  await markSolution(ana, topic);
  await flagAndModerate(norte, staff, topic);
  await trust(ana, staff, topic);
  await promote(staff, topic);
  const en = await english(base, browser, topic);
  const nojs = await withoutJavaScript(base, browser, topic);

  for (const who of [ana, rodrigo, norte, staff, en, nojs]) {
    // Without JavaScript the page cannot record CSP events itself; the monitor still
    // hears the browser's reports.
    if (who !== nojs) await pageCsp(who.page, who.mon.name);
    await checkMonitor(who.mon, { allowConsole: EXPECTED_CONSOLE });
    await who.context.close();
  }
});
