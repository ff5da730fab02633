/**
 * Every page of the dashboard, in navigation order. A new page is one entry here (and its file
 * under pages/): the shell builds the navigation and the routing from this list.
 */
import type { Page, PageContext } from '../page';
import { jobPage } from './job';
import { metricsPage } from './metrics';
import { overviewPage } from './overview';
import { periodicPage } from './periodic';
import { processesPage } from './processes';
import { queuesPage } from './queues';
import { redisPage } from './redis';
import { setPage } from './sets';

export interface PageEntry {
  /** The route, `#/<id>`. */
  id: string;
  /** The navigation label; entries without one are reachable by link only. */
  label?: string;
  /** Builds the page, or null when the route cannot be served (e.g. a missing id). */
  create(ctx: PageContext): Page | null;
}

export const PAGES: PageEntry[] = [
  { id: 'overview', label: 'Overview', create: () => overviewPage() },
  { id: 'queues', label: 'Queues', create: (ctx) => queuesPage(ctx) },
  { id: 'processes', label: 'Processes', create: () => processesPage() },
  { id: 'retry', label: 'Retry', create: (ctx) => setPage('retry', ctx) },
  { id: 'scheduled', label: 'Scheduled', create: (ctx) => setPage('scheduled', ctx) },
  { id: 'dead', label: 'Dead', create: (ctx) => setPage('dead', ctx) },
  { id: 'metrics', label: 'Metrics', create: (ctx) => metricsPage(ctx) },
  { id: 'periodic', label: 'Periodic', create: () => periodicPage() },
  { id: 'redis', label: 'Redis', create: () => redisPage() },
  { id: 'jobs', create: (ctx) => (ctx.route.arg ? jobPage(ctx) : null) },
];
