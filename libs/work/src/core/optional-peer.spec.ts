/**
 * The engine without its optional peers: with @opentelemetry/api and prom-client not installed,
 * pools and enqueuers run untraced and WorkMetrics says which package to install.
 */
function notInstalled(pkg: string): never {
  throw Object.assign(new Error(`Cannot find module '${pkg}'`), { code: 'MODULE_NOT_FOUND' });
}

describe('without the optional peer dependencies', () => {
  beforeEach(() => {
    jest.resetModules();
    jest.doMock('@opentelemetry/api', () => notInstalled('@opentelemetry/api'));
    jest.doMock('prom-client', () => notInstalled('prom-client'));
  });
  afterEach(() => {
    jest.dontMock('@opentelemetry/api');
    jest.dontMock('prom-client');
  });

  it('runs untraced and names the package Prometheus metrics need', async () => {
    const { jobTracer } = await import('./tracing');
    expect(jobTracer()).toBeNull();
    const { WorkMetrics } = await import('./metrics/work-metrics');
    expect(() => new WorkMetrics()).toThrow(
      'Prometheus metrics needs the optional dependency "prom-client": npm install prom-client',
    );
  });
});
