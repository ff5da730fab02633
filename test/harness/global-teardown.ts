/** Jest global teardown: stops the private redis-servers started by global-setup. */
export default async function globalTeardown(): Promise<void> {
  const servers = globalThis.__WORK_TEST_REDIS__ ?? [];
  await Promise.all(servers.map((s) => s.stop()));
  globalThis.__WORK_TEST_REDIS__ = undefined;
}
