/** Waiting assertions on playwright locators, with a 10 s deadline. */
import type { Locator } from 'playwright-core';

/** Polls a locator until it matches (playwright-core has no test runner's expect). */
export function see(locator: Locator) {
  const poll = async (what: string, ok: () => Promise<boolean>) => {
    const deadline = Date.now() + 10_000;
    while (!(await ok().catch(() => false))) {
      if (Date.now() > deadline)
        throw new Error(
          `locator never ${what}; last text: ${JSON.stringify(await locator.allTextContents().catch(() => []))}`,
        );
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return {
    toHaveText: (text: string) =>
      poll(
        `had text ${JSON.stringify(text)}`,
        async () => (await locator.textContent({ timeout: 200 }))?.trim() === text,
      ),
    toContainText: (text: string) =>
      poll(`contained ${JSON.stringify(text)}`, async () =>
        ((await locator.textContent({ timeout: 200 })) ?? '').includes(text),
      ),
    toHaveCount: (n: number) => poll(`had count ${n}`, async () => (await locator.count()) === n),
    toHaveAttribute: (name: string, value: string) =>
      poll(
        `had ${name}=${JSON.stringify(value)}`,
        async () => (await locator.getAttribute(name, { timeout: 200 })) === value,
      ),
  };
}
