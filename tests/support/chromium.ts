/**
 * Headless Chromium for the tests that look at what a person sees: Debian's `chromium` (or
 * `chromium-browser`) found on the PATH, as `.ci/run` installs it, driven by playwright-core (which
 * downloads no browser of its own). Without one, such tests are skipped and say why on a developer's
 * machine, and fail with the reason in CI (`CI` set), where a skip would hide that nothing was checked.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

/** The path of Debian's Chromium on the PATH, or null. */
export const chromiumPath: string | null =
  ['chromium', 'chromium-browser']
    .flatMap((name) => (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, name)))
    .find((path) => {
      try {
        accessSync(path, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    }) ?? null;

export const NO_CHROMIUM =
  'no chromium or chromium-browser on the PATH; apt-get install chromium (.ci/run does)';

/** Whether a suite that needs Chromium runs: always in CI (to fail there), else when there is one. */
export const runsWithChromium = chromiumPath !== null || Boolean(process.env.CI);

/** A suite's name, with the reason it is skipped when it is. */
export const chromiumSuite = (name: string) =>
  runsWithChromium ? name : `${name} (skipped: ${NO_CHROMIUM})`;

/**
 * Starts one headless Chromium for a suite; in CI without one, fails saying what is missing. What the
 * machine's closed network needs: no background connections, no sandbox (root in CI).
 */
export async function launchChromium(): Promise<Browser> {
  if (!chromiumPath) throw new Error(`Chromium is needed to check what notices look like: ${NO_CHROMIUM}`);
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--font-render-hinting=none',
    ],
  });
}
