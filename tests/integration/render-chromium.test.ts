/**
 * A digest as a browser lays it out: headless Chromium reads the rendered HTML back with its headings
 * and links, and screenshots it at a phone's width. Needs Debian's `chromium` (or `chromium-browser`)
 * on the PATH; without it these tests are skipped and say so.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderEmail } from '../../functions/delivery/render-email.ts';
import { emailNotice, managerLines, renderSettings, workerLines } from '../support/notice-lines.ts';

const run = promisify(execFile);

const browser = ['chromium', 'chromium-browser'].find(
  (name) => spawnSync(name, ['--version'], { stdio: 'ignore' }).status === 0,
);

const PHONE = { width: 375, height: 1200 };

describe.skipIf(!browser)(
  `the digest in headless Chromium${browser ? '' : ' (skipped: no chromium or chromium-browser on the PATH; apt-get install chromium)'}`,
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'los-render-'));
    const page = pathToFileURL(join(dir, 'digest.html')).href;
    // What the machine's closed network needs: no background connections, a fresh profile, no sandbox as root.
    const chromium = (...args: string[]) =>
      run(
        browser as string,
        [
          '--headless',
          '--disable-gpu',
          '--no-sandbox',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          `--user-data-dir=${join(dir, 'profile')}`,
          ...args,
          page,
        ],
        { timeout: 15_000, maxBuffer: 10_000_000 },
      );

    beforeAll(async () => {
      const email = await renderEmail(
        emailNotice([...workerLines(), ...managerLines()], { recipient: { level: 'TM' } }),
        renderSettings,
      );
      writeFileSync(join(dir, 'digest.html'), email.html);
    });

    it('parses to a page with its language, headings and case links', async () => {
      const { stdout: dom } = await chromium('--dump-dom');
      expect(dom).toMatch(/<html lang="en-GB"/);
      expect([...dom.matchAll(/<h([123])[^>]*>([^<]*)<\/h\1>/g)].map((m) => `h${m[1]} ${m[2]}`)).toEqual([
        "h1 Your deadlines and your staff's overdue work for Mon 23 Nov 2026",
        'h2 Overdue (2)',
        'h2 Due today (1)',
        'h2 Coming up (3)',
        'h2 Escalated to you as Team Manager (4)',
        "h3 Jo Example's cases (1)",
        "h3 Sam Example's cases (2)",
        'h3 Cases not allocated to a worker (1)',
      ]);
      const links = [...dom.matchAll(/<a href="([^"]+)"[^>]*>([^<]+)<\/a>/g)];
      expect(links).toHaveLength(10);
      for (const [, href, text] of links) {
        expect(href).toBe(`https://casesystem.example.gov.uk/cases/${text}`);
      }
    });

    it(`screenshots at a phone's width (${PHONE.width} px)`, async () => {
      const png = join(dir, 'digest.png');
      await chromium(`--window-size=${PHONE.width},${PHONE.height}`, `--screenshot=${png}`);
      const image = readFileSync(png);
      // A PNG's signature, then its IHDR chunk with the width and height.
      expect(image.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect([image.readUInt32BE(16), image.readUInt32BE(20)]).toEqual([PHONE.width, PHONE.height]);
      expect(image.length).toBeGreaterThan(10_000);
    });
  },
);
