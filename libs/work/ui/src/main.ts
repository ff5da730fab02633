/**
 * The dashboard shell: navigation, the auto-refresh loop (pausable, remembered per browser), the
 * status line, and routing between pages.
 */
import { ApiError } from './api';
import { button, h, notice, replace } from './dom';
import type { Page, PageContext } from './page';
import { jobPage } from './pages/job';
import { metricsPage } from './pages/metrics';
import { overviewPage } from './pages/overview';
import { processesPage } from './pages/processes';
import { queuesPage } from './pages/queues';
import { setPage } from './pages/sets';
import { currentRoute, href } from './route';
import './styles.css';

const REFRESH_MS = 3000;
const PAUSE_KEY = 'work-dashboard:paused';

const NAV: Array<[string, string]> = [
  ['overview', 'Overview'],
  ['queues', 'Queues'],
  ['processes', 'Processes'],
  ['retry', 'Retry'],
  ['scheduled', 'Scheduled'],
  ['dead', 'Dead'],
  ['metrics', 'Metrics'],
];

function createPage(ctx: PageContext): Page | null {
  switch (ctx.route.page) {
    case 'overview':
      return overviewPage();
    case 'queues':
      return queuesPage(ctx);
    case 'processes':
      return processesPage();
    case 'retry':
    case 'scheduled':
    case 'dead':
      return setPage(ctx.route.page, ctx);
    case 'metrics':
      return metricsPage(ctx);
    case 'jobs':
      return ctx.route.arg ? jobPage(ctx) : null;
    default:
      return null;
  }
}

function start(): void {
  const app = document.getElementById('app')!;
  let paused = localStorage.getItem(PAUSE_KEY) === '1';
  let page: Page | null = null;
  let aborter = new AbortController();
  let busy = false;
  let again = false;
  let lastUpdate = 0;

  const navLinks = NAV.map(([id, label]) => h('a', { href: href(id), 'data-page': id }, label));
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
  const updated = h('span', { class: 'updated muted small', 'aria-live': 'off' });
  const status = h('div', { class: 'status', 'aria-live': 'polite' });
  const heading = h('h1');
  const main = h('main', { id: 'main', tabindex: '-1' });
  app.replaceChildren(
    h(
      'header',
      { class: 'top' },
      h('a', { class: 'brand', href: href('overview') }, 'work'),
      h('nav', { class: 'nav', 'aria-label': 'Pages' }, ...navLinks),
      h('div', { class: 'refresh' }, pauseButton, refreshButton, updated),
    ),
    status,
    heading,
    main,
  );

  function showPause(): void {
    pauseButton.textContent = paused ? 'Auto-refresh: off' : 'Auto-refresh: on';
    pauseButton.setAttribute('aria-pressed', String(!paused));
  }

  const ctx = (): PageContext => ({
    route: currentRoute(),
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
    const current = page;
    const signal = aborter.signal;
    try {
      await current.update(signal);
      lastUpdate = Date.now();
      main.removeAttribute('aria-busy');
      status.querySelector('.load-error')?.remove();
    } catch (err) {
      if (signal.aborted) return;
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
    const context = ctx();
    page = createPage(context);
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
    if (!paused && document.visibilityState === 'visible' && Date.now() - lastUpdate >= REFRESH_MS)
      void refresh();
  }, 1000);
  showPause();
  if (!location.hash) history.replaceState(null, '', href('overview'));
  route();
}

start();
