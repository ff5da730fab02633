/**
 * The dashboard shell: navigation, the auto-refresh loop (pausable, remembered per browser), the
 * status line, the "cannot reach Redis" banner (the last data stays, greyed, until the API
 * answers again), read-only mode, and routing between the pages of pages/registry.ts.
 */
import { api, ApiError } from './api';
import { button, h, notice, replace } from './dom';
import type { Page, PageContext } from './page';
import { PAGES } from './pages/registry';
import { currentRoute, href } from './route';
import './styles.css';

const REFRESH_MS = 3000;
const PAUSE_KEY = 'work-dashboard:paused';

/** Whether an error means the server or Redis cannot be reached (as opposed to a bad request). */
function isOutage(err: unknown): boolean {
  return err instanceof ApiError && (err.status === 0 || err.status === 503 || err.status === 502);
}

function start(): void {
  const app = document.getElementById('app')!;
  let paused = localStorage.getItem(PAUSE_KEY) === '1';
  let page: Page | null = null;
  let pageDone = false;
  let aborter = new AbortController();
  let busy = false;
  let again = false;
  let lastUpdate = 0;
  let lastAttempt = 0;
  let readOnly = false;

  const navLinks = PAGES.filter((p) => p.label).map((p) =>
    h('a', { href: href(p.id), 'data-page': p.id }, p.label!),
  );
  const pauseButton = button(
    '',
    () => {
      paused = !paused;
      localStorage.setItem(PAUSE_KEY, paused ? '1' : '0');
      showPause();
      if (!paused) void refresh();
    },
    { class: 'toggle', 'data-testid': 'pause' },
  );
  const refreshButton = button('Refresh', () => void refresh(), { 'data-testid': 'refresh' });
  const updated = h('span', { class: 'updated small', 'aria-live': 'off' });
  const banner = h('div', {
    class: 'banner',
    role: 'alert',
    'data-testid': 'outage',
    hidden: true,
  });
  const modeBadge = h('span', { class: 'mode', hidden: true }, 'read-only');
  const status = h('div', { class: 'status', 'aria-live': 'polite' });
  const heading = h('h1');
  const main = h('main', { id: 'main', tabindex: '-1' });
  app.replaceChildren(
    h(
      'header',
      { class: 'top' },
      h('a', { class: 'brand', href: href('overview') }, 'work'),
      modeBadge,
      h('nav', { class: 'nav', 'aria-label': 'Pages' }, ...navLinks),
      h('div', { class: 'refresh' }, pauseButton, refreshButton, updated),
    ),
    banner,
    status,
    heading,
    main,
  );

  function showPause(): void {
    pauseButton.textContent = paused ? 'Auto-refresh: off' : 'Auto-refresh: on';
    pauseButton.setAttribute('aria-pressed', String(!paused));
  }

  function showOutage(message: string | null): void {
    if (message === null) {
      banner.hidden = true;
      main.classList.remove('stale');
      return;
    }
    const since = lastUpdate
      ? ` Showing data from ${new Date(lastUpdate).toLocaleTimeString()}.`
      : '';
    banner.textContent = `Cannot reach Redis: ${message}.${since} Retrying every ${REFRESH_MS / 1000} s…`;
    banner.hidden = false;
    main.classList.add('stale');
  }

  const ctx = (): PageContext => ({
    route: currentRoute(),
    readOnly,
    refresh: () => void refresh(),
    flash(message, kind = 'ok') {
      replace(
        status,
        h(
          'div',
          { class: `flash flash-${kind}`, role: kind === 'error' ? 'alert' : 'status' },
          message,
        ),
      );
    },
  });

  async function refresh(): Promise<void> {
    if (!page) return;
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    lastAttempt = Date.now();
    const current = page;
    const signal = aborter.signal;
    try {
      pageDone = (await current.update(signal)) === 'done';
      lastUpdate = Date.now();
      main.removeAttribute('aria-busy');
      status.querySelector('.load-error')?.remove();
      showOutage(null);
    } catch (err) {
      if (signal.aborted) return;
      if (isOutage(err)) {
        showOutage((err as Error).message);
        return;
      }
      const message =
        err instanceof ApiError && err.status === 403
          ? `Not allowed: ${err.message}`
          : (err as Error).message;
      replace(
        status,
        notice('error', h('span', { class: 'load-error' }, `Could not load this page: ${message}`)),
      );
    } finally {
      busy = false;
      if (again && page === current) {
        again = false;
        void refresh();
      }
    }
  }

  function route(): void {
    aborter.abort();
    aborter = new AbortController();
    page?.destroy?.();
    pageDone = false;
    const context = ctx();
    const entry = PAGES.find((p) => p.id === context.route.page);
    page = entry ? entry.create(context) : null;
    for (const link of navLinks) {
      const active = link.dataset.page === context.route.page;
      if (active) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    status.replaceChildren();
    main.replaceChildren();
    main.setAttribute('aria-busy', 'true');
    if (!page) {
      heading.textContent = 'Not found';
      document.title = 'Not found · work';
      main.append(
        notice(
          'empty',
          'There is no such page. ',
          h('a', { href: href('overview') }, 'Go to the overview'),
        ),
      );
      return;
    }
    heading.textContent = page.title;
    document.title = `${page.title} · work`;
    page.mount(main);
    busy = false;
    void refresh();
  }

  window.addEventListener('hashchange', route);
  setInterval(() => {
    const age = lastUpdate ? Math.round((Date.now() - lastUpdate) / 1000) : null;
    updated.textContent = age === null ? '' : `updated ${age} s ago`;
    const due = Date.now() - Math.max(lastUpdate, lastAttempt) >= REFRESH_MS;
    // An outage keeps retrying even when auto-refresh is off, so the page recovers by itself.
    const retrying = !banner.hidden;
    if ((!paused || retrying) && !pageDone && document.visibilityState === 'visible' && due)
      void refresh();
  }, 1000);
  showPause();
  if (!location.hash) history.replaceState(null, '', href('overview'));
  // The mode decides which controls exist, so it is read before the first page is drawn; an
  // unreachable API leaves actions visible (the server still refuses them if read-only).
  api
    .settings()
    .then((s) => {
      readOnly = s.read_only;
      modeBadge.hidden = !readOnly;
      document.body.classList.toggle('read-only', readOnly);
    })
    .catch(() => undefined)
    .finally(route);
}

start();
