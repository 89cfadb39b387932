// Browser test for Soporte's account flow: sign up (with a refused password first),
// confirmation by mail through a real SMTP server, sign in, the account page in both
// languages, two-step verification (turn it on with a code this test computes, as an
// authenticator app would; sign in again with a second, fresh code), sign out, and the
// forgot-password page; axe-core on every page.
//
// Plain Node script (no test runner). Run from this directory:
//
//   npm install            # once: playwright-core + axe-core
//   node account.test.mjs  # (npm test runs home.test.mjs, then this)
//
// Environment (besides SOPORTE_BIN, SOPORTE_BROWSER_DATABASE_URL and CHROMIUM_PATH,
// see lib.mjs):
//   SOPORTE_TEST_PYTHON  Python with aiosmtpd, runs tests/support/smtp_sink.py
//                        (default: python3)
//
// The server gets SOPORTE_SMTP_URL pointing at the sink and SOPORTE_JOB_RETRY_BASE_MS=200
// so queued mail goes out within about a second. TOTP codes come from totp.mjs
// (RFC 6238 with node:crypto), checked against the RFC's test vectors first.
//
// Screenshots go to <repo>/target/browser/account-*.png. Exits non-zero on any failure.

import {
  axe, check, checkMonitor, eq, h1Text, htmlLang, launchBrowser, monitor,
  notes, recordCspEvents, runBrowserTest, shot, startServer, startSmtpSink, switchLanguage,
} from './lib.mjs';
import {
  STEP_SECONDS, base32Decode, nowSeconds, selfTest as totpSelfTest, totpCode,
} from './totp.mjs';

const USER = {
  email: 'ana@ejemplo.mx',
  name: 'Ana López',
  badPassword: 'corta',
  password: 'tres tristes tigres comen trigo',
};

const ES = {
  lang: 'es-MX',
  signUpLink: 'Crear cuenta',
  signUpH1: 'Crear una cuenta',
  signUpSubmit: 'Crear cuenta',
  fieldEmail: 'Correo electrónico',
  fieldName: 'Nombre para mostrar',
  // The sign-up form asks for a *new* password ("Nueva contraseña"); the sign-in
  // form's field is "Contraseña". Both are matched exactly.
  fieldNewPassword: 'Nueva contraseña',
  fieldPassword: 'Contraseña',
  passwordTooShort: 'La contraseña debe tener al menos 10 caracteres.',
  sentH1: 'Revisa tu correo',
  mailSubject: 'Confirma tu cuenta de Soporte MxOS',
  confirmH1: 'Confirma tu cuenta',
  confirmSubmit: 'Confirmar mi cuenta',
  confirmedH1: 'Cuenta confirmada',
  goSignIn: 'Ir a entrar',
  signInH1: 'Entrar',
  signInSubmit: 'Entrar',
  accountH1: 'Tu cuenta',
  member: 'Miembro',
  signOut: 'Salir',
};
const EN = {
  lang: 'en',
  accountH1: 'Your account',
  member: 'Member',
  signOut: 'Sign out',
  signIn: 'Sign in',
  signUp: 'Sign up',
  signInH1: 'Sign in',
  homeH1: 'Having a problem with MxOS? Start here.',
  forgotH1: 'Forgot my password',
  fieldEmail: 'Email',
  fieldPassword: 'Password',
  signInSubmit: 'Sign in',
  // Two-step verification (TOTP).
  twoFactorTitle: 'Two-step verification',
  twoFactorOff: 'Protect your account by asking, besides the password, for a code',
  twoFactorOn: 'It is on',
  twoFactorStart: 'Turn on two-step verification',
  twoFactorDisable: 'Turn off two-step verification',
  qrAlt: 'QR code to add your MxOS Support account to the authenticator app',
  fieldCode: 'Verification code',
  activate: 'Turn on',
  wrongCode: 'That code is not valid.',
  enabled: 'Done: two-step verification is on.',
  recoveryTitle: 'Recovery codes',
  codeH1: 'Type your code',
};

const SESSION_COOKIE = 'soporte_session';
// Set after the password step of a two-step sign-in, until the code is accepted.
const PENDING_COOKIE = 'soporte_2fa';
const RECOVERY_CODES = 10;

// ---------------------------------------------------------------- helpers

const main = (page) => page.locator('main');
const accountNav = (page) => page.locator('header .account');
const pathOf = (page) => new URL(page.url()).pathname;

async function expectH1(page, text, label) {
  // Wait for the new document's heading, then compare exactly.
  await page.locator('main h1').filter({ hasText: text }).first().waitFor();
  eq(await h1Text(page), text, `${label}: h1 "${text}"`);
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

// The value shown for a term of the account page's <dl class="facts">.
async function fact(page, term) {
  const dt = main(page).locator('dl.facts dt').filter({ hasText: new RegExp(`^\\s*${term}\\s*$`) });
  eq(await dt.count(), 1, `account page: one "${term}" entry`);
  return (await dt.locator('xpath=following-sibling::dd[1]').innerText()).trim();
}

async function sessionCookie(context) {
  return (await context.cookies()).find((c) => c.name === SESSION_COOKIE) || null;
}

async function pendingCookie(context) {
  return (await context.cookies()).find((c) => c.name === PENDING_COOKIE) || null;
}

// The account page's "Two-step verification" section (a <section aria-labelledby>).
const twoFactorSection = (page) => main(page).getByRole('region', { name: EN.twoFactorTitle, exact: true });

// The error next to a field: the texts of the elements its aria-describedby names.
async function describedBy(page, field) {
  const ids = (await field.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
  const texts = [];
  for (const id of ids) texts.push((await page.locator(`[id="${id}"]`).innerText()).trim());
  return texts;
}

// ---------------------------------------------------------------- steps

// 1–2. Sign-up form from the header link, then a refused (too short) password.
async function signUpRefused(page) {
  eq((await page.goto('/')).status(), 200, 'GET / is 200');
  eq(await htmlLang(page), ES.lang, 'home: <html lang="es-MX">');
  const link = accountNav(page).getByRole('link', { name: ES.signUpLink, exact: true });
  eq(await link.getAttribute('href'), '/cuenta/registro', `header: "${ES.signUpLink}" links to /cuenta/registro`);
  await Promise.all([page.waitForURL('**/cuenta/registro'), link.click()]);
  eq(pathOf(page), '/cuenta/registro', `"${ES.signUpLink}" leads to /cuenta/registro`);
  await expectH1(page, ES.signUpH1, 'sign-up');
  await axe(page, 'sign-up form');
  await shot(page, 'account-sign-up.png');

  const form = main(page);
  await form.getByLabel(ES.fieldEmail, { exact: true }).fill(USER.email);
  await form.getByLabel(ES.fieldName, { exact: true }).fill(USER.name);
  await form.getByLabel(ES.fieldNewPassword, { exact: true }).fill(USER.badPassword);
  const res = await submit(page, form.getByRole('button', { name: ES.signUpSubmit, exact: true }), '/cuenta/registro');
  eq(res.status(), 422, `sign-up with password "${USER.badPassword}": 422`);
  await form.locator('[role="alert"]').waitFor();
  await expectH1(page, ES.signUpH1, 'sign-up with errors');

  const alert = (await form.locator('[role="alert"]').innerText());
  check(alert.includes(ES.passwordTooShort), `sign-up errors: summary says "${ES.passwordTooShort}"`,
    `summary: ${JSON.stringify(alert)}`);
  const password = form.getByLabel(ES.fieldNewPassword, { exact: true });
  eq(await password.getAttribute('aria-invalid'), 'true', 'sign-up errors: password field has aria-invalid="true"');
  const describedBy = (await password.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
  const errorTexts = [];
  for (const id of describedBy) errorTexts.push((await page.locator(`[id="${id}"]`).innerText()).trim());
  check(errorTexts.includes(ES.passwordTooShort),
    'sign-up errors: the message is next to the password field (aria-describedby)',
    `aria-describedby=${JSON.stringify(describedBy)} → ${JSON.stringify(errorTexts)}`);
  eq(await password.inputValue(), '', 'sign-up errors: the refused password is not sent back');
  const email = form.getByLabel(ES.fieldEmail, { exact: true });
  eq(await email.inputValue(), USER.email, 'sign-up errors: the typed email is kept');
  eq(await email.getAttribute('aria-invalid'), null, 'sign-up errors: email field is not marked invalid');
  eq(await form.getByLabel(ES.fieldName, { exact: true }).inputValue(), USER.name, 'sign-up errors: the typed name is kept');
  await axe(page, 'sign-up form with errors');
  await shot(page, 'account-sign-up-error.png');
}

// 3. A good password: "Revisa tu correo".
async function signUpAccepted(page) {
  const form = main(page);
  await form.getByLabel(ES.fieldNewPassword, { exact: true }).fill(USER.password);
  const res = await submit(page, form.getByRole('button', { name: ES.signUpSubmit, exact: true }), '/cuenta/registro');
  eq(res.status(), 200, 'sign-up with a good password: 200');
  await expectH1(page, ES.sentH1, 'sign-up sent');
  const lead = (await form.locator('p').first().innerText()).trim();
  check(lead.includes(USER.email), 'sign-up sent: the page names the email address', `text: ${JSON.stringify(lead)}`);
  await axe(page, 'sign-up sent');
  await shot(page, 'account-sign-up-sent.png');
}

// 4. The confirmation mail, its link, and the confirmation form.
async function confirmByMail(page, sink, base) {
  const mail = await sink.waitFor(`"${ES.mailSubject}" to ${USER.email}`,
    (m) => m.to.includes(USER.email) && m.subject === ES.mailSubject);
  check(mail.text.includes(USER.name), 'confirmation mail: greets the person by name',
    `text: ${JSON.stringify(mail.text)}`);
  const links = mail.text.match(/https?:\/\/\S+/g) || [];
  const link = links.find((l) => l.startsWith(`${base}/cuenta/confirmar/`));
  check(Boolean(link), `confirmation mail: has a link ${base}/cuenta/confirmar/…`,
    `links in the mail: ${JSON.stringify(links)}\n  text: ${JSON.stringify(mail.text)}`);

  const res = await page.goto(link);
  eq(res.status(), 200, 'confirmation link: GET is 200');
  await expectH1(page, ES.confirmH1, 'confirmation page');
  const button = main(page).getByRole('button', { name: ES.confirmSubmit, exact: true });
  eq(await button.count(), 1, `confirmation page: a "${ES.confirmSubmit}" button`);
  await axe(page, 'confirmation page');
  await shot(page, 'account-confirm.png');

  const post = await submit(page, button, new URL(link).pathname);
  eq(post.status(), 200, 'confirmation: POST is 200');
  await expectH1(page, ES.confirmedH1, 'confirmed');
  await axe(page, 'account confirmed');
  await shot(page, 'account-confirmed.png');
}

// 5. Sign in from the "Ir a entrar" link; land on /cuenta.
async function signIn(page, context) {
  const link = main(page).getByRole('link', { name: ES.goSignIn, exact: true });
  await Promise.all([page.waitForURL('**/cuenta/entrar'), link.click()]);
  eq(pathOf(page), '/cuenta/entrar', `"${ES.goSignIn}" leads to /cuenta/entrar`);
  await expectH1(page, ES.signInH1, 'sign-in');
  await axe(page, 'sign-in form');
  await shot(page, 'account-sign-in.png');

  const form = main(page);
  await form.getByLabel(ES.fieldEmail, { exact: true }).fill(USER.email);
  await form.getByLabel(ES.fieldPassword, { exact: true }).fill(USER.password);
  const [post] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/cuenta/entrar'),
    form.getByRole('button', { name: ES.signInSubmit, exact: true }).click(),
  ]);
  check(post.status() === 303, 'sign-in: POST /cuenta/entrar redirects (303)', `status ${post.status()}`);
  // No second factor yet: straight on to /cuenta (signInWithCode covers the other case).
  eq(await pendingCookie(context), null, `sign-in without two-step verification: no ${PENDING_COOKIE} cookie`);

  await page.waitForURL((url) => url.pathname === '/cuenta');
  await expectH1(page, ES.accountH1, 'signed in');
  eq(await htmlLang(page), ES.lang, 'account page: <html lang="es-MX">');
  eq(await fact(page, 'Correo'), USER.email, 'account page: shows the email');
  eq(await fact(page, 'Nombre'), USER.name, 'account page: shows the name');
  eq(await fact(page, 'Roles'), ES.member, `account page: role "${ES.member}"`);

  const nav = accountNav(page);
  const me = nav.getByRole('link', { name: USER.name, exact: true });
  eq(await me.count(), 1, `header: a link "${USER.name}"`);
  eq(await me.getAttribute('href'), '/cuenta', `header: "${USER.name}" links to /cuenta`);
  eq(await nav.getByRole('button', { name: ES.signOut, exact: true }).count(), 1, `header: a "${ES.signOut}" button`);
  eq(await nav.getByRole('link', { name: 'Entrar', exact: true }).count(), 0, 'header: no "Entrar" link when signed in');

  const cookie = await sessionCookie(context);
  check(Boolean(cookie && cookie.value), `signed in: ${SESSION_COOKIE} cookie set`);
  check(cookie.httpOnly && cookie.sameSite === 'Lax',
    `signed in: ${SESSION_COOKIE} cookie is HttpOnly, SameSite=Lax`,
    `httpOnly=${cookie.httpOnly} sameSite=${cookie.sameSite}`);
  await axe(page, 'account page (es-MX)');
  await shot(page, 'account-home-es.png');
  return cookie.value;
}

// 6. The header's language switch turns /cuenta into English.
async function accountInEnglish(page) {
  const post = await switchLanguage(page, EN);
  check(post.status() >= 300 && post.status() < 400, 'POST /idioma redirects', `status ${post.status()}`);
  eq(pathOf(page), '/cuenta', 'after switch: still on /cuenta');
  await expectH1(page, EN.accountH1, 'account page (en)');
  eq(await htmlLang(page), EN.lang, 'account page (en): <html lang="en">');
  eq(await fact(page, 'Email'), USER.email, 'account page (en): shows the email');
  eq(await fact(page, 'Roles'), EN.member, `account page (en): role "${EN.member}"`);
  const nav = accountNav(page);
  eq(await nav.getByRole('link', { name: USER.name, exact: true }).count(), 1, `header (en): a link "${USER.name}"`);
  eq(await nav.getByRole('button', { name: EN.signOut, exact: true }).count(), 1, `header (en): a "${EN.signOut}" button`);
  await axe(page, 'account page (en)');
  await shot(page, 'account-home-en.png');
}

// 7. Turn on two-step verification from the account page: the setup page (QR code and
// key), a wrong code refused, then the code this test computes from the key accepted,
// with the recovery codes shown once. Returns the key and the code that was used.
async function enableTwoFactor(page) {
  const section = twoFactorSection(page);
  eq(await section.count(), 1, `account page (en): a "${EN.twoFactorTitle}" section`);
  const intro = (await section.innerText()).trim();
  check(intro.includes(EN.twoFactorOff), `"${EN.twoFactorTitle}" section: explains it is off`,
    `text: ${JSON.stringify(intro)}`);
  eq(await section.getByRole('button', { name: EN.twoFactorDisable, exact: true }).count(), 0,
    `"${EN.twoFactorTitle}" section: no "${EN.twoFactorDisable}" button while it is off`);
  const start = section.getByRole('button', { name: EN.twoFactorStart, exact: true });
  eq(await start.count(), 1, `"${EN.twoFactorTitle}" section: a "${EN.twoFactorStart}" button`);

  // Setting it up takes the password.
  await section.locator('#two-factor-start-password').fill(USER.password);
  const post = await submit(page, start, '/cuenta/2fa');
  eq(post.status(), 303, `"${EN.twoFactorStart}": POST /cuenta/2fa redirects (303)`);
  await page.waitForURL((url) => url.pathname === '/cuenta/2fa');
  await expectH1(page, EN.twoFactorTitle, 'two-step setup');
  eq(await htmlLang(page), EN.lang, 'two-step setup: <html lang="en">');

  // The QR code: an <img> with a useful alt, an SVG data: URL, loaded under the CSP.
  const qr = main(page).getByRole('img', { name: EN.qrAlt, exact: true });
  eq(await qr.count(), 1, `two-step setup: a QR code image with alt "${EN.qrAlt}"`);
  const src = (await qr.getAttribute('src')) || '';
  const prefix = 'data:image/svg+xml;base64,';
  check(src.startsWith(prefix), `two-step setup: the QR code is a ${prefix}… URL`, `src: ${src.slice(0, 80)}`);
  const svg = Buffer.from(src.slice(prefix.length), 'base64').toString('utf8');
  check(/<svg[\s>]/.test(svg) && svg.trimEnd().endsWith('</svg>'), 'two-step setup: the QR data URL holds an SVG document',
    `starts: ${JSON.stringify(svg.slice(0, 120))}`);
  const loaded = await qr.evaluate((img) => img.complete && img.naturalWidth > 0);
  check(loaded, 'two-step setup: the browser loaded the QR image (CSP allows it)');

  // The key, for typing by hand: base32 in groups of four.
  const keyEl = main(page).locator('code.secret');
  eq(await keyEl.count(), 1, 'two-step setup: the key is shown in <code class="secret">');
  const shown = (await keyEl.innerText()).trim();
  check(/^[A-Z2-7]{4}( [A-Z2-7]{4})*( [A-Z2-7]{1,3})?$/.test(shown),
    'two-step setup: the key is base32 in groups of 4 separated by spaces', `key: ${JSON.stringify(shown)}`);
  const secret = shown.replace(/ /g, '');
  let keyBytes = null;
  try { keyBytes = base32Decode(secret); } catch (err) { keyBytes = err; }
  check(Buffer.isBuffer(keyBytes) && keyBytes.length >= 16,
    'two-step setup: the key decodes to at least 128 bits (RFC 4226)',
    Buffer.isBuffer(keyBytes) ? `${keyBytes.length * 8} bits` : String(keyBytes));
  await axe(page, 'two-step setup');
  await shot(page, 'account-2fa-setup.png');

  // A wrong code. ("000000" unless, one time in a few hundred thousand, it is valid now.)
  const field = main(page).getByLabel(EN.fieldCode, { exact: true });
  const turnOn = main(page).getByRole('button', { name: EN.activate, exact: true });
  const near = [-1, 0, 1].map((k) => totpCode(secret, nowSeconds() + k * STEP_SECONDS));
  let wrong = '000000';
  while (near.includes(wrong)) wrong = String((Number(wrong) + 111111) % 1_000_000).padStart(6, '0');
  await field.fill(wrong);
  const refused = await submit(page, turnOn, '/cuenta/2fa/activar');
  eq(refused.status(), 422, `two-step setup: the wrong code ${wrong} is refused (422)`);
  await main(page).locator('[role="alert"]').waitFor();
  await expectH1(page, EN.twoFactorTitle, 'two-step setup with a wrong code');
  const alert = (await main(page).locator('[role="alert"]').innerText()).trim();
  check(alert.includes(EN.wrongCode), `two-step setup, wrong code: says "${EN.wrongCode}"`,
    `alert: ${JSON.stringify(alert)}`);
  const badField = main(page).getByLabel(EN.fieldCode, { exact: true });
  eq(await badField.getAttribute('aria-invalid'), 'true', 'two-step setup, wrong code: the code field has aria-invalid="true"');
  const tied = await describedBy(page, badField);
  check(tied.some((t) => t.includes(EN.wrongCode)),
    'two-step setup, wrong code: the message is tied to the field (aria-describedby)', JSON.stringify(tied));
  eq((await main(page).locator('code.secret').innerText()).trim(), shown,
    'two-step setup, wrong code: the same key is still offered');
  await axe(page, 'two-step setup with a wrong code');
  await shot(page, 'account-2fa-wrong-code.png');

  // The right code, as an authenticator app would show it now.
  const usedAt = nowSeconds();
  const code = totpCode(secret, usedAt);
  await badField.fill(code);
  const accepted = await submit(page, main(page).getByRole('button', { name: EN.activate, exact: true }),
    '/cuenta/2fa/activar');
  eq(accepted.status(), 200, 'two-step setup: the current code (computed by the test) is accepted (200)');
  await main(page).locator('[role="status"]').filter({ hasText: EN.enabled }).waitFor();
  eq((await main(page).locator('[role="status"]').innerText()).trim(), EN.enabled,
    `two-step on: says "${EN.enabled}"`);
  eq(await main(page).getByRole('heading', { name: EN.recoveryTitle, exact: true }).count(), 1,
    `two-step on: a "${EN.recoveryTitle}" heading`);
  const recovery = (await main(page).locator('li > code').allInnerTexts()).map((t) => t.trim());
  eq(recovery.length, RECOVERY_CODES, `two-step on: ${RECOVERY_CODES} recovery codes, each in <li><code>`);
  check(recovery.every((c) => /^[a-z0-9]{5}-[a-z0-9]{5}$/.test(c)), 'two-step on: recovery codes look like xxxxx-xxxxx',
    JSON.stringify(recovery));
  eq(new Set(recovery).size, recovery.length, 'two-step on: the recovery codes are all different');
  eq(await main(page).locator('code.secret').count(), 0, 'two-step on: the key is no longer shown');
  await axe(page, 'two-step on, recovery codes');
  await shot(page, 'account-2fa-on.png');
  return { secret, code, step: Math.floor(usedAt / STEP_SECONDS) };
}

// 8. Back on /cuenta (the link under the recovery codes): the section says it is on.
async function twoFactorIsOn(page) {
  const link = main(page).getByRole('link', { name: EN.accountH1, exact: true });
  eq(await link.getAttribute('href'), '/cuenta', `two-step on: "${EN.accountH1}" links to /cuenta`);
  await Promise.all([page.waitForURL((url) => url.pathname === '/cuenta'), link.click()]);
  await expectH1(page, EN.accountH1, 'account page, two-step on');
  const section = twoFactorSection(page);
  const text = (await section.innerText()).trim();
  check(text.includes(EN.twoFactorOn), `account page: the "${EN.twoFactorTitle}" section says "${EN.twoFactorOn}"`,
    `text: ${JSON.stringify(text)}`);
  eq(await section.getByRole('button', { name: EN.twoFactorDisable, exact: true }).count(), 1,
    `account page: a "${EN.twoFactorDisable}" button`);
  eq(await section.getByRole('button', { name: EN.twoFactorStart, exact: true }).count(), 0,
    `account page: no "${EN.twoFactorStart}" button any more`);
  await axe(page, 'account page, two-step on (en)');
  await shot(page, 'account-home-2fa-on.png');
}

// 9 and 11. Sign out: back home, signed out in the browser and on the server; ends on the
// sign-in form /cuenta/entrar?siguiente=/cuenta. `label` tells the two rounds apart.
async function signOut(page, context, base, oldSession, label) {
  const button = accountNav(page).getByRole('button', { name: EN.signOut, exact: true });
  const post = await submit(page, button, '/cuenta/salir');
  eq(post.status(), 303, `${label}: POST /cuenta/salir redirects (303)`);
  await page.waitForURL((url) => url.pathname === '/');
  await expectH1(page, EN.homeH1, `${label}: home (en)`);
  const nav = accountNav(page);
  const signInLink = nav.getByRole('link', { name: EN.signIn, exact: true });
  eq(await signInLink.count(), 1, `${label}: header has a "${EN.signIn}" link`);
  eq(await signInLink.getAttribute('href'), '/cuenta/entrar', `${label}: header "${EN.signIn}" links to /cuenta/entrar`);
  eq(await nav.getByRole('link', { name: EN.signUp, exact: true }).count(), 1, `${label}: header has a "${EN.signUp}" link`);
  eq(await nav.getByRole('link', { name: USER.name, exact: true }).count(), 0, `${label}: header has no "${USER.name}" link`);
  eq(await nav.getByRole('button', { name: EN.signOut, exact: true }).count(), 0, `${label}: header has no "${EN.signOut}" button`);
  eq(await sessionCookie(context), null, `${label}: ${SESSION_COOKIE} cookie removed`);

  const res = await page.goto('/cuenta');
  eq(pathOf(page), '/cuenta/entrar', `${label}: /cuenta redirects to /cuenta/entrar`);
  eq(new URL(page.url()).searchParams.get('siguiente'), '/cuenta', `${label}: …?siguiente=/cuenta`);
  const first = res.request().redirectedFrom();
  eq(first && new URL(first.url()).pathname, '/cuenta', `${label}: the redirect came from /cuenta`);
  eq(res.status(), 200, `${label}: /cuenta/entrar is 200`);
  await expectH1(page, EN.signInH1, `${label}: sign-in (en)`);

  // The old session id must be dead on the server too, not only dropped by the browser.
  const replay = await fetch(`${base}/cuenta`, {
    redirect: 'manual',
    headers: { cookie: `${SESSION_COOKIE}=${oldSession}; lang=en` },
  });
  eq(replay.status, 303, `${label}: replaying the old session cookie on /cuenta is redirected (303)`);
  check((replay.headers.get('location') || '').startsWith('/cuenta/entrar'),
    `${label}: … to /cuenta/entrar`, `location: ${replay.headers.get('location')}`);
}

// 10. Sign in again, now with two steps: the password leads to the code page; the code
// already used to turn it on is refused (each code works once); the next one (the code
// for 30 s from now, inside the server's ±1 step window) signs in and lands on /cuenta.
async function signInWithCode(page, context, oldSession, { secret, code: usedCode, step: usedStep }) {
  const form = main(page);
  await form.getByLabel(EN.fieldEmail, { exact: true }).fill(USER.email);
  await form.getByLabel(EN.fieldPassword, { exact: true }).fill(USER.password);
  const post = await submit(page, form.getByRole('button', { name: EN.signInSubmit, exact: true }), '/cuenta/entrar');
  eq(post.status(), 303, 'two-step sign-in: POST /cuenta/entrar redirects (303)');
  await page.waitForURL((url) => url.pathname === '/cuenta/entrar/codigo');
  eq(pathOf(page), '/cuenta/entrar/codigo', 'two-step sign-in: the password leads to /cuenta/entrar/codigo');
  await expectH1(page, EN.codeH1, 'two-step sign-in, code page');
  eq(await htmlLang(page), EN.lang, 'code page: <html lang="en">');
  eq(await sessionCookie(context), null, `code page: no ${SESSION_COOKIE} cookie yet (the password alone does not sign in)`);
  const pending = await pendingCookie(context);
  check(Boolean(pending && pending.value) && pending.httpOnly && pending.sameSite === 'Lax',
    `code page: a ${PENDING_COOKIE} cookie (HttpOnly, SameSite=Lax) carries the pending sign-in`,
    JSON.stringify(pending));
  await axe(page, 'two-step sign-in, code page');
  await shot(page, 'account-sign-in-code.png');

  // The code that turned two-step verification on was used up then.
  const field = () => main(page).getByLabel(EN.fieldCode, { exact: true });
  const button = () => main(page).getByRole('button', { name: EN.signInSubmit, exact: true });
  // Only a real replay test while that code's step is still inside the ±1 step window.
  const lag = Math.floor(nowSeconds() / STEP_SECONDS) - usedStep;
  if (lag > 1) notes.push(`code page: the used code was ${lag} steps old, so its refusal shows the time window, not single use`);
  await field().fill(usedCode);
  const replay = await submit(page, button(), '/cuenta/entrar/codigo');
  eq(replay.status(), 422, `code page: the code used to turn it on (${usedCode}) does not work again (422)`);
  await main(page).locator('[role="alert"]').waitFor();
  await expectH1(page, EN.codeH1, 'code page with a used code');
  const alert = (await main(page).locator('[role="alert"]').innerText()).trim();
  check(alert.includes(EN.wrongCode), `code page, used code: says "${EN.wrongCode}"`, `alert: ${JSON.stringify(alert)}`);
  eq(await field().getAttribute('aria-invalid'), 'true', 'code page, used code: the field has aria-invalid="true"');
  const tied = await describedBy(page, field());
  check(tied.some((t) => t.includes(EN.wrongCode)),
    'code page, used code: the message is tied to the field (aria-describedby)', JSON.stringify(tied));
  eq(await sessionCookie(context), null, `code page, used code: still no ${SESSION_COOKIE} cookie`);
  await axe(page, 'two-step sign-in, code page with a used code');

  // The next code: one step ahead of the clock, accepted with the ±1 step skew.
  const next = totpCode(secret, nowSeconds() + STEP_SECONDS);
  check(next !== usedCode, 'the next step\'s code differs from the used one', next);
  await field().fill(next);
  const ok = await submit(page, button(), '/cuenta/entrar/codigo');
  eq(ok.status(), 303, 'code page: the next code is accepted, POST redirects (303)');
  await page.waitForURL((url) => url.pathname === '/cuenta');
  await expectH1(page, EN.accountH1, 'signed in with two steps');
  eq(await fact(page, 'Email'), USER.email, 'signed in with two steps: account page shows the email');
  const cookie = await sessionCookie(context);
  check(Boolean(cookie && cookie.value), `signed in with two steps: ${SESSION_COOKIE} cookie set`);
  check(cookie.httpOnly && cookie.sameSite === 'Lax',
    `signed in with two steps: ${SESSION_COOKIE} cookie is HttpOnly, SameSite=Lax`,
    `httpOnly=${cookie.httpOnly} sameSite=${cookie.sameSite}`);
  check(cookie.value !== oldSession, 'signed in with two steps: a new session id');
  eq(await pendingCookie(context), null, `signed in with two steps: ${PENDING_COOKIE} cookie removed`);
  const nav = accountNav(page);
  eq(await nav.getByRole('link', { name: USER.name, exact: true }).count(), 1, `header: a link "${USER.name}" again`);
  check((await twoFactorSection(page).innerText()).includes(EN.twoFactorOn),
    `signed in with two steps: "${EN.twoFactorTitle}" is still on`);
  return cookie.value;
}

// 12. The forgot-password page (English, from the lang cookie).
async function forgotPassword(page) {
  const res = await page.goto('/cuenta/olvide');
  eq(res.status(), 200, 'GET /cuenta/olvide is 200');
  eq(await htmlLang(page), EN.lang, 'forgot-password: <html lang="en"> (lang cookie)');
  await expectH1(page, EN.forgotH1, 'forgot-password');
  await axe(page, 'forgot-password (en)');
  await shot(page, 'account-forgot-en.png');
}

// ---------------------------------------------------------------- main

await runBrowserTest('account browser test', async () => {
  // The test types TOTP codes it computes itself; check that arithmetic first.
  for (const r of totpSelfTest()) check(r.ok, `totp.mjs: ${r.message}`, r.detail);

  const sink = await startSmtpSink();
  const base = await startServer({
    env: { SOPORTE_SMTP_URL: sink.url, SOPORTE_JOB_RETRY_BASE_MS: '200' },
  });
  const browser = await launchBrowser();
  // No bypassCSP: every page and form runs under the server's real policy.
  const context = await browser.newContext({ locale: 'es-MX', baseURL: base });
  context.setDefaultTimeout(15_000);
  const mon = monitor(context, 'account flow');
  await recordCspEvents(context);
  const page = await context.newPage();

  await signUpRefused(page);
  await signUpAccepted(page);
  await confirmByMail(page, sink, base);
  const session = await signIn(page, context);
  await accountInEnglish(page);
  const totp = await enableTwoFactor(page);
  await twoFactorIsOn(page);
  await signOut(page, context, base, session, 'sign-out');
  const session2 = await signInWithCode(page, context, session, totp);
  await signOut(page, context, base, session2, 'sign-out after the two-step sign-in');
  await forgotPassword(page);

  const csp = await page.evaluate(() => window.__cspViolations || null);
  check(Array.isArray(csp) && csp.length === 0, 'account flow: no securitypolicyviolation events (last page)',
    JSON.stringify(csp));
  // The refused sign-up and the refused TOTP codes are answered with 422 on purpose;
  // Chromium logs that as a failed resource load. Any other console error fails.
  await checkMonitor(mon, { allowConsole: /Failed to load resource: the server responded with a status of 422/ });
  eq(sink.messages.length, 1, 'exactly one mail was sent (the confirmation)');
  await context.close();
});
