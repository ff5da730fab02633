/**
 * The mounted dashboard answers at `<path>/ui` and at `<path>/ui/` under both HTTP adapters:
 * Express redirects `ui` to `ui/`; Fastify (which never routes `ui/` to a Nest route by itself)
 * serves the page at both, through the page's own handler, so the guard still applies there.
 */
import { INestApplication } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { WorkModule } from 'nestjs-gocraft-work';
import { testNamespace, testRedisUrl } from '../harness/redis';

jest.setTimeout(30_000);

type AdapterName = 'express' | 'fastify';

async function serve(
  adapter: AdapterName,
  options: { authorize?: () => boolean; globalPrefix?: string } = {},
): Promise<{ app: INestApplication; base: string }> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      WorkModule.forRoot({
        namespace: testNamespace('uipaths'),
        redis: testRedisUrl(),
        logger: false,
        runPool: false,
        admin: { path: 'admin/work', dashboard: true },
        authorize: options.authorize,
      }),
    ],
  }).compile();
  const app =
    adapter === 'fastify'
      ? moduleRef.createNestApplication(new FastifyAdapter(), { logger: false })
      : moduleRef.createNestApplication({ logger: false, forceCloseConnections: true });
  if (options.globalPrefix) app.setGlobalPrefix(options.globalPrefix);
  await app.listen(0, '127.0.0.1');
  const origin = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const prefix = options.globalPrefix ? `/${options.globalPrefix}` : '';
  return { app, base: `${origin}${prefix}/admin/work` };
}

/** The body of a 200 HTML answer (fails the test on anything else). */
async function page(url: string): Promise<string> {
  const res = await fetch(url, { redirect: 'manual' });
  expect([url, res.status, res.headers.get('content-type')]).toEqual([
    url,
    200,
    'text/html; charset=utf-8',
  ]);
  return res.text();
}

/** The `work-api` meta of a page: where its API calls go, relative to the page's URL. */
function apiBase(html: string): string | undefined {
  return /<meta name="work-api" content="([^"]*)"/.exec(html)?.[1];
}

describe.each<AdapterName>(['express', 'fastify'])('the dashboard page under %s', (adapter) => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('answers at ui/ with the page and at ui as well', async () => {
    let base: string;
    ({ app, base } = await serve(adapter));
    // At ui/ the page's relative URLs are the built ones: API at ../, assets at assets/.
    const withSlash = await page(`${base}/ui/`);
    expect(apiBase(withSlash)).toBe('../');
    expect(withSlash).toContain('src="assets/app.js"');
    expect((await fetch(`${base}/ui/assets/app.js`)).status).toBe(200);
    const noSlash = await fetch(`${base}/ui?x=1`, { redirect: 'manual' });
    if (adapter === 'express') {
      expect([noSlash.status, noSlash.headers.get('location')]).toEqual([301, 'ui/?x=1']);
    } else {
      // Served in place, its URLs rewritten for a page at ui (API at ./, assets at ui/assets/).
      expect(noSlash.status).toBe(200);
      const html = await noSlash.text();
      expect(apiBase(html)).toBe('./');
      expect(html).toContain('src="ui/assets/app.js"');
    }
  });

  it('keeps the query string and works under a global prefix', async () => {
    let base: string;
    ({ app, base } = await serve(adapter, { globalPrefix: 'api' }));
    expect(apiBase(await page(`${base}/ui/?refresh=5`))).toBe('../');
  });

  it('guards ui/ like every dashboard route; no other route gains a trailing slash', async () => {
    let base: string;
    ({ app, base } = await serve(adapter, { authorize: () => false }));
    for (const path of ['/ui', '/ui/']) {
      const res = await fetch(`${base}${path}`, { redirect: 'manual' });
      expect([path, res.status]).toEqual([path, 403]);
      expect(await res.json()).toEqual({ error: 'not authorized' });
    }
    // Under Fastify only the dashboard page gains a trailing-slash twin: other routes keep their
    // exact match (Express matches a trailing slash everywhere: non-strict routing).
    if (adapter === 'fastify') {
      const res = await fetch(`${base}/queues/`);
      expect(res.status).toBe(404);
      expect((await res.json()).message).toBe(`Cannot GET ${new URL(base).pathname}/queues/`);
    }
  });
});
