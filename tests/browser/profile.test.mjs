// Browser test for a person's own account pages (/cuenta), after signing up through the
// UI with the confirmation mail: the profile form (name, bio, languages, state; a bio
// that is too long is refused), personal API tokens (created and shown once, used
// against GET /api/v1/me with `Authorization: Bearer`, refused for writing when
// read-only, revoked and then refused), changing the password (a wrong current one is
// refused; the other signed-in browser is signed out; the new password signs in and
// the old one no longer does), changing the email (mail to the new address with a
// link that works once, a notice to the old one), deleting the account (only with the
// box ticked and the password), and signing out on every device. axe-core on every
// page; CSP and console watched throughout.
//
// Plain Node script (no test runner). Run from this directory:
//
//   npm install            # once: playwright-core + axe-core
//   node profile.test.mjs  # (npm test runs every *.test.mjs in turn)
//
// Environment (besides SOPORTE_BIN, SOPORTE_BROWSER_DATABASE_URL and CHROMIUM_PATH,
// see lib.mjs):
//   SOPORTE_TEST_PYTHON  Python with aiosmtpd, runs tests/support/smtp_sink.py
//                        (default: python3)
//
// The server is started with `soporte demo` (for the last scenario's demo account),
// SOPORTE_SMTP_URL pointing at the sink and SOPORTE_JOB_RETRY_BASE_MS=200 so queued
// mail goes out within about a second.
//
// Screenshots go to <repo>/target/browser/profile-*.png. Exits non-zero on any failure.

import {
  axe, check, checkMonitor, eq, expectH1, launchBrowser, openContext, pageCsp, pathOf,
  runBrowserTest, shot, signInAs, startServer, startSmtpSink, submit,
} from './lib.mjs';

const USER = {
  email: 'marisol.canche@ejemplo.mx',
  name: 'Marisol Canché',
  password: 'el mar de yucatán es turquesa',
};
const PROFILE = {
  name: 'Marisol Canché Pool',
  bio: 'Uso MxOS en la escuela donde doy clases y ayudo a otras maestras a instalarlo.',
  languages: [['es', 'Español'], ['yua', 'Maya']],
  state: ['YUC', 'Yucatán'],
};
const NEW_PASSWORD = 'las ceibas dan sombra en el parque';
const NEW_EMAIL = 'marisol.pool@ejemplo.mx';
const TOKEN_NAME = 'Respaldo nocturno';
// A demo account (crates/server/src/demo.rs), for signing out on every device.
const RODRIGO = { email: 'rodrigo.pech@ejemplo.mx', password: 'mxos demo en mérida', name: 'Rodrigo Pech' };

const ES = {
  signUpH1: 'Crear una cuenta',
  fieldEmail: 'Correo electrónico',
  fieldName: 'Nombre para mostrar',
  fieldNewPassword: 'Nueva contraseña',
  signUpSubmit: 'Crear cuenta',
  sentH1: 'Revisa tu correo',
  confirmMail: 'Confirma tu cuenta de Soporte MxOS',
  confirmH1: 'Confirma tu cuenta',
  confirmSubmit: 'Confirmar mi cuenta',
  confirmedH1: 'Cuenta confirmada',
  signInH1: 'Entrar',
  signInFailed: 'El correo o la contraseña no son correctos.',
  signOut: 'Salir',
  signIn: 'Entrar',
  accountH1: 'Tu cuenta',
  sections: ['Perfil', 'Cambiar contraseña', 'Verificación en dos pasos', 'Tokens de API', 'Cambiar correo', 'Eliminar cuenta'],
  member: 'Miembro',
  // Profile.
  profile: 'Perfil',
  bio: 'Sobre ti',
  languages: 'Idiomas que hablas',
  state: 'Estado donde vives',
  stateNone: 'Prefiero no decirlo',
  profileSave: 'Guardar perfil',
  profileSaved: 'Perfil guardado.',
  bioTooLong: 'Lo que escribiste sobre ti pasa de 1000 caracteres.',
  // Password.
  passwordSection: 'Cambiar contraseña',
  currentPassword: 'Contraseña actual',
  passwordSubmit: 'Cambiar contraseña',
  passwordChanged: 'Contraseña cambiada. Cerramos tus demás sesiones abiertas.',
  currentWrong: 'La contraseña actual no es correcta.',
  // Tokens.
  tokens: 'Tokens de API',
  tokenName: 'Nombre',
  tokenRead: 'Solo lectura',
  tokenCreate: 'Crear token',
  tokenCreated: 'Copia tu token ahora; no lo volveremos a mostrar.',
  tokensCaption: 'Tus tokens activos',
  neverUsed: 'Nunca',
  revoke: 'Revocar',
  tokenRevoked: 'Token revocado: ya no sirve.',
  // Email.
  emailSection: 'Cambiar correo',
  newEmail: 'Correo nuevo',
  emailSubmit: 'Enviar enlace de confirmación',
  emailSent: (email) => `Enviamos un enlace a ${email}. Tu correo cambiará cuando lo abras.`,
  changeMail: 'Confirma tu nuevo correo en Soporte MxOS',
  noticeMail: 'Se pidió cambiar el correo de tu cuenta',
  emailConfirmH1: 'Confirma tu nuevo correo',
  emailConfirmIntro: (email) => `Tu cuenta usará ${email} para entrar y recibir avisos.`,
  emailConfirmSubmit: 'Usar este correo',
  emailChangedH1: 'Correo cambiado',
  emailChangedText: (email) => `Desde ahora tu cuenta usa ${email}.`,
  linkProblemH1: 'Enlace no válido',
  linkUsed: 'Este enlace ya se usó. Si necesitas hacerlo otra vez, pide uno nuevo.',
  // Deletion.
  deleteSection: 'Eliminar cuenta',
  deleteConfirm: 'Entiendo que no se puede deshacer',
  deleteSubmit: 'Eliminar mi cuenta',
  deleteMissing: 'Marca la casilla para confirmar.',
  deletedH1: 'Cuenta eliminada',
  deletedText: 'Tu cuenta quedó eliminada. Gracias por haber sido parte de la comunidad de MxOS.',
  // Signing out everywhere.
  signOutEverywhere: 'Cerrar sesión en todos los dispositivos',
  homeH1: '¿Tienes un problema con MxOS? Empieza aquí.',
};

const SESSION_COOKIE = 'soporte_session';
// Refused forms (422), a used link (400) and refused API calls (401, 403) are answered
// with those statuses on purpose; Chromium logs each as a failed resource load.
const EXPECTED_CONSOLE = /Failed to load resource: the server responded with a status of (400|401|403|422)/;

// ---------------------------------------------------------------- helpers

const main = (page) => page.locator('main');
const section = (page, name) => main(page).getByRole('region', { name, exact: true });
const accountNav = (page) => page.locator('header .account');
const sessionCookie = async (context) => (await context.cookies()).find((c) => c.name === SESSION_COOKIE) || null;
const notice = async (page) => (await main(page).locator('p.notice[role="status"]').innerText()).trim();
const alertIn = async (region) => (await region.locator('[role="alert"]').innerText()).trim();

// The accessible name of a control followed by a visually hidden detail (": name"):
// Chromium, like Playwright, puts a space between the two (the hidden span is a block).
const escapeRe = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const named = (visible, hidden) => new RegExp(`^${escapeRe(visible)}\\s*${escapeRe(hidden.trim())}$`);

// The value shown for a term of the account page's <dl class="facts">.
async function fact(page, term) {
  const dt = main(page).locator('dl.facts dt').filter({ hasText: new RegExp(`^\\s*${term}\\s*$`) });
  return (await dt.locator('xpath=following-sibling::dd[1]').innerText()).trim();
}

async function expectAccountPage(page, label) {
  await page.waitForURL((u) => u.pathname === '/cuenta');
  await expectH1(page, ES.accountH1, label);
}

// The first link to `${base}${prefix}…` in a mail.
function linkIn(mail, base, prefix, label) {
  const links = mail.text.match(/https?:\/\/\S+/g) || [];
  const link = links.find((l) => l.startsWith(`${base}${prefix}`));
  check(Boolean(link), `${label}: has a link ${base}${prefix}…`, `links: ${JSON.stringify(links)}`);
  return link;
}

// GET /api/v1/me with a bearer token (or none), from Node: no cookies, only the token.
async function apiMe(base, token, init = {}) {
  const headers = { accept: 'application/json', ...(init.headers || {}) };
  if (token) headers.authorization = `Bearer ${token}`;
  return fetch(`${base}/api/v1/me`, { ...init, headers });
}

// ---------------------------------------------------------------- scenarios

// 1. Sign up, confirm by mail, sign in: the account page.
async function signUpAndIn(page, sink, base) {
  await page.goto('/cuenta/registro');
  await expectH1(page, ES.signUpH1, 'sign-up');
  await main(page).getByLabel(ES.fieldEmail, { exact: true }).fill(USER.email);
  await main(page).getByLabel(ES.fieldName, { exact: true }).fill(USER.name);
  await main(page).getByLabel(ES.fieldNewPassword, { exact: true }).fill(USER.password);
  const res = await submit(page, main(page).getByRole('button', { name: ES.signUpSubmit, exact: true }), '/cuenta/registro');
  eq(res.status(), 200, 'sign-up: 200');
  await expectH1(page, ES.sentH1, 'sign-up sent');

  const mail = await sink.waitFor(`"${ES.confirmMail}" to ${USER.email}`, (m) => m.to.includes(USER.email) && m.subject === ES.confirmMail);
  await page.goto(linkIn(mail, base, '/cuenta/confirmar/', 'confirmation mail'));
  await expectH1(page, ES.confirmH1, 'confirmation page');
  await submit(page, main(page).getByRole('button', { name: ES.confirmSubmit, exact: true }), pathOf(page));
  await expectH1(page, ES.confirmedH1, 'confirmed');

  await signInAs(page, USER, 'new member');
  await expectAccountPage(page, 'signed in');
  eq(await fact(page, 'Nombre'), USER.name, 'account page: the name');
  eq(await fact(page, 'Correo'), USER.email, 'account page: the email');
  eq(await fact(page, 'Roles'), ES.member, `account page: role "${ES.member}"`);
  const headings = (await main(page).locator('section > h2').allInnerTexts()).map((t) => t.trim());
  eq(JSON.stringify(headings), JSON.stringify(ES.sections), `account page: sections ${ES.sections.join(', ')}`);
  await axe(page, 'account page');
  await shot(page, 'profile-account.png');
}

// 2. The profile form.
async function profile(page) {
  const form = section(page, ES.profile);
  eq(await form.getByLabel(ES.fieldName, { exact: true }).inputValue(), USER.name, 'profile: the name field holds the name');
  eq(await form.getByLabel(ES.bio, { exact: true }).inputValue(), '', `profile: "${ES.bio}" starts empty`);
  const languages = form.getByRole('group', { name: ES.languages, exact: true });
  eq(await languages.locator('input[type="checkbox"]:checked').count(), 0, `profile: no "${ES.languages}" ticked yet`);
  const state = form.getByLabel(ES.state, { exact: true });
  eq(await state.evaluate((s) => s.selectedOptions[0].textContent.trim()), ES.stateNone, `profile: "${ES.state}" says "${ES.stateNone}"`);

  // Too long a bio.
  await form.getByLabel(ES.bio, { exact: true }).fill('a'.repeat(1001));
  let res = await submit(page, form.getByRole('button', { name: ES.profileSave, exact: true }), '/cuenta/perfil');
  eq(res.status(), 422, 'profile with a 1001-character bio: 422');
  eq(await alertIn(section(page, ES.profile)), ES.bioTooLong, `profile: "${ES.bioTooLong}" in the profile section`);
  await axe(page, 'account page with a profile error');

  // The real thing.
  const again = section(page, ES.profile);
  await again.getByLabel(ES.fieldName, { exact: true }).fill(PROFILE.name);
  await again.getByLabel(ES.bio, { exact: true }).fill(PROFILE.bio);
  for (const [, label] of PROFILE.languages) await again.getByLabel(label, { exact: true }).check();
  await again.getByLabel(ES.state, { exact: true }).selectOption({ label: PROFILE.state[1] });
  res = await submit(page, again.getByRole('button', { name: ES.profileSave, exact: true }), '/cuenta/perfil');
  eq(res.status(), 303, 'profile saved: POST /cuenta/perfil redirects (303)');
  await expectAccountPage(page, 'profile saved');
  eq(new URL(page.url()).searchParams.get('aviso'), 'perfil', 'profile saved: …?aviso=perfil');
  eq(await notice(page), ES.profileSaved, `profile saved: "${ES.profileSaved}"`);
  const saved = section(page, ES.profile);
  eq(await saved.getByLabel(ES.fieldName, { exact: true }).inputValue(), PROFILE.name, `profile: the name is now "${PROFILE.name}"`);
  eq(await saved.getByLabel(ES.bio, { exact: true }).inputValue(), PROFILE.bio, 'profile: the bio is kept');
  const ticked = await saved.getByRole('group', { name: ES.languages, exact: true }).locator('input:checked')
    .evaluateAll((is) => is.map((i) => i.value));
  eq(JSON.stringify(ticked), JSON.stringify(PROFILE.languages.map(([code]) => code)),
    `profile: ${PROFILE.languages.map(([, l]) => l).join(' and ')} are ticked`);
  eq(JSON.stringify(await saved.getByLabel(ES.state, { exact: true }).evaluate((s) => [s.value, s.selectedOptions[0].textContent.trim()])),
    JSON.stringify(PROFILE.state), `profile: "${ES.state}" shows ${PROFILE.state[1]}`);
  eq(await fact(page, 'Nombre'), PROFILE.name, 'account page: the new name');
  eq(await accountNav(page).getByRole('link', { name: PROFILE.name, exact: true }).count(), 1, `header: "${PROFILE.name}"`);
  await axe(page, 'account page, profile saved');
  await shot(page, 'profile-saved.png');
}

// 3. A personal API token: created, shown once, used, refused for writing, revoked.
async function apiToken(page, base) {
  let tokens = section(page, ES.tokens);
  eq(await tokens.locator('table').count(), 0, 'tokens: none yet');
  await tokens.getByLabel(ES.tokenName, { exact: true }).fill(TOKEN_NAME);
  eq(await tokens.getByLabel(ES.tokenRead, { exact: true }).isChecked(), true, `tokens: "${ES.tokenRead}" is the default`);
  const res = await submit(page, tokens.getByRole('button', { name: ES.tokenCreate, exact: true }), '/cuenta/tokens');
  eq(res.status(), 200, 'token created: 200');
  tokens = section(page, ES.tokens);
  const shown = tokens.locator('[role="status"]');
  check((await shown.innerText()).includes(ES.tokenCreated), `token created: "${ES.tokenCreated}"`, await shown.innerText());
  const secret = (await shown.locator('code.token').innerText()).trim();
  check(secret.length >= 32 && !/\s/.test(secret), 'token created: the token is shown in <code class="token">', secret);
  const row = async () => (await tokens.locator('table tbody tr').evaluateAll((trs) => trs.map((tr) =>
    [...tr.cells].slice(0, 4).map((td) => td.textContent.trim()))));
  let rows = await row();
  eq(rows.length, 1, `tokens: one row in "${ES.tokensCaption}"`);
  eq(JSON.stringify([rows[0][0], rows[0][1], rows[0][3]]), JSON.stringify([TOKEN_NAME, ES.tokenRead, ES.neverUsed]),
    `tokens: ${TOKEN_NAME} · ${ES.tokenRead} · last used "${ES.neverUsed}"`);
  check(/^\d{4}-\d{2}-\d{2}$/.test(rows[0][2]), 'tokens: created today (a date)', rows[0][2]);
  await axe(page, 'account page with a new token');
  await shot(page, 'profile-token.png');

  // Use it.
  let api = await apiMe(base, secret);
  eq(api.status, 200, 'GET /api/v1/me with the token: 200');
  check((api.headers.get('content-type') || '').startsWith('application/json'), 'GET /api/v1/me: JSON',
    api.headers.get('content-type'));
  const me = await api.json();
  eq(JSON.stringify([me.display_name, me.email, me.bio, me.languages, me.state, me.roles]),
    JSON.stringify([PROFILE.name, USER.email, PROFILE.bio, PROFILE.languages.map(([c]) => c), PROFILE.state[0], ['member']]),
    `GET /api/v1/me: ${PROFILE.name}, ${USER.email}, the bio, languages, ${PROFILE.state[0]}, member`);
  api = await apiMe(base, null);
  eq(api.status, 401, 'GET /api/v1/me without a token: 401');
  eq(api.headers.get('www-authenticate'), 'Bearer realm="soporte"', '… with WWW-Authenticate: Bearer realm="soporte"');
  api = await apiMe(base, secret, {
    method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ bio: 'cambiada' }),
  });
  eq(api.status, 403, 'PATCH /api/v1/me with the read-only token: 403');
  check((api.headers.get('www-authenticate') || '').includes('insufficient_scope'), '… error="insufficient_scope"',
    api.headers.get('www-authenticate'));

  // Shown once: a fresh look at the page has the row, not the token.
  await page.goto('/cuenta');
  tokens = section(page, ES.tokens);
  eq(await tokens.locator('code.token').count(), 0, 'tokens, page reloaded: the token is not shown again');
  check(!(await page.content()).includes(secret), 'tokens, page reloaded: the secret is nowhere in the page');
  rows = await row();
  check(/^\d{4}-\d{2}-\d{2}$/.test(rows[0][3]), 'tokens: "last used" is now a date', JSON.stringify(rows[0]));

  // Revoke it.
  const revoked = await submit(page, tokens.getByRole('button', { name: named(ES.revoke, `: ${TOKEN_NAME}`) }),
    await tokens.locator('table form').getAttribute('action'));
  eq(revoked.status(), 303, 'revoking the token redirects (303)');
  await expectAccountPage(page, 'token revoked');
  eq(await notice(page), ES.tokenRevoked, `token revoked: "${ES.tokenRevoked}"`);
  eq(await section(page, ES.tokens).locator('table').count(), 0, 'token revoked: the table is gone');
  api = await apiMe(base, secret);
  eq(api.status, 401, 'GET /api/v1/me with the revoked token: 401');
  check((api.headers.get('www-authenticate') || '').includes('invalid_token'), '… error="invalid_token"',
    api.headers.get('www-authenticate'));
  await axe(page, 'account page, token revoked');
}

// 4. A new password: the other browser is signed out; the old password stops working.
async function changePassword(page, context, other) {
  await signInAs(other.page, { ...USER, name: PROFILE.name }, 'the other browser');
  await expectAccountPage(other.page, 'the other browser');

  let form = section(page, ES.passwordSection);
  await form.getByLabel(ES.currentPassword, { exact: true }).fill('no es esta contraseña');
  await form.getByLabel(ES.fieldNewPassword, { exact: true }).fill(NEW_PASSWORD);
  let res = await submit(page, form.getByRole('button', { name: ES.passwordSubmit, exact: true }), '/cuenta/contrasena');
  eq(res.status(), 422, 'password change with a wrong current password: 422');
  eq(await alertIn(section(page, ES.passwordSection)), ES.currentWrong, `password change: "${ES.currentWrong}"`);
  await axe(page, 'account page with a password error');

  form = section(page, ES.passwordSection);
  await form.getByLabel(ES.currentPassword, { exact: true }).fill(USER.password);
  await form.getByLabel(ES.fieldNewPassword, { exact: true }).fill(NEW_PASSWORD);
  res = await submit(page, form.getByRole('button', { name: ES.passwordSubmit, exact: true }), '/cuenta/contrasena');
  eq(res.status(), 303, 'password changed: POST /cuenta/contrasena redirects (303)');
  await expectAccountPage(page, 'password changed');
  eq(await notice(page), ES.passwordChanged, `password changed: "${ES.passwordChanged}"`);

  await other.page.goto('/cuenta');
  eq(pathOf(other.page), '/cuenta/entrar', 'the other browser is signed out: /cuenta sends it to /cuenta/entrar');
  await page.reload();
  await expectH1(page, ES.accountH1, 'this browser stays signed in');

  // Sign out, then in: the old password fails, the new one works.
  await submit(page, accountNav(page).getByRole('button', { name: ES.signOut, exact: true }), '/cuenta/salir');
  eq(await sessionCookie(context), null, 'signed out: no session cookie');
  await page.goto('/cuenta/entrar');
  await main(page).getByLabel(ES.fieldEmail, { exact: true }).fill(USER.email);
  await main(page).getByLabel('Contraseña', { exact: true }).fill(USER.password);
  res = await submit(page, main(page).getByRole('button', { name: ES.signIn, exact: true }), '/cuenta/entrar');
  eq(res.status(), 422, 'sign-in with the old password: 422');
  check((await main(page).locator('[role="alert"]').innerText()).includes(ES.signInFailed), `… "${ES.signInFailed}"`);
  await axe(page, 'sign-in refused');
  await signInAs(page, { ...USER, password: NEW_PASSWORD, name: PROFILE.name }, 'sign-in with the new password');
  await expectAccountPage(page, 'signed in with the new password');
}

// 5. A new email address, confirmed from the mail sent to it.
async function changeEmail(page, sink, base) {
  const form = section(page, ES.emailSection);
  await form.getByLabel(ES.newEmail, { exact: true }).fill(NEW_EMAIL);
  await form.getByLabel(ES.currentPassword, { exact: true }).fill(NEW_PASSWORD);
  const res = await submit(page, form.getByRole('button', { name: ES.emailSubmit, exact: true }), '/cuenta/correo');
  eq(res.status(), 200, 'email change asked: 200');
  eq(await notice(page), ES.emailSent(NEW_EMAIL), `email change: "${ES.emailSent(NEW_EMAIL)}"`);
  eq(await fact(page, 'Correo'), USER.email, 'email change: the account still uses the old address until the link is opened');
  await axe(page, 'account page, email change sent');

  const toOld = await sink.waitFor(`"${ES.noticeMail}" to ${USER.email}`, (m) => m.to.includes(USER.email) && m.subject === ES.noticeMail);
  check(toOld.text.includes(NEW_EMAIL), 'the notice to the old address names the new one', toOld.text);
  const mail = await sink.waitFor(`"${ES.changeMail}" to ${NEW_EMAIL}`, (m) => m.to.includes(NEW_EMAIL) && m.subject === ES.changeMail);
  const link = linkIn(mail, base, '/cuenta/correo/', 'email change mail');

  await page.goto(link);
  await expectH1(page, ES.emailConfirmH1, 'email confirmation page');
  eq((await main(page).locator('p.lead').innerText()).trim(), ES.emailConfirmIntro(NEW_EMAIL), `… "${ES.emailConfirmIntro(NEW_EMAIL)}"`);
  await axe(page, 'email confirmation page');
  const done = await submit(page, main(page).getByRole('button', { name: ES.emailConfirmSubmit, exact: true }), new URL(link).pathname);
  eq(done.status(), 200, 'email confirmed: 200');
  await expectH1(page, ES.emailChangedH1, 'email changed');
  eq((await main(page).locator('p.lead').innerText()).trim(), ES.emailChangedText(NEW_EMAIL), `… "${ES.emailChangedText(NEW_EMAIL)}"`);
  await axe(page, 'email changed');
  await shot(page, 'profile-email-changed.png');
  await Promise.all([page.waitForURL((u) => u.pathname === '/cuenta'),
    main(page).getByRole('link', { name: ES.accountH1, exact: true }).click()]);
  eq(await fact(page, 'Correo'), NEW_EMAIL, `account page: the email is now ${NEW_EMAIL}`);

  // The link works once.
  const again = await page.goto(link);
  eq(again.status(), 400, 'the email link a second time: 400');
  await expectH1(page, ES.linkProblemH1, 'the used email link');
  eq((await main(page).locator('p.lead').innerText()).trim(), ES.linkUsed, `… "${ES.linkUsed}"`);
  await axe(page, 'a used link');
}

// 6. Deleting the account.
async function deleteAccount(page, context) {
  await page.goto('/cuenta');
  let form = section(page, ES.deleteSection);
  await form.getByLabel(ES.currentPassword, { exact: true }).fill(NEW_PASSWORD);
  let res = await submit(page, form.getByRole('button', { name: ES.deleteSubmit, exact: true }), '/cuenta/eliminar');
  eq(res.status(), 422, 'delete without ticking the box: 422');
  eq(await alertIn(section(page, ES.deleteSection)), ES.deleteMissing, `delete: "${ES.deleteMissing}"`);
  await axe(page, 'account page with a deletion error');

  form = section(page, ES.deleteSection);
  await form.getByLabel(ES.currentPassword, { exact: true }).fill(USER.password);
  await form.getByLabel(ES.deleteConfirm, { exact: true }).check();
  res = await submit(page, form.getByRole('button', { name: ES.deleteSubmit, exact: true }), '/cuenta/eliminar');
  eq(res.status(), 422, 'delete with the old password: 422');
  eq(await alertIn(section(page, ES.deleteSection)), ES.currentWrong, `delete: "${ES.currentWrong}"`);

  form = section(page, ES.deleteSection);
  await form.getByLabel(ES.currentPassword, { exact: true }).fill(NEW_PASSWORD);
  await form.getByLabel(ES.deleteConfirm, { exact: true }).check();
  res = await submit(page, form.getByRole('button', { name: ES.deleteSubmit, exact: true }), '/cuenta/eliminar');
  eq(res.status(), 303, 'delete with the box ticked and the password: 303');
  eq(new URL(page.url()).pathname, '/cuenta/eliminada', 'account deleted: the notice has its own address');
  await expectH1(page, ES.deletedH1, 'account deleted');
  eq((await main(page).locator('p.lead').innerText()).trim(), ES.deletedText, `… "${ES.deletedText}"`);
  eq(await sessionCookie(context), null, 'account deleted: the session cookie is gone');
  // What the header says on this page is checked at the end of this scenario.
  const header = {
    signIn: await accountNav(page).getByRole('link', { name: ES.signIn, exact: true }).count(),
    name: await accountNav(page).getByRole('link', { name: PROFILE.name, exact: true }).count(),
    signOut: await accountNav(page).getByRole('button', { name: ES.signOut, exact: true }).count(),
  };
  await axe(page, 'account deleted');
  await shot(page, 'profile-deleted.png');

  await page.goto('/cuenta');
  eq(pathOf(page), '/cuenta/entrar', 'after deletion /cuenta sends to /cuenta/entrar');
  await main(page).getByLabel(ES.fieldEmail, { exact: true }).fill(NEW_EMAIL);
  await main(page).getByLabel('Contraseña', { exact: true }).fill(NEW_PASSWORD);
  res = await submit(page, main(page).getByRole('button', { name: ES.signIn, exact: true }), '/cuenta/entrar');
  eq(res.status(), 422, 'signing in to the deleted account: 422');
  check((await main(page).locator('[role="alert"]').innerText()).includes(ES.signInFailed), `… "${ES.signInFailed}"`);

  // The "account deleted" page shows a signed-out header.
  check(header.signIn === 1 && header.name === 0 && header.signOut === 0,
    `"${ES.deletedH1}" page: the header offers "${ES.signIn}", not "${PROFILE.name}" and "${ES.signOut}"`,
    `"${ES.signIn}" links: ${header.signIn}, "${PROFILE.name}" links: ${header.name}, "${ES.signOut}" buttons: ${header.signOut}`);
}

// 7. Signing out on every device (a demo account, signed in on two browsers).
async function signOutEverywhere(browser, base) {
  const one = await openContext(browser, base, 'Rodrigo, browser 1');
  const two = await openContext(browser, base, 'Rodrigo, browser 2');
  await signInAs(one.page, RODRIGO, 'Rodrigo, browser 1');
  await signInAs(two.page, RODRIGO, 'Rodrigo, browser 2');
  await one.page.goto('/cuenta');
  await expectH1(one.page, ES.accountH1, 'Rodrigo');
  // Found by its form here; what it says is checked at the end of this scenario.
  const button = main(one.page).locator('form[action="/cuenta/salir-de-todo"] button');
  eq(await button.count(), 1, 'account page: one button that signs out on every device');
  const labels = (await button.allInnerTexts()).map((t) => t.trim());
  await axe(one.page, 'account page of a demo member');
  const res = await submit(one.page, button, '/cuenta/salir-de-todo');
  eq(res.status(), 303, `"${ES.signOutEverywhere}" redirects (303)`);
  await expectH1(one.page, ES.homeH1, 'signed out everywhere: home');
  eq(await sessionCookie(one.context), null, 'signed out everywhere: no session cookie here');
  await two.page.goto('/cuenta');
  eq(pathOf(two.page), '/cuenta/entrar', 'signed out everywhere: the other browser is signed out too');
  for (const b of [one, two]) {
    await checkMonitor(b.mon);
    await b.context.close();
  }
  eq(JSON.stringify(labels), JSON.stringify([ES.signOutEverywhere]), `account page: that button says "${ES.signOutEverywhere}"`);
}

// ---------------------------------------------------------------- main

await runBrowserTest('profile browser test', async () => {
  const sink = await startSmtpSink();
  const base = await startServer({
    command: 'demo',
    env: { SOPORTE_SMTP_URL: sink.url, SOPORTE_JOB_RETRY_BASE_MS: '200' },
  });
  const browser = await launchBrowser();
  const me = await openContext(browser, base, 'account pages');
  const other = await openContext(browser, base, 'the other browser');

  await signUpAndIn(me.page, sink, base);
  await profile(me.page);
  await apiToken(me.page, base);
  await changePassword(me.page, me.context, other);
  await changeEmail(me.page, sink, base);
  await deleteAccount(me.page, me.context);

  await pageCsp(me.page, 'account pages');
  await checkMonitor(me.mon, { allowConsole: EXPECTED_CONSOLE });
  await checkMonitor(other.mon);
  await me.context.close();
  await other.context.close();
  eq(sink.messages.filter((m) => [USER.email, NEW_EMAIL].some((a) => m.to.includes(a))).length, 3,
    'three mails were sent to the person: the confirmation, the link to the new address, the notice to the old one');

  await signOutEverywhere(browser, base);
});
