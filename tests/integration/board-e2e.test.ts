/**
 * The board end to end, in headless Chromium, on a synthetic council served as `npm start` serves it
 * (the local pipeline, its store and its board): a service manager signs in, opens the legal tracker,
 * opens a child's case and records an action for the allocated worker; the worker's next morning digest
 * holds it (by case reference and rule, never its text). Every page has no serious or critical axe-core
 * finding, can be used from the keyboard, and prints without its navigation and forms.
 *
 * The screenshots in docs/board.md are taken here, on a fixed Monday, so they never go stale. A PNG is
 * written again when the page it shows changed (its HTML, with the session's form tokens set aside),
 * as docs/board/sources.json records, or when it is missing; in CI such a change fails instead, as
 * docs not regenerated before they were committed: run this file and commit docs/board/.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionTextCipher, newActionTextKey } from '../../functions/adapters/action-text/cipher.ts';
import { DynamoActionTextStore } from '../../functions/adapters/dynamodb/action-text-store.ts';
import { readerLine } from '../../functions/board/access.ts';
import { holdersOf } from '../../functions/board/index-reader.ts';
import { parseIsoDate } from '../../functions/core/calendar/index.ts';
import type { DirectoryData, StaffMember } from '../../functions/core/directory/model.ts';
import { Directory } from '../../functions/core/directory/resolve.ts';
import { morningRunOn } from '../../functions/core/notices/plan.ts';
import { builtInProfile } from '../../functions/core/rules/load.ts';
import { startLocalBoard } from '../../local/board-serve.ts';
import type { LocalServer } from '../../local/http-ingest.ts';
import { demoCouncil, loadCouncil } from '../../local/load-council.ts';
import { type LocalPipeline, startLocalPipeline } from '../../local/pipeline.ts';
import { LOCAL_TABLE } from '../../local/store.ts';
import { chromiumSuite, launchChromium, runsWithChromium } from '../support/chromium.ts';

/** The meeting's Monday, and the moment in it the board is read. */
const MONDAY = '2026-11-23';
const MEETING = Date.parse(`${MONDAY}T10:00:00Z`);
/** Small, to be quick; this seed's council has children on both trackers in one locality. */
const COUNCIL = { seed: 1, cases: 160 };
/** When the recorded action is due: the Thursday of the meeting's week. */
const ACTION_DUE = '2026-11-26';
/** Synthetic, and never to be found in a message. */
const ACTION_TEXT = 'Book the legal planning meeting and send the letter before proceedings';

const SHOTS = new URL('../../docs/board/', import.meta.url).pathname;
/** The board's record of every case read. */
const AUDIT = join(mkdtempSync(join(tmpdir(), 'los-board-')), 'board-reads.ndjson');
const SOURCES = join(SHOTS, 'sources.json');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let browser: Browser;
let context: BrowserContext;
let page: Page;
let pipeline: LocalPipeline;
let board: LocalServer;
let directory: DirectoryData;
let manager: StaffMember;
let now = 0;
/** Every page's HTML as first shown, by the name of its screenshot. */
const shown = new Map<string, { html: string; png: Buffer }>();

/** The service manager whose line holds the most children on the legal tracker. */
async function legalManager(): Promise<StaffMember> {
  const resolved = new Directory(directory, MONDAY);
  let best: { member: StaffMember; rows: number } | null = null;
  for (const member of directory.staff.filter((staff) => staff.level === 'SM')) {
    const line = readerLine(directory, member.id, MONDAY);
    if (typeof line === 'string') continue;
    const rows = await pipeline.store.trackers.rowsHeldBy(
      holdersOf({ units: line.units }, directory, resolved),
      'legal',
    );
    if (best === null || rows.length > best.rows) best = { member, rows: rows.length };
  }
  if (!best || best.rows === 0) throw new Error('the synthetic council has no child on a legal tracker');
  return best.member;
}

/** The board's navigation, on every page once signed in. */
const nav = () => page.getByRole('navigation', { name: 'Board pages' });

/** axe-core's serious and critical findings on the page as it is now. */
async function accessibilityProblems(): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const results = (await page.evaluate('axe.run()')) as {
    violations: { id: string; impact: string | null; nodes: unknown[] }[];
  };
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}, ${violation.nodes.length} places)`);
}

/** Looks at the page as it is now: no serious or critical axe finding, and a screenshot kept as `name`. */
async function look(name: string) {
  expect(await accessibilityProblems(), `${name}: axe-core`).toEqual([]);
  // Readable on a meeting-room screen: nothing runs off the side of the page.
  const wider = await page.evaluate(`[...document.querySelectorAll('main *')]
    .filter((element) => element.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .slice(0, 3).map((element) => element.tagName + '.' + element.className)`);
  expect(wider, `${name}: wider than the page`).toEqual([]);
  shown.set(name, { html: await page.content(), png: await page.screenshot({ fullPage: true }) });
}

describe.skipIf(!runsWithChromium)(chromiumSuite('the board in headless Chromium'), () => {
  beforeAll(async () => {
    browser = await launchChromium();
    const profile = builtInProfile('default');
    const council = demoCouncil({ ...COUNCIL, morning: parseIsoDate(MONDAY) });
    now = council.loadedAt;
    pipeline = await startLocalPipeline({ profile, now: () => now });
    await loadCouncil(council, { store: pipeline.store, ingest: pipeline.ingestContext });
    directory = await pipeline.store.directory.load();
    manager = await legalManager();
    now = MEETING;
    board = await startLocalBoard({
      store: pipeline.store,
      actionTexts: new DynamoActionTextStore(
        pipeline.store.dynamo.client,
        LOCAL_TABLE,
        new ActionTextCipher(newActionTextKey()),
      ),
      ingest: pipeline.ingestContext,
      port: 0,
      auditFile: AUDIT,
      now: () => new Date(now),
    });
    // The board's policy allows no script at all: axe is put in by the test, past it.
    context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await board?.close();
    await pipeline?.close();
  });

  it('lets a service manager sign in, run the legal tracker, and record an action the owner is told of in their next digest', async () => {
    await page.goto(`${board.url}/`);
    expect(new URL(page.url()).pathname).toBe('/auth/local');
    await look('sign-in');
    await page.locator(`button[name="staffId"][value="${manager.id}"]`).click();
    await look('home');

    await nav().getByRole('link', { name: 'Legal tracker' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/trackers/legal');
    await look('legal-tracker');
    const caseLinks = page.locator('main a[href^="/cases/"]');
    expect(await caseLinks.count()).toBeGreaterThan(0);

    await nav().getByRole('link', { name: 'Permanency tracker' }).click();
    await look('permanency-tracker');
    await nav().getByRole('link', { name: 'Meeting agenda' }).click();
    await look('agenda');
    await nav().getByRole('link', { name: 'Timeliness' }).click();
    expect(await page.locator('svg.chart[role="img"]').count()).toBeGreaterThan(0);
    await look('timeliness');

    await nav().getByRole('link', { name: 'Legal tracker' }).click();
    const caseId = ((await caseLinks.first().getAttribute('href')) ?? '').replace('/cases/', '');
    await caseLinks.first().click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/cases/${caseId}`);
    await look('case');

    // "Ongoing" is not a timescale: refused, in plain English, with what was typed kept.
    await page.locator('#action-text').fill('Ongoing');
    // The first to choose from is the case's allocated worker.
    const owner = page.locator('#action-owner');
    const worker = (await owner.locator('option').nth(1).getAttribute('value')) ?? '';
    await owner.selectOption(worker);
    await page.locator('#action-due').fill(ACTION_DUE);
    await page.getByRole('button', { name: 'Record the action' }).click();
    expect(await page.getByRole('alert').innerText()).toMatch(/ongoing/i);
    await look('case-refused');

    await page.locator('#action-text').fill(ACTION_TEXT);
    await page.locator('#action-due').fill(ACTION_DUE);
    await page.getByRole('button', { name: 'Record the action' }).click();
    await expect.poll(() => page.locator('main').innerText()).toContain(ACTION_TEXT);
    await look('case-with-action');

    // Each case read is on the record: who, which case, when and on which page; nothing else.
    const reads = readFileSync(AUDIT, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(reads).toContainEqual({
      at: new Date(MEETING).toISOString(),
      staffId: manager.id,
      caseId,
      view: 'case',
    });
    expect(new Set(reads.flatMap(Object.keys))).toEqual(new Set(['at', 'staffId', 'caseId', 'view']));

    // The owner's next morning digest: the morning the action is due.
    now = morningRunOn(parseIsoDate(ACTION_DUE), pipeline.timing);
    await pipeline.ses.clear();
    await pipeline.run(now, 'morning');
    const ownerEmail = directory.staff.find((staff) => staff.id === worker)?.email;
    const digest = (await pipeline.ses.sent()).find((email) => email.to.includes(ownerEmail ?? ''));
    expect(digest?.text).toContain(caseId);
    expect(digest?.text).toContain('Board action due');
    for (const email of await pipeline.ses.sent()) {
      expect(`${email.subject} ${email.text} ${email.html}`).not.toContain(ACTION_TEXT);
    }
  }, 180_000);

  it('can be used from the keyboard: the skip link first, then every control in order', async () => {
    await page.goto(`${board.url}/trackers/legal`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement?.id')).toBe('main');
    const reachable = new Set<string>();
    for (let step = 0; step < 40; step++) {
      await page.keyboard.press('Tab');
      reachable.add(String(await page.evaluate("document.activeElement?.getAttribute('href') ?? ''")));
    }
    expect([...reachable].some((href) => href.startsWith('/cases/'))).toBe(true);
    expect(await page.locator('[tabindex]:not([tabindex="-1"]):not([tabindex="0"])').count()).toBe(0);
  });

  it('prints a tracker without its navigation and forms', async () => {
    await page.goto(`${board.url}/trackers/legal`);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav').isVisible()).toBe(false);
    expect(await page.locator('main a[href^="/cases/"]').first().isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
  });

  it('keeps the screenshots in docs/board.md current', () => {
    // What each page shows, with the session's form tokens and the new action's id set aside.
    const sourceOf = (html: string) =>
      createHash('sha256')
        .update(
          html
            .replace(/name="csrf" value="[^"]*"/g, 'name="csrf"')
            .replace(/\/actions\/[A-Za-z0-9_-]+\//g, '/actions/…/')
            .replace(/id="action-[A-Za-z0-9_-]+/g, 'id="action-…'),
        )
        .digest('hex');
    const before = existsSync(SOURCES)
      ? (JSON.parse(readFileSync(SOURCES, 'utf8')) as Record<string, string>)
      : {};
    const after: Record<string, string> = {};
    const stale: string[] = [];
    mkdirSync(SHOTS, { recursive: true });
    for (const [name, { html, png }] of shown) {
      const file = `${name}.png`;
      after[file] = sourceOf(html);
      if (before[file] === after[file] && existsSync(join(SHOTS, file))) continue;
      stale.push(file);
      if (!process.env.CI) writeFileSync(join(SHOTS, file), png);
    }
    if (!process.env.CI) writeFileSync(SOURCES, `${JSON.stringify(after, null, 2)}\n`);
    expect(stale, 'screenshots whose pages changed: run this test and commit docs/board/').toEqual(
      process.env.CI ? [] : stale,
    );
    expect(Object.keys(after).sort()).toEqual(
      [
        'agenda',
        'case',
        'case-refused',
        'case-with-action',
        'home',
        'legal-tracker',
        'permanency-tracker',
        'sign-in',
        'timeliness',
      ]
        .map((name) => `${name}.png`)
        .sort(),
    );
  });
});
