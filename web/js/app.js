// @ts-check
/**
 * Stegvis in the browser: a small router over plain ES modules (no build step).
 * Each page is a module under pages/ with `render(main, params)`; every fact
 * and every allowed step comes from the API, every word from the pages or
 * /api/ui/anvisning (src/web/texts.ts).
 */
import { ApiError, whenUnauthenticated } from './api.js';
import { announce, h, replace } from './dom.js';
import { clearSession, getSession } from './session.js';
import * as casePage from './pages/case.js';
import * as casesPage from './pages/cases.js';
import * as clientPage from './pages/client.js';
import * as documentPage from './pages/document.js';
import * as findClientPage from './pages/find-client.js';
import * as loginPage from './pages/login.js';
import * as newCasePage from './pages/new-case.js';
import * as questionnairePage from './pages/questionnaire.js';
import * as samverkanPage from './pages/samverkansfragor.js';
import * as todoPage from './pages/todo.js';
import * as uppfoljningPage from './pages/uppfoljning.js';

/**
 * A page module: draws itself into `main`.
 * @typedef {{ render(main: HTMLElement, params: Record<string, string>, context: PageContext): Promise<void> }} Page
 */

/**
 * Path patterns → pages. `nav` names the menu entry the page belongs to; `fixed` adds params of its own.
 * @type {{ pattern: RegExp, page: Page, nav: string | null, params?: string[], fixed?: Record<string, string>, public?: boolean }[]}
 */
const ROUTES = [
  { pattern: /^\/$/, page: todoPage, nav: '/' },
  { pattern: /^\/arenden$/, page: casesPage, nav: '/arenden' },
  { pattern: /^\/arenden\/([\w-]+)$/, page: casePage, nav: '/arenden', params: ['id'] },
  { pattern: /^\/nytt-arende$/, page: newCasePage, nav: '/nytt-arende' },
  { pattern: /^\/samverkansfragor$/, page: samverkanPage, nav: '/samverkansfragor' },
  { pattern: /^\/uppfoljning$/, page: uppfoljningPage, nav: '/uppfoljning' },
  // The bedömningsstöd's pages (questionnaires, arbetsplan, uppdragsbeskrivning) belong under /klienter/:id.
  { pattern: /^\/klienter$/, page: findClientPage, nav: '/klienter' },
  { pattern: /^\/klienter\/([\w-]+)$/, page: clientPage, nav: '/klienter', params: ['id'] },
  { pattern: /^\/klienter\/([\w-]+)\/formular\/([\w-]+)$/, page: questionnairePage, nav: '/klienter', params: ['id', 'questionnaireId'] },
  { pattern: /^\/klienter\/([\w-]+)\/arbetsplan\/([\w-]+)$/, page: documentPage, nav: '/klienter', params: ['id', 'documentId'], fixed: { kind: 'arbetsplan' } },
  { pattern: /^\/klienter\/([\w-]+)\/uppdragsbeskrivning\/([\w-]+)$/, page: documentPage, nav: '/klienter', params: ['id', 'documentId'], fixed: { kind: 'uppdragsbeskrivning' } },
  { pattern: /^\/logga-in$/, page: loginPage, nav: null, public: true },
];

const NAV = [
  { href: '/', text: 'Att göra' },
  { href: '/arenden', text: 'Ärenden' },
  { href: '/nytt-arende', text: 'Nytt ärende', roles: ['socialsekreterare'] },
  { href: '/klienter', text: 'Bedömningsstöd', roles: ['socialsekreterare'] },
  { href: '/samverkansfragor', text: 'Samverkansfrågor', roles: ['forste_socialsekreterare', 'kc_samordnare'] },
  { href: '/uppfoljning', text: 'Uppföljning', roles: ['forste_socialsekreterare', 'kc_samordnare'] },
];

let firstRender = true;

/**
 * @param {string} path
 * @param {{ replace?: boolean, state?: unknown }} [options]
 */
export function navigate(path, { replace: replaceEntry = false, state } = {}) {
  if (replaceEntry) history.replaceState(state ?? null, '', path);
  else history.pushState(state ?? null, '', path);
  void render();
}

/** An element of index.html that is always there. */
const byId = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));

/**
 * @param {Session | null} session
 * @param {string | null} activeNav
 */
function renderHeader(session, activeNav) {
  const nav = byId('nav');
  const who = byId('who');
  if (!session) {
    replace(nav);
    replace(who);
    return;
  }
  const items = NAV.filter((item) => !item.roles || item.roles.includes(session.user.role));
  replace(nav, h('ul', { class: 'nav' }, items.map((item) => h('li', null, h('a', { href: item.href, ...(item.href === activeNav ? { 'aria-current': 'page' } : {}) }, item.text)))));
  replace(
    who,
    h('span', { class: 'who__name' }, session.user.displayName),
    h('span', { class: 'who__role' }, `${session.roleText ?? session.user.role}, ${session.user.unit}`),
    h('button', { type: 'button', class: 'button button--link', onclick: logout }, 'Logga ut'),
  );
}

function logout() {
  clearSession();
  announce('Du är utloggad.');
  navigate('/logga-in');
}

/** @returns {Promise<void>} */
async function render() {
  const main = byId('main');
  const path = location.pathname.replace(/\/+$/, '') || '/';
  const route = ROUTES.find((candidate) => candidate.pattern.test(path));
  const session = getSession();
  if (!route) {
    renderHeader(session, null);
    document.title = 'Sidan finns inte – Stegvis';
    replace(main, h('h1', { tabindex: '-1' }, 'Sidan finns inte'), h('p', null, h('a', { href: '/' }, 'Till Att göra')));
    focusHeading(main);
    return;
  }
  if (!route.public && !session) {
    history.replaceState({ next: path }, '', '/logga-in');
    return render();
  }
  const match = /** @type {RegExpExecArray} */ (route.pattern.exec(path));
  const params = { ...route.fixed, ...Object.fromEntries((route.params ?? []).map((name, index) => [name, decodeURIComponent(/** @type {string} */ (match[index + 1]))])) };
  renderHeader(session, route.nav);
  replace(main, h('p', { class: 'loading' }, 'Laddar …'));
  try {
    // A public page (the login) is drawn before there is a session; every other page has one.
    await route.page.render(main, params, { session: /** @type {Session} */ (session), navigate });
  } catch (error) {
    if (error instanceof ApiError && (error.status === 403 || error.status === 404)) {
      // Not there, or not for this user: trying again will not help, so say which (the API's Swedish sentence) instead of "Något gick fel".
      document.title = 'Ingen behörighet eller finns inte – Stegvis';
      replace(
        main,
        h('h1', { tabindex: '-1' }, error.status === 403 ? 'Du har inte behörighet' : 'Finns inte, eller ingen behörighet'),
        h('p', { 'data-notice': 'not-found' }, error.message),
        h('p', null, h('a', { href: '/' }, 'Till Att göra')),
      );
    } else {
      console.error(error);
      replace(main, h('h1', { tabindex: '-1' }, 'Något gick fel'), h('p', null, 'Sidan kunde inte visas. Försök igen om en stund.'), h('p', null, h('a', { href: '/' }, 'Till Att göra')));
    }
  }
  focusHeading(main);
}

/**
 * After a navigation, focus goes to the new page's heading, so a screen reader starts there.
 * @param {HTMLElement} main
 */
function focusHeading(main) {
  if (firstRender) {
    firstRender = false;
    return;
  }
  if (main.contains(document.activeElement) && document.activeElement !== main) return;
  const heading = main.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus();
  }
}

// Links inside the app change the page without reloading it.
document.addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
  if (!(link instanceof HTMLAnchorElement) || link.target || link.hasAttribute('download')) return;
  const href = link.getAttribute('href');
  if (!href || href.startsWith('#') || href.startsWith('/api/')) return;
  const url = new URL(link.href);
  if (url.origin !== location.origin) return;
  event.preventDefault();
  navigate(url.pathname + url.search);
});

// The skip link: move focus to the main content without changing the route.
document.addEventListener('click', (event) => {
  const link = event.target instanceof Element ? event.target.closest('a.skip-link') : null;
  if (!link) return;
  event.preventDefault();
  document.getElementById('main')?.focus();
});

window.addEventListener('popstate', () => void render());
whenUnauthenticated(() => {
  history.replaceState({ next: location.pathname, expired: true }, '', '/logga-in');
  void render();
});

void render();
