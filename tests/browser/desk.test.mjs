// Browser test for the partners' support desks (/soporte-profesional): Jorge Salas, a
// customer of Maquiladora del Pacífico (contract "Soporte de planta 2026", plan
// Estándar, Tijuana business calendar), finds his portal from the public page, sees
// his account manager there and opens a P2 ticket; the ticket's "Tiempos de servicio"
// show the first response and resolution due at the instants this test computes on
// its own (a small business-time walk over the Tijuana calendar below, Mexico's
// statutory rest days and the contract's extra ones); Luis Gámez, the desk's agent,
// finds it in the queue, answers (first response met on time) and writes an internal
// note that the customer never sees; he sets "Pendiente del cliente" and both see the
// resolution clock paused ("esperando al cliente" for the desk, "esperamos tu
// respuesta" for the customer), while the met first response keeps its due instant;
// the customer answers, the ticket is "Abierto" again and the next update runs; the
// agent answers that too and the ticket is resolved (by the agent with "Cambiar el
// estado", after a thank-you of the customer's that it leaves unanswered and that runs
// no clock once resolved, or by the customer with "Ya quedó resuelto"): "Resuelto",
// resolution met, the queue keeps it only under its status. Lists show the priority
// as the ticket's page does ("P2 · alta") and "Nadie" for nobody assigned.
// Once resolved, the ticket's page asks the customer "¿Cómo te atendimos?" (a section
// the ticket has only then): he rates it (Excelente … Muy mala, one required) with a
// comment, comes back to the ticket at #encuesta with "Tu calificación:
// Buena · «…»" and the form again, his rating checked; he changes his rating and the
// line follows, the comment kept (Buena then Excelente when the desk resolved it, Mala
// then Regular when he did). The desk reads it as "Calificación del cliente: …" and
// has no form; before the customer answers it reads "El cliente todavía no responde
// la encuesta.". The survey's mail is not checked here.
//
// The walk runs four times, on a fresh ticket each: in Spanish and in English, with
// JavaScript on and off (the desk's pages have no script; the English contexts get
// their language from the header's switch or from Accept-Language). Also: another
// organization's customer gets "not found" for the ticket, and a customer gets
// "not found" for the desk's queue; that other customer (Hospital San Ángel, on a
// 24x7 contract in Mexico City) opens a ticket whose times read in Mexico City's time
// and whose time left is plain, not business, time. axe-core on every page visited
// (pages reached without JavaScript are checked as a JavaScript context of the same
// person gets them: axe.run waits on timers, which a page without JavaScript never
// runs); CSP and console watched.
//
// Plain Node script (no test runner). Run from this directory:
//
//   npm install         # once: playwright-core + axe-core
//   node desk.test.mjs  # (npm test runs every *.test.mjs in turn)
//
// Environment: SOPORTE_BIN, SOPORTE_BROWSER_DATABASE_URL and CHROMIUM_PATH, see lib.mjs.
// The server is started with `soporte demo`: the partner, its people, organizations,
// calendars, plans and contracts come from the demo content. The clocks are read at
// the server's real time (today's date, whatever hour it is): the expected instants are
// computed for the seconds at which the test saw each request sent and answered, so
// they are exact to the second. On PostgreSQL the database may be shared with earlier
// runs: the tickets carry the run's stamp and what is checked is what this test wrote
// (a run leaves its tickets resolved; lists show 50 tickets, so a database holding
// more open ones than that, left by failed runs, would hide the new ticket).
//
// Outside the Tijuana calendar's hours no business time passes during a run, so the
// stay in "Pendiente del cliente" moves nothing; to see the met first response keep its
// due instant while the wait does count, run it in business hours, e.g. (a Monday
// 11:00 in Tijuana; the server and browser inherit the same fake clock):
//
//   FAKETIME_DONT_RESET=1 faketime -f '@2026-12-07 19:00:00' node desk.test.mjs
//
// Screenshots go to <repo>/target/browser/desk-*.png. Exits non-zero on any failure.

import {
  axe, check, checkMonitor, eq, expectH1, follow, htmlLang, launchBrowser, openContext, pageCsp,
  pathOf, runBrowserTest, shot, signInAs, startServer, submit, switchLanguage,
} from './lib.mjs';

const PASSWORD = 'mxos demo en mérida';
const JORGE = { email: 'jorge.salas@maquiladora-pacifico.mx', password: PASSWORD, name: 'Jorge Salas' };
const LUIS = { email: 'luis.gamez@solucionesnorte.mx', password: PASSWORD, name: 'Luis Gámez' };
const ELENA = { email: 'elena.ortiz@hospitalsanangel.mx', password: PASSWORD, name: 'Elena Ortiz' };
const ADMIN = { email: 'mesa@solucionesnorte.mx', password: PASSWORD, name: 'Soluciones Norte' };

const HOME = '/soporte-profesional';
const PORTAL = '/soporte-profesional/portal';
const PORTAL_NEW = '/soporte-profesional/portal/nuevo';
const DESK = 'soluciones-norte';
const QUEUE = `/soporte-profesional/mesa/${DESK}`;
const TICKET_RE = /^\/soporte-profesional\/tickets\/\d+$/;

const PARTNER = 'Soluciones Norte';
const ORGANIZATION = 'Maquiladora del Pacífico';
const MANAGER = {
  name: LUIS.name, email: LUIS.email, phone: '+52 664 123 4567', whatsapp: '+52 664 765 4321',
  // The links: tel: with the number's digits only; WhatsApp through wa.me, digits only.
  tel: 'tel:+526641234567', wa: 'https://wa.me/526647654321',
};
const CONTRACT = 'Soporte de planta 2026 · Estándar · Horario de planta (Tijuana)';

const STAMP = Date.now().toString(36);

// ---------------------------------------------------------------- the calendar

// The contract's calendar as the demo describes it: Tijuana, Monday to Friday 09–18,
// Saturday 09–14, Mexico's statutory rest days and two more days of the partner's.
// Written here from that description, not from the server's code.
const ZONE = 'America/Tijuana';
// The cities the pages name after a time: the organization's (Maquiladora del Pacífico
// is in Tijuana; Hospital San Ángel, on a 24x7 calendar, in Mexico City).
const TIJUANA = { zone: ZONE, es: 'hora de Tijuana', en: 'Tijuana time' };
const MEXICO_CITY = { zone: 'America/Mexico_City', es: 'hora de la Ciudad de México', en: 'Mexico City time' };
const HOURS = { // weekday (0 = Sunday) -> [[from, to)] in minutes of the local day
  0: [],
  1: [[9 * 60, 18 * 60]], 2: [[9 * 60, 18 * 60]], 3: [[9 * 60, 18 * 60]],
  4: [[9 * 60, 18 * 60]], 5: [[9 * 60, 18 * 60]],
  6: [[9 * 60, 14 * 60]],
};
const EXTRA_HOLIDAYS = new Set(['2026-12-12', '2026-12-24']);
// Plan Estándar, P2, in minutes.
const P2 = { first: 60, next: 240, resolution: 960 };

// Mexico's statutory rest days (Ley Federal del Trabajo, art. 74) since 2007: 1 January,
// first Monday of February, third Monday of March, 1 May, 16 September, third Monday of
// November, 25 December, and 1 October of the years the presidency changes hands
// (2024, 2030, …). A rest day on a weekend is not moved.
function statutory(y, m, d, weekday) {
  if ((m === 1 && d === 1) || (m === 5 && d === 1) || (m === 9 && d === 16) || (m === 12 && d === 25)) return true;
  if (m === 2) return weekday === 1 && d <= 7;
  if (m === 3 || m === 11) return weekday === 1 && d >= 15 && d <= 21;
  if (m === 10 && d === 1) return y >= 2024 && (y - 2024) % 6 === 0;
  return false;
}

const WEEKDAY = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const localFormats = new Map();
const pad = (n) => String(n).padStart(2, '0');

// The local wall clock in `zone` (Tijuana unless told) at UTC second `sec`.
function local(sec, zone = ZONE) {
  if (!localFormats.has(zone)) {
    localFormats.set(zone, new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', weekday: 'short',
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
    }));
  }
  const p = Object.fromEntries(localFormats.get(zone).formatToParts(new Date(sec * 1000)).map((x) => [x.type, x.value]));
  return { y: Number(p.year), m: Number(p.month), d: Number(p.day), hh: Number(p.hour), mm: Number(p.minute), weekday: WEEKDAY[p.weekday] };
}

// Whether the minute starting at UTC second `minute` is business time. The calendar's
// boundaries are whole local minutes and Tijuana's offsets whole hours, so a whole
// UTC minute is either all in or all out.
const businessCache = new Map();
function businessMinute(minute) {
  let yes = businessCache.get(minute);
  if (yes === undefined) {
    const t = local(minute);
    const day = `${t.y}-${pad(t.m)}-${pad(t.d)}`;
    const at = t.hh * 60 + t.mm;
    yes = !statutory(t.y, t.m, t.d, t.weekday) && !EXTRA_HOLIDAYS.has(day)
      && HOURS[t.weekday].some(([from, to]) => at >= from && at < to);
    businessCache.set(minute, yes);
  }
  return yes;
}

const LIMIT = 120 * 24 * 60; // minutes walked at most (far more than any target here)

// Walks the counted time (business time outside every pause [a, b)) from `from`,
// calling `take(start, end)` for each counted stretch until it returns true.
function walk(from, pauses, take) {
  let t = from;
  for (let i = 0; i < LIMIT * 4; i++) {
    const minute = t - (((t % 60) + 60) % 60);
    let next = minute + 60;
    for (const [a, b] of pauses) {
      if (a > t && a < next) next = a;
      if (b > t && b < next) next = b;
    }
    const paused = pauses.some(([a, b]) => a <= t && t < b);
    if (!paused && businessMinute(minute) && take(t, next)) return;
    t = next;
  }
  throw new Error(`the business-time walk from ${iso(from)} went on for more than ${LIMIT} minutes`);
}

// When `seconds` of counted time have run from `start`.
function dueAt(start, seconds, pauses = []) {
  if (seconds === 0) return start;
  let left = seconds;
  let due = null;
  walk(start, pauses, (a, b) => {
    if (b - a >= left) { due = a + left; return true; }
    left -= b - a;
    return false;
  });
  return due;
}

// The counted seconds in [from, to).
function countedBetween(from, to, pauses = []) {
  let total = 0;
  if (to <= from) return 0;
  walk(from, pauses, (a, b) => {
    total += Math.min(b, to) - a;
    return b >= to;
  });
  return total;
}

const iso = (sec) => new Date(sec * 1000).toISOString().replace('.000Z', 'Z');
const nowSec = () => Math.floor(Date.now() / 1000);

// What a clock should show (its due instant as <time datetime> and as text, its
// standing, its row's class), by the rules of the brief: counted time only in the
// calendar and outside the ticket's stretches in "Pendiente del cliente" (an open one
// counting up to now, the clock taken as running from now on); met by `met`, on time
// if not after its due instant; breached once its due instant has passed unmet. A met
// clock has stopped: its due instant is the one it was met against, and a later stay
// in "Pendiente del cliente" does not move it (the callers pass no later pauses). A
// paused clock reads "waiting for your answer" to the customer, "waiting for the
// customer" to the desk (`desk`).
function expectedClock(L, { start, minutes, pauses, met = null, now, paused = false, desk = false }) {
  const due = dueAt(start, minutes * 60, pauses);
  const row = { datetime: iso(due), due: L.when(due) };
  if (met !== null) {
    const onTime = met <= due;
    return { ...row, verdict: onTime ? L.metOnTime(L.when(met)) : L.metLate(L.when(met)), cls: onTime ? 'met' : 'late' };
  }
  if (now > due) return { ...row, verdict: L.breached, cls: 'late' };
  const minutesLeft = Math.ceil(countedBetween(now, due, pauses) / 60);
  const words = L.left(Math.floor(minutesLeft / 60), minutesLeft % 60, true);
  if (!paused) return { ...row, verdict: words, cls: 'ok' };
  return { ...row, verdict: `${desk ? L.pausedDesk : L.paused} · ${words}`, cls: 'paused' };
}

// The same on a 24x7 calendar, in Mexico City, with no pauses (Hospital San Ángel's
// contract): every second counts, and the time left is not "business" time.
function expectedClock24x7(L, { start, minutes, now }) {
  const due = start + minutes * 60;
  const row = { datetime: iso(due), due: L.when(due, MEXICO_CITY) };
  if (now > due) return { ...row, verdict: L.breached, cls: 'late' };
  const minutesLeft = Math.ceil((due - now) / 60);
  return { ...row, verdict: L.left(Math.floor(minutesLeft / 60), minutesLeft % 60, false), cls: 'ok' };
}

// "1 h 5 min", "2 h", "45 min".
const span = (h, m) => (h === 0 ? `${m} min` : m === 0 ? `${h} h` : `${h} h ${m} min`);
// Exactly one hour or one minute takes the singular in Spanish.
const single = (h, m) => (h === 0 && m === 1) || (h === 1 && m === 0);

// Every value `fn` takes over the integer seconds of the given [from, to] ranges: the
// instants the test only knows to the bracket of a request.
function possible(ranges, fn) {
  const out = new Map();
  const rec = (i, args) => {
    if (i === ranges.length) {
      const v = fn(...args);
      out.set(JSON.stringify(v), v);
      return;
    }
    for (let s = ranges[i][0]; s <= ranges[i][1]; s++) rec(i + 1, [...args, s]);
  };
  rec(0, []);
  return out;
}

// ---------------------------------------------------------------- languages

const ES = {
  name: 'Spanish',
  lang: 'es-MX',
  homeH1: 'Soporte profesional',
  yourDesks: 'Tus mesas de ayuda',
  roleAgent: 'agente',
  yourPortal: 'Tu portal de cliente',
  portalLink: 'Ir a mi portal',
  portalH1: 'Portal de cliente',
  portalCaption: 'Tickets de tu organización',
  manager: 'Tu gerente de cuenta',
  managerName: 'Nombre',
  managerEmail: 'Correo',
  managerPhone: 'Teléfono',
  newLink: 'Abrir un ticket',
  newH1: 'Abrir un ticket',
  organization: 'Organización',
  subject: 'Asunto',
  priority: 'Prioridad',
  description: 'Descripción',
  attachFiles: 'Archivos adjuntos (opcional)',
  attachments: 'Archivos adjuntos',
  open: 'Abrir el ticket',
  p2: 'P2 · alta',
  status: 'Estado',
  requester: 'Solicitante',
  assignee: 'Asignado a',
  opened: 'Se abrió',
  portalChannel: 'portal',
  deskChannel: 'mesa de ayuda',
  statuses: { new: 'Nuevo', open: 'Abierto', pending: 'Pendiente del cliente', resolved: 'Resuelto' },
  nobody: 'Nadie',
  team: 'Equipo',
  noTeam: 'Ninguno',
  sla: 'Tiempos de servicio',
  contract: `Contrato: ${CONTRACT}`,
  slaHead: ['Meta', 'Vence', 'Situación'],
  first: 'Primera respuesta',
  next: 'Siguiente actualización',
  resolution: 'Solución',
  left: (h, m, business) => `${single(h, m) ? 'queda' : 'quedan'} ${span(h, m)}${business ? (single(h, m) ? ' hábil' : ' hábiles') : ''}`,
  metOnTime: (w) => `Cumplida a tiempo: ${w}`,
  metLate: (w) => `Cumplida con retraso: ${w}`,
  breached: 'Vencida',
  paused: 'En pausa: esperamos tu respuesta',
  pausedDesk: 'En pausa: esperando al cliente',
  when: (sec, city = TIJUANA) => { const t = local(sec, city.zone); return `${pad(t.d)}/${pad(t.m)}/${t.y} ${pad(t.hh)}:${pad(t.mm)}, ${city.es}`; },
  conversation: 'Conversación',
  reply: 'Responder',
  message: 'Mensaje',
  send: 'Enviar',
  visibility: 'Quién lo ve',
  public: 'Respuesta al cliente',
  internal: 'Nota interna (solo la mesa)',
  noteMark: 'Nota interna',
  move: 'Cambiar el estado',
  moveButton: 'Cambiar',
  assign: 'Prioridad y asignación',
  customerResolve: 'Ya quedó resuelto',
  survey: '¿Cómo te atendimos?',
  surveyQuestion: 'Califica la atención que recibiste',
  surveyComment: '¿Algo que quieras contarnos? (opcional)',
  surveySend: 'Enviar mi opinión',
  rated: 'Calificación del cliente',
  yours: 'Tu calificación',
  unanswered: 'El cliente todavía no responde la encuesta.',
  ratings: [[5, 'Excelente'], [4, 'Buena'], [3, 'Regular'], [2, 'Mala'], [1, 'Muy mala']],
  queueH1: `Tickets de ${PARTNER}`,
  filterStatus: 'Estado',
  filter: 'Filtrar',
  notFound: 'Página no encontrada',
  texts: {
    subject: 'Las básculas de la línea 2 no mandan lecturas',
    description: 'Desde esta mañana las básculas de la línea 2 no envían las lecturas al sistema de inventario. Las demás líneas sí.',
    answer: 'Hola, Jorge: ya estamos revisando la conexión de las básculas con el servidor de inventario.',
    note: 'Nota para la mesa: el switch de la línea 2 se cambió la semana pasada; revisar la VLAN',
    question: '¿Nos confirma si las básculas muestran el ícono de red en la pantalla?',
    customerReply: 'Sí, muestran el ícono de red, pero parpadea cada pocos segundos.',
    update: 'Gracias. Reconfiguramos el puerto del switch; ya deberían llegar las lecturas.',
    thanks: 'Gracias, ya llegan las lecturas.',
    opinion: 'Lo resolvieron rápido y nos explicaron qué pasó con el switch.',
  },
};
const EN = {
  name: 'English',
  lang: 'en',
  homeH1: 'Professional support',
  yourDesks: 'Your help desks',
  roleAgent: 'agent',
  yourPortal: 'Your customer portal',
  portalLink: 'Go to my portal',
  portalH1: 'Customer portal',
  portalCaption: "Your organization's tickets",
  manager: 'Your account manager',
  managerName: 'Name',
  managerEmail: 'Email',
  managerPhone: 'Phone',
  newLink: 'Open a ticket',
  newH1: 'Open a ticket',
  organization: 'Organization',
  subject: 'Subject',
  priority: 'Priority',
  description: 'Description',
  attachFiles: 'Attached files (optional)',
  attachments: 'Attached files',
  open: 'Open the ticket',
  p2: 'P2 · high',
  status: 'Status',
  requester: 'Requester',
  assignee: 'Assigned to',
  opened: 'Opened on',
  portalChannel: 'portal',
  deskChannel: 'help desk',
  statuses: { new: 'New', open: 'Open', pending: 'Pending customer', resolved: 'Resolved' },
  nobody: 'Nobody',
  team: 'Team',
  noTeam: 'No team',
  sla: 'Service times',
  contract: `Contract: ${CONTRACT}`,
  slaHead: ['Target', 'Due', 'Standing'],
  first: 'First response',
  next: 'Next update',
  resolution: 'Resolution',
  left: (h, m, business) => `${span(h, m)} ${business ? 'of business time left' : 'left'}`,
  metOnTime: (w) => `Met on time: ${w}`,
  metLate: (w) => `Met late: ${w}`,
  breached: 'Breached',
  paused: 'Paused: waiting for your answer',
  pausedDesk: 'Paused: waiting for the customer',
  when: (sec, city = TIJUANA) => { const t = local(sec, city.zone); return `${t.y}-${pad(t.m)}-${pad(t.d)} ${pad(t.hh)}:${pad(t.mm)}, ${city.en}`; },
  conversation: 'Conversation',
  reply: 'Reply',
  message: 'Message',
  send: 'Send',
  visibility: 'Who sees it',
  public: 'Reply to the customer',
  internal: 'Internal note (the desk only)',
  noteMark: 'Internal note',
  move: 'Change the status',
  moveButton: 'Change',
  assign: 'Priority and assignment',
  customerResolve: 'It is solved',
  survey: 'How did we do?',
  surveyQuestion: 'Rate the service you received',
  surveyComment: 'Anything you would like to tell us? (optional)',
  surveySend: 'Send my opinion',
  rated: "Customer's rating",
  yours: 'Your rating',
  unanswered: 'The customer has not answered the survey yet.',
  ratings: [[5, 'Excellent'], [4, 'Good'], [3, 'Fair'], [2, 'Poor'], [1, 'Very poor']],
  queueH1: `${PARTNER} tickets`,
  filterStatus: 'Status',
  filter: 'Filter',
  notFound: 'Page not found',
  texts: {
    subject: 'The scales of line 2 send no readings',
    description: 'Since this morning the scales of line 2 do not send their readings to the inventory system. The other lines do.',
    answer: 'Hello Jorge, we are looking at how the scales reach the inventory server.',
    note: 'For the desk: the switch of line 2 was replaced last week; check its VLAN',
    question: 'Could you tell us whether the scales show the network icon on their screen?',
    customerReply: 'Yes, they show it, but it blinks every few seconds.',
    update: 'Thank you. We reconfigured the switch port; the readings should arrive now.',
    thanks: 'Thanks, the readings arrive now.',
    opinion: 'Quickly solved, and they told us what had happened to the switch.',
  },
};

// The first response, met before the ticket waited for its customer: that wait must not
// move the due instant it was met against.
const METNOTE = '(met before the ticket went pending: the wait does not move its due instant)';

// Nothing is refused on purpose except the "not found" pages of the isolation checks.
const NOT_FOUND_CONSOLE = /Failed to load resource: the server responded with a status of 404/;

// ---------------------------------------------------------------- page helpers

const main = (page) => page.locator('main');
const region = (page, name) => main(page).getByRole('region', { name, exact: true });
const escapeRe = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const squash = (text) => text.replace(/\s+/g, ' ').trim();

// The text of the fact `term` in the page's first list of facts under `scope`.
async function fact(scope, term) {
  const dd = scope.locator('dl.facts dt', { hasText: new RegExp(`^${escapeRe(term)}$`) })
    .locator('xpath=following-sibling::dd[1]');
  const n = await dd.count();
  if (n !== 1) check(false, `the fact "${term}" is shown once`, `found ${n}`);
  return squash(await dd.innerText());
}

// The rows of the "Tiempos de servicio" table as the page shows them.
async function slaRows(page, L) {
  return region(page, L.sla).locator('table tbody tr').evaluateAll((trs) => trs.map((tr) => ({
    name: tr.cells[0].textContent.trim(),
    datetime: tr.querySelector('time') ? tr.querySelector('time').getAttribute('datetime') : null,
    due: tr.querySelector('time') ? tr.querySelector('time').textContent.trim() : null,
    verdict: tr.cells[2].textContent.replace(/\s+/g, ' ').trim(),
    cls: tr.className,
  })));
}

// The messages of the conversation: [class, meta line, text].
async function messages(page, L) {
  return region(page, L.conversation).locator('ol.messages > li').evaluateAll((lis) => lis.map((li) => [
    li.className,
    li.querySelector('p.meta').textContent.replace(/\s+/g, ' ').trim(),
    li.querySelector('.prose').textContent.replace(/\s+/g, ' ').trim(),
  ]));
}

// The survey's section (h2 "¿Cómo te atendimos?") as the page shows it, or null when
// the page has none: its lines (the paragraphs directly in it: the customer's rating),
// its forms, and the first form's action, method, radios and comment.
async function surveyView(page, L) {
  const section = region(page, L.survey);
  const n = await section.count();
  if (n === 0) return null;
  if (n !== 1) check(false, `the page has one "${L.survey}" section`, `found ${n}`);
  return section.evaluate((s) => {
    const squash = (text) => text.replace(/\s+/g, ' ').trim();
    const form = s.querySelector('form');
    return {
      heading: squash(s.querySelector('h2').textContent),
      headingId: s.querySelector('h2').id,
      lines: [...s.children].filter((c) => c.tagName === 'P').map((p) => squash(p.textContent)),
      forms: s.querySelectorAll('form').length,
      action: form ? form.getAttribute('action') : null,
      method: form ? form.method : null,
      radios: form ? [...form.querySelectorAll('input[type="radio"]')].map((r) => ({
        name: r.name, value: r.value, label: r.labels.length ? squash(r.labels[0].textContent) : null,
        checked: r.checked, required: r.required,
      })) : [],
      comment: form && form.querySelector('textarea') ? [form.querySelector('textarea').name, form.querySelector('textarea').value] : null,
    };
  });
}

// The radios the customer's survey form should show, `checked` the one chosen.
const surveyRadios = (L, checked = null) => L.ratings.map(([value, label]) => ({
  name: 'calificacion', value: String(value), label, checked: value === checked, required: true,
}));

// What the desk sees of the survey on `ticket`'s page (`page` on it): the customer's
// rating line (`line`, or none when null) and no form to answer it.
async function deskSurvey(page, L, ticket, line, label) {
  const view = await surveyView(page, L);
  check(view !== null, `${label}: the desk sees "${L.survey}" on the resolved ticket`);
  eq(JSON.stringify(view.lines), JSON.stringify(line === null ? [L.unanswered] : [line]),
    line === null ? `${label}: … with no rating yet ("${L.unanswered}")` : `${label}: … reading "${line}"`);
  eq(view.forms, 0, `${label}: … and no form to answer it`);
  eq(await main(page).locator(`form[action="${ticket}/encuesta"]`).count(), 0, `${label}: … nowhere on the page (no form to ${ticket}/encuesta)`);
  eq(await main(page).locator('input[name="calificacion"]').count(), 0, `${label}: … no rating to choose`);
  eq(await main(page).getByRole('button', { name: L.surveySend, exact: true }).count(), 0, `${label}: … nor "${L.surveySend}"`);
}

// Checks the SLA table's rows against the expected ones: `expected` lists, per row, its
// name and the Map of what it may show (from `possible`).
async function checkSla(page, L, expected, label) {
  const rows = await slaRows(page, L);
  eq(JSON.stringify(rows.map((r) => r.name)), JSON.stringify(expected.map((e) => e.name)),
    `${label}: "${L.sla}" lists ${expected.map((e) => e.name).join(', ')}`);
  for (const [i, e] of expected.entries()) {
    const { name: _, ...shown } = rows[i];
    const ok = [...e.may.values()].some((v) => JSON.stringify(v) === JSON.stringify(shown));
    const sample = [...e.may.values()][0];
    check(ok, `${label}: ${e.name} due ${sample.datetime} (${sample.due}), "${sample.verdict}"`
      + (e.may.size > 1 ? ` (or one of ${e.may.size} values for the seconds the request took)` : '')
      + (e.note ? ` ${e.note}` : ''),
      `shown ${JSON.stringify(shown)}; expected one of ${JSON.stringify([...e.may.values()])}`);
  }
  return rows;
}

// A person's browser for one walk: the context that walks (JavaScript on or off) and,
// when it is off, a JavaScript context with the same cookies for axe.
async function person(browser, base, name, { storageState, js, locale = 'es-MX' }) {
  const who = await openContext(browser, base, name, { storageState, javaScriptEnabled: js, locale });
  who.js = js;
  who.contexts = [who];
  return who;
}

async function twinFor(browser, base, who) {
  if (who.js || who.twin) return;
  who.twin = await openContext(browser, base, `${who.mon.name} (JavaScript twin for axe)`, {
    storageState: await who.context.storageState(),
    locale: who.locale,
  });
  who.twin.js = true;
  who.contexts.push(who.twin);
}

// axe on the page `who` is on; without JavaScript, on the same address in the twin.
async function axeHere(who, label) {
  if (who.js) {
    await axe(who.page, label);
    return;
  }
  const url = new URL(who.page.url());
  const res = await who.twin.page.goto(url.pathname + url.search);
  eq(res.status(), 200, `${label}: the JavaScript twin gets ${url.pathname}${url.search} too (200)`);
  eq(await htmlLang(who.twin.page), await htmlLang(who.page), `${label}: … in the same language`);
  await axe(who.twin.page, `${label} (as a JavaScript context gets it)`);
}

// Sends `button`'s form, expects 303 to the ticket's page and waits for it. Returns
// the UTC seconds before the click and after the answer to the POST.
async function post(page, button, action, to, label) {
  const before = nowSec();
  const res = await submit(page, button, action);
  const after = nowSec();
  eq(res.status(), 303, `${label}: POST ${action} redirects (303)`);
  await page.waitForURL((u) => u.pathname === to);
  return [before, after];
}

// ---------------------------------------------------------------- the walk

// One walk through a ticket's life; `L` the language, `js` whether JavaScript is on,
// `resolver` 'desk' or 'customer' (who resolves the ticket).
async function walkTicket(browser, base, sessions, { L, js, resolver }) {
  const tag = `${L.name}, JavaScript ${js ? 'on' : 'off'}`;
  const texts = Object.fromEntries(Object.entries(L.texts).map(([k, v]) => [k, k === 'subject' ? `${v} ${STAMP}${js ? '' : ' nojs'}` : v]));
  const people = [];
  // Spanish: the Spanish sessions as they are. English: with JavaScript on, the
  // browser asks for English (Accept-Language); without, the header's switch.
  const setUp = async (name, storageState) => {
    const who = await person(browser, base, `${name} (${tag})`, {
      storageState, js, locale: L === EN && js ? 'en-US' : 'es-MX',
    });
    who.locale = L === EN && js ? 'en-US' : 'es-MX';
    people.push(who);
    await who.page.goto(HOME);
    if (L === EN && !js) {
      await switchLanguage(who.page, { lang: 'en' });
      eq(pathOf(who.page), HOME, `${tag}, ${name}: the language switch goes back to ${HOME}`);
    }
    eq(await htmlLang(who.page), L === EN ? 'en' : 'es-MX', `${tag}, ${name}: <html lang="${L === EN ? 'en' : 'es-MX'}">`);
    await twinFor(browser, base, who);
    return who;
  };
  const customer = await setUp('Jorge', sessions.jorge);
  const agent = await setUp('Luis', sessions.luis);

  // 1. The customer: public page → portal (tickets, account manager) → new ticket.
  let page = customer.page;
  await expectH1(page, L.homeH1, `${tag}, the public page for a customer`);
  eq(await region(page, L.yourDesks).count(), 0, `${tag}: a customer is shown no help desk of his own`);
  const portalLink = region(page, L.yourPortal).getByRole('link', { name: L.portalLink, exact: true });
  eq(await portalLink.count(), 1, `${tag}: the public page offers the customer "${L.portalLink}"`);
  await axeHere(customer, `${tag}: the public page, customer`);
  await follow(page, portalLink, PORTAL);
  await expectH1(page, L.portalH1, `${tag}, the portal`);
  const managerSection = region(page, ORGANIZATION);
  eq(await managerSection.getByRole('heading', { name: L.manager, exact: true }).count(), 1,
    `${tag}: the portal shows "${L.manager}" under ${ORGANIZATION}`);
  eq(await fact(managerSection, L.managerName), MANAGER.name, `${tag}: the account manager is ${MANAGER.name}`);
  eq(await managerSection.getByRole('link', { name: MANAGER.email, exact: true }).getAttribute('href'), `mailto:${MANAGER.email}`,
    `${tag}: … with his email as a mailto: link`);
  eq(await fact(managerSection, L.managerPhone), MANAGER.phone, `${tag}: … his phone ${MANAGER.phone}`);
  eq(await managerSection.getByRole('link', { name: MANAGER.phone, exact: true }).getAttribute('href'), MANAGER.tel,
    `${tag}: … as a link to ${MANAGER.tel}`);
  eq(await fact(managerSection, 'WhatsApp'), MANAGER.whatsapp, `${tag}: … and WhatsApp ${MANAGER.whatsapp}`);
  eq(await managerSection.getByRole('link', { name: MANAGER.whatsapp, exact: true }).getAttribute('href'), MANAGER.wa,
    `${tag}: … as a link to ${MANAGER.wa}`);
  const before = await main(page).locator('table tbody tr').count();
  check(before > 0, `${tag}: the portal lists the organization's tickets ("${L.portalCaption}")`);
  eq((await main(page).locator('table caption').innerText()).trim(), L.portalCaption, `${tag}: the portal's table is captioned "${L.portalCaption}"`);
  await axeHere(customer, `${tag}: the portal`);

  await follow(page, main(page).getByRole('link', { name: L.newLink, exact: true }), PORTAL_NEW);
  await expectH1(page, L.newH1, `${tag}, the new-ticket form`);
  await axeHere(customer, `${tag}: the new-ticket form`);
  await main(page).getByLabel(L.organization, { exact: true }).selectOption({ label: ORGANIZATION });
  await main(page).getByLabel(L.subject, { exact: true }).fill(texts.subject);
  await main(page).getByLabel(L.priority, { exact: true }).selectOption({ label: L.p2 });
  await main(page).getByLabel(L.description, { exact: true }).fill(texts.description);
  const scaleLog = `${texts.subject}\nbascula-2: sin respuesta del servidor de inventario\n`;
  await main(page).getByLabel(L.attachFiles, { exact: true }).setInputFiles({
    name: 'bascula-2.log', mimeType: 'text/plain', buffer: Buffer.from(scaleLog, 'utf8'),
  });
  const created = nowSec();
  const res = await submit(page, main(page).getByRole('button', { name: L.open, exact: true }), PORTAL_NEW);
  const createdBy = nowSec();
  eq(res.status(), 303, `${tag}: "${L.open}" redirects (303)`);
  await page.waitForURL((u) => TICKET_RE.test(u.pathname));
  await page.waitForLoadState('load');
  const seen = nowSec();
  const ticket = pathOf(page);
  const h1 = (await main(page).locator('h1').innerText()).trim();
  const number = (h1.match(/^#(\d+) /) || [])[1];
  eq(h1, `#${number} ${texts.subject}`, `${tag}: the new ticket's page is headed "#N ${texts.subject}"`);
  eq(await fact(main(page), L.status), L.statuses.new, `${tag}: the new ticket is "${L.statuses.new}"`);
  eq(await fact(main(page), L.priority), L.p2, `${tag}: its priority is "${L.p2}"`);
  eq(await fact(main(page), L.organization), ORGANIZATION, `${tag}: its organization is ${ORGANIZATION}`);
  eq(await fact(main(page), L.requester), JORGE.name, `${tag}: its requester is ${JORGE.name}`);
  eq(await fact(main(page), L.assignee), L.nobody, `${tag}: nobody is assigned yet ("${L.nobody}")`);
  const openedMay = new Set(possible([[created, createdBy]], (c) => `${L.when(c)} · ${L.portalChannel}`).values());
  const opened = await fact(main(page), L.opened);
  check(openedMay.has(opened), `${tag}: "${L.opened}" shows when it was opened, in Tijuana's time, through the ${L.portalChannel}`,
    `shown ${JSON.stringify(opened)}; expected one of ${JSON.stringify([...openedMay])}`);
  const sla = region(page, L.sla);
  eq(squash(await sla.locator('p.meta').innerText()), L.contract, `${tag}: the service times name the contract, plan and calendar`);
  eq(JSON.stringify(await sla.locator('thead th').allInnerTexts()), JSON.stringify(L.slaHead), `${tag}: the service times' columns`);
  await checkSla(page, L, [
    { name: L.first, may: possible([[created, createdBy], [created, seen]], (c, now) => expectedClock(L, { start: c, minutes: P2.first, pauses: [], now })) },
    { name: L.resolution, may: possible([[created, createdBy], [created, seen]], (c, now) => expectedClock(L, { start: c, minutes: P2.resolution, pauses: [], now })) },
  ], `${tag}, the new ticket`);
  eq(JSON.stringify(await messages(page, L)), JSON.stringify([['customer', `${JORGE.name} · ${opened}`, texts.description]]),
    `${tag}: the conversation starts with the description, by ${JORGE.name}`);
  const files = region(page, L.conversation).getByRole('list', { name: L.attachments });
  eq(await files.count(), 1, `${tag}: the first message lists its files ("${L.attachments}")`);
  const fileLink = files.getByRole('link', { name: 'bascula-2.log', exact: true });
  eq(await fileLink.count(), 1, `${tag}: … bascula-2.log, as a link`);
  const download = await page.request.get(new URL(await fileLink.getAttribute('href'), page.url()).href);
  eq(download.status(), 200, `${tag}: the customer downloads the file`);
  eq(await download.text(), scaleLog, `${tag}: … byte for byte`);
  check((download.headers()['content-disposition'] || '').startsWith('attachment;'),
    `${tag}: … as a download, never shown as a page`, download.headers()['content-disposition']);
  eq(await region(page, L.move).count(), 0, `${tag}: the customer has no "${L.move}"`);
  eq(await region(page, L.assign).count(), 0, `${tag}: … nor "${L.assign}"`);
  eq(await main(page).getByRole('group', { name: L.visibility }).count(), 0, `${tag}: … nor a choice of who sees a reply`);
  eq(await main(page).getByRole('button', { name: L.customerResolve, exact: true }).count(), 1,
    `${tag}: the customer may say "${L.customerResolve}"`);
  eq(await region(page, L.survey).count(), 0, `${tag}: an open ticket does not ask "${L.survey}"`);
  const contact = `${MANAGER.name} · ${MANAGER.email} · ${MANAGER.phone} · WhatsApp ${MANAGER.whatsapp}`;
  eq(squash(await region(page, L.manager).locator('p').innerText()), contact,
    `${tag}: the ticket shows the account manager's contact (${contact})`);
  eq(await region(page, L.manager).getByRole('link', { name: MANAGER.phone, exact: true }).getAttribute('href'), MANAGER.tel,
    `${tag}: … his phone a link to ${MANAGER.tel}`);
  eq(await region(page, L.manager).getByRole('link', { name: `WhatsApp ${MANAGER.whatsapp}`, exact: true }).getAttribute('href'), MANAGER.wa,
    `${tag}: … "WhatsApp ${MANAGER.whatsapp}" a link to ${MANAGER.wa}`);
  await axeHere(customer, `${tag}: a new ticket, as the customer sees it`);
  if (js && L === ES) await shot(page, 'desk-ticket-new.png');

  // The portal lists it, due at its first response.
  await page.goto(PORTAL);
  const firstDue = (await slaRowsAt(customer, ticket, L))[0];
  const row = main(page).locator('table tbody tr', { has: page.locator(`a[href="${ticket}"]`) });
  const cells = (await row.locator('td').allInnerTexts()).map((t) => t.trim());
  eq(JSON.stringify(cells),
    JSON.stringify([`#${number}`, texts.subject, ORGANIZATION, L.p2, L.statuses.new, L.nobody, firstDue.due]),
    `${tag}: the portal lists #${number}: "${L.statuses.new}", "${L.p2}" as on the ticket's page, assigned to "${L.nobody}", next due at its first response (${firstDue.due})`);
  await axeHere(customer, `${tag}: the portal with the new ticket`);

  // 2. The agent: public page → the desk's queue → the ticket; answers, then a note.
  page = agent.page;
  await page.goto(HOME);
  await expectH1(page, L.homeH1, `${tag}, the public page for an agent`);
  const deskItem = region(page, L.yourDesks).locator('li', { has: page.locator(`a[href="${QUEUE}"]`) });
  eq(squash(await deskItem.innerText()), `${PARTNER} · ${L.roleAgent}`, `${tag}: the agent's public page lists "${PARTNER} · ${L.roleAgent}"`);
  eq(await region(page, L.yourPortal).count(), 0, `${tag}: … and no customer portal`);
  await axeHere(agent, `${tag}: the public page, agent`);
  await follow(page, deskItem.getByRole('link', { name: PARTNER, exact: true }), QUEUE);
  await expectH1(page, L.queueH1, `${tag}, the queue`);
  eq((await main(page).locator('table caption').innerText()).trim(), L.queueH1, `${tag}: the queue's table is captioned "${L.queueH1}"`);
  const queued = main(page).locator('table tbody tr', { has: page.locator(`a[href="${ticket}"]`) });
  eq(await queued.count(), 1, `${tag}: the queue lists #${number}`);
  const queuedCells = (await queued.locator('td').allInnerTexts()).map((t) => t.trim());
  eq(JSON.stringify(queuedCells.slice(0, 7)),
    JSON.stringify([`#${number}`, texts.subject, ORGANIZATION, L.p2, L.statuses.new, L.nobody, firstDue.due]),
    `${tag}: … as ${ORGANIZATION}'s "${L.p2}" "${L.statuses.new}", assigned to "${L.nobody}", next due ${firstDue.due}`);
  await axeHere(agent, `${tag}: the queue`);
  await follow(page, queued.getByRole('link', { name: texts.subject, exact: true }), ticket);
  await expectH1(page, `#${number} ${texts.subject}`, `${tag}, the ticket as the desk sees it`);
  eq(await region(page, L.move).count(), 1, `${tag}: the desk sees "${L.move}"`);
  eq(await region(page, L.assign).count(), 1, `${tag}: … and "${L.assign}"`);
  const selected = (label) => region(page, L.assign).getByLabel(label, { exact: true })
    .evaluate((select) => [select.value, select.selectedOptions[0].textContent.trim()]);
  eq(JSON.stringify(await selected(L.assignee)), JSON.stringify(['', L.nobody]), `${tag}: … assigned to "${L.nobody}"`);
  eq(JSON.stringify(await selected(L.team)), JSON.stringify(['', L.noTeam]), `${tag}: … and its team is "${L.noTeam}"`);
  eq(await main(page).getByRole('button', { name: L.customerResolve, exact: true }).count(), 0,
    `${tag}: … not the customer's "${L.customerResolve}"`);
  await axeHere(agent, `${tag}: a new ticket, as the desk sees it`);

  const reply = region(page, L.reply);
  await reply.getByLabel(L.message, { exact: true }).fill(texts.answer);
  eq(await reply.getByRole('radio', { name: L.public, exact: true }).isChecked(), true, `${tag}: a desk reply is "${L.public}" unless chosen otherwise`);
  const answered = await post(page, reply.getByRole('button', { name: L.send, exact: true }), `${ticket}/responder`, ticket, `${tag}, the answer`);
  eq(await fact(main(page), L.status), L.statuses.open, `${tag}: the desk's first answer opens the ticket ("${L.statuses.open}")`);
  await checkSla(page, L, [
    { name: L.first, may: possible([[created, createdBy], answered], (c, r) => expectedClock(L, { start: c, minutes: P2.first, pauses: [], met: r })) },
    { name: L.resolution, may: possible([[created, createdBy], [answered[0], nowSec()]], (c, now) => expectedClock(L, { start: c, minutes: P2.resolution, pauses: [], now })) },
  ], `${tag}, after the answer`);
  await axeHere(agent, `${tag}: the ticket after the desk's answer`);

  const noteForm = region(page, L.reply);
  await noteForm.getByLabel(L.message, { exact: true }).fill(texts.note);
  await noteForm.getByRole('radio', { name: L.internal, exact: true }).check();
  await post(page, noteForm.getByRole('button', { name: L.send, exact: true }), `${ticket}/responder`, ticket, `${tag}, the internal note`);
  const deskView = await messages(page, L);
  eq(deskView.length, 3, `${tag}: the desk sees three messages (description, answer, note)`);
  eq(deskView[1][0] + ' | ' + deskView[1][2], `desk | ${texts.answer}`, `${tag}: the answer shows as the desk's`);
  check(deskView[1][1].startsWith(`${LUIS.name} · `) && deskView[1][1].endsWith(` · ${L.deskChannel}`),
    `${tag}: … by ${LUIS.name} through the ${L.deskChannel}`, deskView[1][1]);
  eq(deskView[2][0] + ' | ' + deskView[2][2], `internal | ${texts.note}`, `${tag}: the note shows as internal`);
  check(deskView[2][1].startsWith(`${LUIS.name} · ${L.noteMark} · `), `${tag}: … marked "${L.noteMark}"`, deskView[2][1]);
  eq(await fact(main(page), L.status), L.statuses.open, `${tag}: a note does not move the ticket`);
  await axeHere(agent, `${tag}: the ticket with an internal note`);

  // 3. The customer sees the answer, never the note.
  page = customer.page;
  await page.goto(ticket);
  const customerView = await messages(page, L);
  eq(JSON.stringify(customerView.map((m) => [m[0], m[2]])), JSON.stringify([['customer', texts.description], ['desk', texts.answer]]),
    `${tag}: the customer sees his description and the desk's answer, nothing else`);
  const html = await page.content();
  check(!html.includes(texts.note), `${tag}: the note's text is nowhere in the customer's page`);
  check(!html.includes(L.noteMark), `${tag}: nor the words "${L.noteMark}"`);
  eq(await fact(main(page), L.status), L.statuses.open, `${tag}: the customer sees "${L.statuses.open}"`);
  await axeHere(customer, `${tag}: the answered ticket, as the customer sees it`);

  // 4. The agent asks a question and sets "Pendiente del cliente".
  page = agent.page;
  await page.goto(ticket);
  await region(page, L.reply).getByLabel(L.message, { exact: true }).fill(texts.question);
  await post(page, region(page, L.reply).getByRole('button', { name: L.send, exact: true }), `${ticket}/responder`, ticket, `${tag}, the question`);
  const move = region(page, L.move);
  await move.getByLabel(L.status, { exact: true }).selectOption({ label: L.statuses.pending });
  const pending = await post(page, move.getByRole('button', { name: L.moveButton, exact: true }), `${ticket}/estado`, ticket, `${tag}, "${L.statuses.pending}"`);
  eq(await fact(main(page), L.status), L.statuses.pending, `${tag}: the ticket is "${L.statuses.pending}"`);
  const deskLooked = nowSec();
  await checkSla(page, L, [
    { name: L.first, may: possible([[created, createdBy], answered], (c, r) => expectedClock(L, { start: c, minutes: P2.first, pauses: [], met: r })), note: METNOTE },
    {
      name: L.resolution,
      may: possible([[created, createdBy], pending, [pending[0], deskLooked]], (c, p, now) =>
        expectedClock(L, { start: c, minutes: P2.resolution, pauses: p < now ? [[p, now]] : [], now, paused: true, desk: true })),
    },
  ], `${tag}, pending the customer, as the desk sees it`);
  const deskPaused = (await slaRows(page, L)).find((r) => r.name === L.resolution);
  check(deskPaused.verdict.startsWith(`${L.pausedDesk} · `), `${tag}: the desk reads "${L.pausedDesk}" on the resolution clock`,
    JSON.stringify(deskPaused));
  await axeHere(agent, `${tag}: the ticket pending the customer, as the desk sees it`);

  // 5. The customer sees the resolution clock paused.
  page = customer.page;
  const lookFrom = nowSec();
  await page.goto(ticket);
  const lookTo = nowSec();
  eq(await fact(main(page), L.status), L.statuses.pending, `${tag}: the customer sees "${L.statuses.pending}"`);
  await checkSla(page, L, [
    { name: L.first, may: possible([[created, createdBy], answered], (c, r) => expectedClock(L, { start: c, minutes: P2.first, pauses: [], met: r })), note: METNOTE },
    {
      name: L.resolution,
      may: possible([[created, createdBy], pending, [lookFrom, lookTo]], (c, p, now) =>
        expectedClock(L, { start: c, minutes: P2.resolution, pauses: p < now ? [[p, now]] : [], now, paused: true })),
    },
  ], `${tag}, pending the customer`);
  const pausedRow = (await slaRows(page, L)).find((r) => r.name === L.resolution);
  check(pausedRow.verdict.startsWith(`${L.paused} · `) && pausedRow.cls === 'paused',
    `${tag}: the customer reads "${L.paused}" on the resolution clock`, JSON.stringify(pausedRow));
  await axeHere(customer, `${tag}: the ticket pending the customer, as the customer sees it`);
  if (js && L === ES) await shot(page, 'desk-ticket-paused.png');

  // 6. The customer answers: "Abierto" again; the next update runs, resolution resumes.
  // The wait lasts at least 3 s first: longer than the seconds a request's instant is
  // known to, so a met first response moved by it (in business hours) would show.
  await page.waitForTimeout(Math.max(0, (pending[1] + 3 - nowSec()) * 1000 + 50));
  await region(page, L.reply).getByLabel(L.message, { exact: true }).fill(texts.customerReply);
  const customerAnswered = await post(page, region(page, L.reply).getByRole('button', { name: L.send, exact: true }), `${ticket}/responder`, ticket, `${tag}, the customer's answer`);
  const afterAnswer = nowSec();
  eq(await fact(main(page), L.status), L.statuses.open, `${tag}: the customer's answer opens the ticket again ("${L.statuses.open}")`);
  const resumed = (now) => possible([[created, createdBy], pending, customerAnswered, [customerAnswered[0], now]], (c, p, r, n) =>
    expectedClock(L, { start: c, minutes: P2.resolution, pauses: [[p, r]], now: n }));
  await checkSla(page, L, [
    { name: L.first, may: possible([[created, createdBy], answered], (c, r) => expectedClock(L, { start: c, minutes: P2.first, pauses: [], met: r })), note: METNOTE },
    { name: L.next, may: possible([customerAnswered, [customerAnswered[0], afterAnswer]], (r, now) => expectedClock(L, { start: r, minutes: P2.next, pauses: [], now })) },
    { name: L.resolution, may: resumed(afterAnswer) },
  ], `${tag}, after the customer's answer`);
  await axeHere(customer, `${tag}: the ticket after the customer's answer`);

  // 7. The agent answers (the next update met), then the ticket is resolved. When the
  // desk resolves it, the customer has thanked it first and that message is left
  // unanswered: a resolved ticket runs no next-update clock for it.
  page = agent.page;
  await page.goto(ticket);
  eq(await fact(main(page), L.status), L.statuses.open, `${tag}: the desk sees "${L.statuses.open}" again`);
  await region(page, L.reply).getByLabel(L.message, { exact: true }).fill(texts.update);
  const updated = await post(page, region(page, L.reply).getByRole('button', { name: L.send, exact: true }), `${ticket}/responder`, ticket, `${tag}, the update`);
  let resolved;
  if (resolver === 'desk') {
    page = customer.page;
    await page.goto(ticket);
    await region(page, L.reply).getByLabel(L.message, { exact: true }).fill(texts.thanks);
    const thanked = await post(page, region(page, L.reply).getByRole('button', { name: L.send, exact: true }), `${ticket}/responder`, ticket, `${tag}, the customer's thanks`);
    const afterThanks = nowSec();
    eq(await fact(main(page), L.status), L.statuses.open, `${tag}: after the customer's thanks the ticket is still "${L.statuses.open}"`);
    await checkSla(page, L, [
      { name: L.first, may: possible([[created, createdBy], answered], (c, r) => expectedClock(L, { start: c, minutes: P2.first, pauses: [], met: r })), note: METNOTE },
      { name: L.next, may: possible([thanked, [thanked[0], afterThanks]], (t, now) => expectedClock(L, { start: t, minutes: P2.next, pauses: [], now })) },
      { name: L.resolution, may: resumed(afterThanks) },
    ], `${tag}, after the customer's thanks`);
    await axeHere(customer, `${tag}: the ticket after the customer's thanks`);
    page = agent.page;
    await page.goto(ticket);
    const form = region(page, L.move);
    await form.getByLabel(L.status, { exact: true }).selectOption({ label: L.statuses.resolved });
    resolved = await post(page, form.getByRole('button', { name: L.moveButton, exact: true }), `${ticket}/estado`, ticket, `${tag}, the desk resolves`);
    eq(await fact(main(page), L.status), L.statuses.resolved, `${tag}: the desk resolved it ("${L.statuses.resolved}")`);
    await deskSurvey(page, L, ticket, null, `${tag}, resolved, before the customer's survey`);
    await axeHere(agent, `${tag}: the resolved ticket, as the desk sees it`);
  }
  page = customer.page;
  await page.goto(ticket);
  if (resolver === 'customer') {
    eq(await fact(main(page), L.status), L.statuses.open, `${tag}: after the update the ticket is still "${L.statuses.open}"`);
    resolved = await post(page, main(page).getByRole('button', { name: L.customerResolve, exact: true }), `${ticket}/estado`, ticket,
      `${tag}, "${L.customerResolve}"`);
  }
  eq(await fact(main(page), L.status), L.statuses.resolved, `${tag}: the customer sees "${L.statuses.resolved}"`);
  await checkSla(page, L, [
    { name: L.first, may: possible([[created, createdBy], answered], (c, r) => expectedClock(L, { start: c, minutes: P2.first, pauses: [], met: r })), note: METNOTE },
    {
      name: L.next,
      may: possible([customerAnswered, updated], (r, u) => expectedClock(L, { start: r, minutes: P2.next, pauses: [], met: u })),
      // The customer's thanks stayed unanswered: a resolved ticket runs no clock for
      // it, the next update shown is the one met before.
      note: resolver === 'desk' ? '(no clock running for the unanswered thanks on a resolved ticket)' : undefined,
    },
    {
      name: L.resolution,
      may: possible([[created, createdBy], pending, customerAnswered, resolved], (c, p, r, s) =>
        expectedClock(L, { start: c, minutes: P2.resolution, pauses: [[p, r]], met: s })),
    },
  ], `${tag}, resolved`);
  eq(await main(page).getByRole('button', { name: L.customerResolve, exact: true }).count(), 0,
    `${tag}: a resolved ticket no longer offers "${L.customerResolve}"`);
  const last = await messages(page, L);
  const conversation = [texts.description, texts.answer, texts.question, texts.customerReply, texts.update];
  if (resolver === 'desk') conversation.push(texts.thanks);
  eq(JSON.stringify(last.map((m) => m[2])), JSON.stringify(conversation),
    `${tag}: the customer's conversation, in order, without the note`);
  // The survey, unanswered (axe checks it with the rest of the page just below).
  const words = (value) => L.ratings.find(([v]) => v === value)[1];
  let view = await surveyView(page, L);
  check(view !== null, `${tag}: the resolved ticket asks the customer "${L.survey}"`);
  eq(`${view.headingId} ${view.heading}`, `encuesta ${L.survey}`, `${tag}: … under an h2 "${L.survey}" (#encuesta)`);
  eq(JSON.stringify(view.lines), '[]', `${tag}: … not answered yet (no rating shown)`);
  eq(`${view.forms} ${view.method} ${view.action}`, `1 post ${ticket}/encuesta`, `${tag}: … a form that posts to ${ticket}/encuesta`);
  eq(JSON.stringify(view.radios), JSON.stringify(surveyRadios(L)),
    `${tag}: … rated ${L.ratings.map(([v, w]) => `${w} (${v})`).join(', ')}, none chosen, a rating required`);
  eq(JSON.stringify(view.comment), JSON.stringify(['comentario', '']), `${tag}: … and an empty comment`);
  const survey = region(page, L.survey);
  eq(await survey.getByRole('group', { name: L.surveyQuestion, exact: true }).count(), 1,
    `${tag}: … the ratings grouped under "${L.surveyQuestion}"`);
  eq(await survey.getByLabel(L.surveyComment, { exact: true }).count(), 1, `${tag}: … the comment labelled "${L.surveyComment}"`);
  eq(await survey.getByRole('button', { name: L.surveySend, exact: true }).count(), 1, `${tag}: … and "${L.surveySend}"`);
  await axeHere(customer, `${tag}: the resolved ticket, as the customer sees it`);
  if (js && L === ES) await shot(page, 'desk-ticket-resolved.png');

  // The customer answers, then changes his rating (the comment stays as written).
  const [firstRating, secondRating] = resolver === 'desk' ? [4, 5] : [2, 3];
  for (const [i, rating] of [firstRating, secondRating].entries()) {
    const form = region(page, L.survey);
    await form.getByRole('radio', { name: words(rating), exact: true }).check();
    if (i === 0) await form.getByLabel(L.surveyComment, { exact: true }).fill(texts.opinion);
    else eq(await form.getByLabel(L.surveyComment, { exact: true }).inputValue(), texts.opinion, `${tag}: the comment field keeps the comment`);
    const what = i === 0 ? `the survey answered "${words(rating)}"` : `the rating changed to "${words(rating)}"`;
    await post(page, form.getByRole('button', { name: L.surveySend, exact: true }), `${ticket}/encuesta`, ticket, `${tag}, ${what}`);
    eq(new URL(page.url()).hash, '#encuesta', `${tag}, ${what}: back to the ticket at #encuesta`);
    view = await surveyView(page, L);
    check(view !== null, `${tag}, ${what}: the ticket still shows "${L.survey}"`);
    const line = `${L.yours}: ${words(rating)} · «${texts.opinion}»`;
    eq(JSON.stringify(view.lines), JSON.stringify([line]), `${tag}, ${what}: the customer reads "${line}"`);
    eq(JSON.stringify(view.radios), JSON.stringify(surveyRadios(L, rating)), `${tag}, ${what}: … and the form again, "${words(rating)}" checked`);
    eq(JSON.stringify(view.comment), JSON.stringify(['comentario', texts.opinion]), `${tag}, ${what}: … with his comment`);
    eq(await fact(main(page), L.status), L.statuses.resolved, `${tag}, ${what}: the ticket stays "${L.statuses.resolved}"`);
    eq(JSON.stringify((await messages(page, L)).map((m) => m[2])), JSON.stringify(conversation),
      `${tag}, ${what}: the conversation is unchanged (the comment is not a message)`);
    await axeHere(customer, `${tag}: the ticket with its survey answered (${words(rating)}), as the customer sees it`);
    if (i === 0 && js && L === ES) await shot(page, 'desk-ticket-survey.png');
  }

  // The desk reads the customer's last rating, and cannot answer for him.
  page = agent.page;
  await page.goto(ticket);
  eq(await fact(main(page), L.status), L.statuses.resolved, `${tag}: the desk sees "${L.statuses.resolved}"`);
  await deskSurvey(page, L, ticket, `${L.rated}: ${words(secondRating)} · «${texts.opinion}»`, `${tag}, the survey answered`);
  await axeHere(agent, `${tag}: the ticket with its survey answered, as the desk sees it`);

  // 8. The queue: gone from the tickets in progress, there under its status.
  page = agent.page;
  await page.goto(QUEUE);
  eq(await main(page).locator(`table tbody a[href="${ticket}"]`).count(), 0, `${tag}: the queue in progress no longer lists #${number}`);
  const filters = main(page).getByRole('search');
  await filters.getByLabel(L.filterStatus, { exact: true }).selectOption({ label: L.statuses.resolved });
  await Promise.all([
    page.waitForURL((u) => u.pathname === QUEUE && u.searchParams.get('estado') === 'resolved'),
    filters.getByRole('button', { name: L.filter, exact: true }).click(),
  ]);
  await page.waitForLoadState('load');
  const resolvedRow = main(page).locator('table tbody tr', { has: page.locator(`a[href="${ticket}"]`) });
  eq(await resolvedRow.count(), 1, `${tag}: filtered by "${L.statuses.resolved}", the queue lists #${number}`);
  eq((await resolvedRow.locator('td').nth(4).innerText()).trim(), L.statuses.resolved, `${tag}: … as "${L.statuses.resolved}"`);
  await axeHere(agent, `${tag}: the queue filtered by "${L.statuses.resolved}"`);

  return { people, ticket };
}

// The SLA rows of `ticket` as `who` sees them now (a GET in the same context).
async function slaRowsAt(who, ticket, L) {
  const page = await who.context.newPage();
  try {
    await page.goto(ticket);
    return await slaRows(page, L);
  } finally {
    await page.close();
  }
}

// ---------------------------------------------------------------- isolation

// Another organization's customer asks for the ticket; a customer asks for the queue.
async function isolation(browser, base, jorge, ticket) {
  const elena = await openContext(browser, base, 'Elena (Hospital San Ángel)');
  await elena.page.goto('/cuenta/entrar');
  await signInAs(elena.page, ELENA, 'Elena');
  const res = await elena.page.goto(ticket);
  eq(res.status(), 404, `another organization's customer gets 404 for ${ticket}`);
  await expectH1(elena.page, ES.notFound, "another organization's ticket");
  check(!(await elena.page.content()).includes(ES.texts.subject), '… and the page does not show its subject');
  await axe(elena.page, "another organization's ticket (not found)");
  const queue = await jorge.page.request.get(QUEUE);
  eq(queue.status(), 404, `a customer gets 404 for the desk's queue ${QUEUE}`);
  return elena;
}

// ---------------------------------------------------------------- a 24x7 contract

// Elena, of Hospital San Ángel (Mexico City; contract "Soporte crítico hospitalario",
// plan Crítico 24/7, calendar 24x7), opens a P2 ticket: its times read in Mexico City's
// time, and the time left is plain time, not business time; in Spanish and in English
// (a second context of hers asking for English). She resolves it herself, so a run
// leaves it resolved.
const HOSPITAL = 'Hospital San Ángel';
const HOSPITAL_CONTRACT = 'Soporte crítico hospitalario · Crítico 24/7 · 24x7';
const CRITICAL_P2 = { first: 30, resolution: 480 };

async function hospitalTicket(browser, base, elena) {
  const page = elena.page;
  await page.goto(PORTAL_NEW);
  await expectH1(page, ES.newH1, 'Elena, the new-ticket form');
  const subject = `El monitor de signos vitales del piso 3 se reinicia ${STAMP}`;
  await main(page).getByLabel(ES.organization, { exact: true }).selectOption({ label: HOSPITAL });
  await main(page).getByLabel(ES.subject, { exact: true }).fill(subject);
  await main(page).getByLabel(ES.priority, { exact: true }).selectOption({ label: ES.p2 });
  await main(page).getByLabel(ES.description, { exact: true }).fill('El monitor del piso 3 se reinicia cada hora desde ayer.');
  const created = nowSec();
  const res = await submit(page, main(page).getByRole('button', { name: ES.open, exact: true }), PORTAL_NEW);
  const createdBy = nowSec();
  eq(res.status(), 303, `Elena: "${ES.open}" redirects (303)`);
  await page.waitForURL((u) => TICKET_RE.test(u.pathname));
  await page.waitForLoadState('load');
  const ticket = pathOf(page);
  for (const [L, who] of [[ES, elena], [EN, null]]) {
    const other = who || await openContext(browser, base, 'Elena (English)', { storageState: await elena.context.storageState(), locale: 'en-US' });
    const at = other.page;
    const from = nowSec();
    if (who === null) await at.goto(ticket);
    const to = nowSec();
    const tag = `Elena (${L.name}), a ticket on a 24x7 contract`;
    const openedMay = new Set(possible([[created, createdBy]], (c) => `${L.when(c, MEXICO_CITY)} · ${L.portalChannel}`).values());
    const opened = await fact(main(at), L.opened);
    check(openedMay.has(opened), `${tag}: "${L.opened}" in Mexico City's time ("${[...openedMay][0]}")`,
      `shown ${JSON.stringify(opened)}; expected one of ${JSON.stringify([...openedMay])}`);
    eq(squash(await region(at, L.sla).locator('p.meta').innerText()), `${L.contract.split(':')[0]}: ${HOSPITAL_CONTRACT}`,
      `${tag}: the service times name the 24x7 contract`);
    await checkSla(at, L, [
      { name: L.first, may: possible([[created, createdBy], [who ? created : from, to]], (c, now) => expectedClock24x7(L, { start: c, minutes: CRITICAL_P2.first, now })) },
      { name: L.resolution, may: possible([[created, createdBy], [who ? created : from, to]], (c, now) => expectedClock24x7(L, { start: c, minutes: CRITICAL_P2.resolution, now })) },
    ], tag);
    await axe(at, `${tag}, the page`);
    if (who === null) {
      await pageCsp(at, other.mon.name);
      await checkMonitor(other.mon);
      await other.context.close();
    }
  }
  await post(page, main(page).getByRole('button', { name: ES.customerResolve, exact: true }), `${ticket}/estado`, ticket, `Elena, "${ES.customerResolve}"`);
  eq(await fact(main(page), ES.status), ES.statuses.resolved, `Elena: her ticket is "${ES.statuses.resolved}"`);
}

// ---------------------------------------------------------------- the desk's own pages

const ADMIN_TEXTS = {
  'es-MX': {
    h1: 'Administrar la mesa', report: 'Informe de servicio', newTicket: 'Abrir un ticket',
    sections: ['Ajustes de la mesa', 'Personal', 'Equipos', 'Calendarios de atención', 'Planes de servicio',
      'Organizaciones cliente', 'Contratos', 'Respuestas guardadas', 'Guardia'],
    signature: 'Firma de las respuestas', save: 'Guardar ajustes',
  },
  en: {
    h1: 'Manage the desk', report: 'Service report', newTicket: 'Open a ticket',
    sections: ['Desk settings', 'Staff', 'Teams', 'Service calendars', 'Service plans',
      'Client organizations', 'Contracts', 'Saved replies', 'On call'],
    signature: 'Signature of answers', save: 'Save settings',
  },
};

// The desk's admin: its administration page (every section in the body, its settings
// saved), its report and its own new-ticket form, in Spanish with JavaScript and in
// English without; axe on each.
async function adminPages(browser, base) {
  const signIn = await openContext(browser, base, 'Soluciones Norte (admin, sign-in)');
  await signInAs(signIn.page, ADMIN, 'the desk admin');
  const storageState = await signIn.context.storageState();
  await signIn.context.close();
  const people = [];
  for (const [locale, js] of [['es-MX', true], ['en', false]]) {
    const T = ADMIN_TEXTS[locale];
    const tag = `admin (${locale}, JavaScript ${js ? 'on' : 'off'})`;
    const who = await person(browser, base, `Soluciones Norte (${tag})`, { storageState, js, locale });
    who.locale = locale;
    if (!js) await twinFor(browser, base, who);
    people.push(who);
    const page = who.page;
    const admin = `${QUEUE}/administrar`;
    const res = await page.goto(admin);
    eq(res.status(), 200, `${tag}: ${admin} answers 200`);
    await expectH1(page, T.h1, tag);
    eq(JSON.stringify(await main(page).locator('section > h2').allInnerTexts()), JSON.stringify(T.sections),
      `${tag}: the page's sections, every one in its body`);
    eq(await page.locator('title').count(), 1, `${tag}: one title`);
    check(!(await page.title()).includes('<'), `${tag}: the title is plain text`, await page.title());
    await axeHere(who, `${tag}: the administration page`);
    const settings = main(page).locator('form', { has: page.locator('textarea[name="firma"]') });
    const signature = `Mesa de ayuda de Soluciones Norte · ${locale}`;
    await settings.getByLabel(T.signature, { exact: true }).fill(signature);
    const saved = await submit(page, settings.getByRole('button', { name: T.save, exact: true }), `${admin}/ajustes`);
    eq(saved.status(), 303, `${tag}: saving the settings redirects (303)`);
    await page.waitForURL((u) => u.pathname === admin);
    eq(await main(page).getByLabel(T.signature, { exact: true }).inputValue(), signature,
      `${tag}: the signature is kept`);
    for (const [path, h1] of [[`${QUEUE}/informe`, null], [`${QUEUE}/nuevo`, T.newTicket]]) {
      const answer = await page.goto(path);
      eq(answer.status(), 200, `${tag}: ${path} answers 200`);
      if (h1) await expectH1(page, h1, `${tag}, ${path}`);
      else check((await main(page).locator('h1').innerText()).startsWith(T.report), `${tag}: the report's heading`);
      await axeHere(who, `${tag}: ${path}`);
    }
  }
  return people;
}

// ---------------------------------------------------------------- main

await runBrowserTest('support desk browser test', async () => {
  const base = await startServer({ command: 'demo' });
  const browser = await launchBrowser();

  // The two people sign in once, in Spanish, with JavaScript; each walk starts from
  // their sessions.
  const jorge = await openContext(browser, base, 'Jorge (sign-in)');
  const luis = await openContext(browser, base, 'Luis (sign-in)');
  for (const [who, account] of [[jorge, JORGE], [luis, LUIS]]) {
    await who.page.goto('/cuenta/entrar');
    await axe(who.page, `the sign-in page (${account.name})`);
    await signInAs(who.page, account, account.name);
    await axe(who.page, `the page after signing in (${account.name})`);
  }
  const sessions = { jorge: await jorge.context.storageState(), luis: await luis.context.storageState() };

  const everyone = [jorge, luis];
  let first = null;
  for (const [L, js, resolver] of [[ES, true, 'desk'], [EN, false, 'customer'], [ES, false, 'customer'], [EN, true, 'desk']]) {
    const { people, ticket } = await walkTicket(browser, base, sessions, { L, js, resolver });
    first = first || ticket;
    for (const who of people) everyone.push(...who.contexts);
  }
  for (const who of await adminPages(browser, base)) everyone.push(...who.contexts);
  const elena = await isolation(browser, base, jorge, first);
  await hospitalTicket(browser, base, elena);

  for (const who of everyone) {
    // Without JavaScript the page cannot record CSP events itself; the monitor still
    // hears the browser's reports.
    if (who.js !== false) await pageCsp(who.page, who.mon.name);
    await checkMonitor(who.mon);
    await who.context.close();
  }
  await pageCsp(elena.page, elena.mon.name);
  await checkMonitor(elena.mon, { allowConsole: NOT_FOUND_CONSOLE });
  await elena.context.close();
});
