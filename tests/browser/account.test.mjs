// Browser test for Soporte's account flow: sign up (with a refused password first),
// confirmation by mail through a real SMTP server, sign in, the account page in both
// languages, sign out, and the forgot-password page; axe-core on every page.
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
// so queued mail goes out within about a second.
//
// Screenshots go to <repo>/target/browser/account-*.png. Exits non-zero on any failure.

import {
  axe, check, checkMonitor, eq, h1Text, htmlLang, launchBrowser, monitor,
  recordCspEvents, runBrowserTest, shot, startServer, startSmtpSink, switchLanguage,
} from './lib.mjs';

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
};

const SESSION_COOKIE = 'soporte_session';

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

  // ---- second factor (TOTP) -------------------------------------------------------
  // TODO(TOTP): when two-factor sign-in exists, this is where the browser lands on the
  // code page after the password step (and where a test with TOTP enrolled types a
  // code). For this account, which has no second factor, sign-in goes straight on to
  // /cuenta, which is what the next lines check.
  // ----------------------------------------------------------------------------------

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

// 7. Sign out: back home, signed out in the browser and on the server.
async function signOut(page, context, base, oldSession) {
  const button = accountNav(page).getByRole('button', { name: EN.signOut, exact: true });
  const post = await submit(page, button, '/cuenta/salir');
  eq(post.status(), 303, 'sign-out: POST /cuenta/salir redirects (303)');
  await page.waitForURL((url) => url.pathname === '/');
  await expectH1(page, EN.homeH1, 'signed out, home (en)');
  const nav = accountNav(page);
  const signInLink = nav.getByRole('link', { name: EN.signIn, exact: true });
  eq(await signInLink.count(), 1, `header after sign-out: a "${EN.signIn}" link`);
  eq(await signInLink.getAttribute('href'), '/cuenta/entrar', `header after sign-out: "${EN.signIn}" links to /cuenta/entrar`);
  eq(await nav.getByRole('link', { name: EN.signUp, exact: true }).count(), 1, `header after sign-out: a "${EN.signUp}" link`);
  eq(await nav.getByRole('link', { name: USER.name, exact: true }).count(), 0, `header after sign-out: no "${USER.name}" link`);
  eq(await nav.getByRole('button', { name: EN.signOut, exact: true }).count(), 0, `header after sign-out: no "${EN.signOut}" button`);
  eq(await sessionCookie(context), null, `sign-out: ${SESSION_COOKIE} cookie removed`);

  const res = await page.goto('/cuenta');
  eq(pathOf(page), '/cuenta/entrar', 'signed out: /cuenta redirects to /cuenta/entrar');
  eq(new URL(page.url()).searchParams.get('siguiente'), '/cuenta', 'signed out: …?siguiente=/cuenta');
  const first = res.request().redirectedFrom();
  eq(first && new URL(first.url()).pathname, '/cuenta', 'signed out: the redirect came from /cuenta');
  eq(res.status(), 200, 'signed out: /cuenta/entrar is 200');
  await expectH1(page, EN.signInH1, 'sign-in (en)');

  // The old session id must be dead on the server too, not only dropped by the browser.
  const replay = await fetch(`${base}/cuenta`, {
    redirect: 'manual',
    headers: { cookie: `${SESSION_COOKIE}=${oldSession}; lang=en` },
  });
  eq(replay.status, 303, 'signed out: replaying the old session cookie on /cuenta is redirected (303)');
  check((replay.headers.get('location') || '').startsWith('/cuenta/entrar'),
    'signed out: … to /cuenta/entrar', `location: ${replay.headers.get('location')}`);
}

// 8. The forgot-password page (English, from the lang cookie).
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
  await signOut(page, context, base, session);
  await forgotPassword(page);

  const csp = await page.evaluate(() => window.__cspViolations || null);
  check(Array.isArray(csp) && csp.length === 0, 'account flow: no securitypolicyviolation events (last page)',
    JSON.stringify(csp));
  // The refused sign-up is answered with 422 on purpose; Chromium logs that as a
  // failed resource load. Any other console error fails.
  await checkMonitor(mon, { allowConsole: /Failed to load resource: the server responded with a status of 422/ });
  eq(sink.messages.length, 1, 'exactly one mail was sent (the confirmation)');
  await context.close();
});
