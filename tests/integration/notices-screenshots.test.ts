/**
 * The screenshots in docs/notices.md, made again on every run so that they never go stale: one
 * synthetic Monday (a fixed date, so the same content every time) through the local pipeline, and from
 * it a worker's morning digest, a manager's escalation, a team manager's weekly summary and a team's
 * Teams card, each rendered in one headless Chromium: the emails as they were sent, the card on the
 * local Teams sink's page, drawn by the Adaptive Cards renderer.
 *
 * A screenshot differs byte for byte between machines and runs (fonts, antialiasing), so what each
 * shows is checked as text, and the PNG is the evidence. A PNG is written again when what it is made
 * from changed (the email's HTML; the card and the sink page's files), as docs/notices/sources.json
 * records, or when it is missing; in CI such a change fails instead, as docs not regenerated before
 * they were committed: run this file and commit docs/notices/.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatLongDate, parseIsoDate } from '../../functions/core/calendar/index.ts';
import type { DirectoryData, StaffMember } from '../../functions/core/directory/model.ts';
import { morningRunOn } from '../../functions/core/notices/plan.ts';
import { builtInProfile } from '../../functions/core/rules/load.ts';
import { WEEKLY_AFTER_MORNING_MINUTES } from '../../functions/runs/schedule-times.ts';
import { demoCouncil, loadCouncil } from '../../local/load-council.ts';
import { type LocalPipeline, startLocalPipeline } from '../../local/pipeline.ts';
import type { LocalEmail } from '../../local/ses.ts';
import { type ReceivedCard, startTeamsSink } from '../../local/teams-sink.ts';
import { chromiumSuite, launchChromium, runsWithChromium } from '../support/chromium.ts';

/** A Monday: the morning's digests and cards, then the week's summaries. */
const AS_OF = '2026-11-23';
/** Small, to be quick; this seed's morning has digests and cards naming a few cases each. */
const COUNCIL = { seed: 4, cases: 16 };
const CASE_LINK = 'https://cases.council.example/cases/';

const DOCS = new URL('../../docs/', import.meta.url).pathname;
const SHOTS = join(DOCS, 'notices');
const SOURCES = join(SHOTS, 'sources.json');
/** Part of every source digest: change it when the way the shots are taken changes. */
const SHOT_SETTINGS = 'email 680 px wide, full page; card: its frame on the sink page, 720 px viewport';

const caseRefs = (text: string) => [...new Set(text.match(/CASE-\d+/g) ?? [])].sort();
const sha256 = (...parts: (string | Buffer)[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
};

/** What a reader should never see: markup, escapes or markdown shown as text. */
const ARTEFACTS = /&(lt|gt|amp|quot|#\d+);|\*\*|\]\(|<\/?[a-z]+[\s>]/i;

/** What one screenshot is of, and what it must show. */
interface Shot {
  file: string;
  /** What it is made from: when this changes, the PNG is taken again. */
  source: string;
  /** Text the rendered page must show. */
  expected: string[];
  /** Case references that must be shown, as links to their case. */
  cases: string[];
  /** Whether it must name a case at all (a weekly summary may count without naming any). */
  namesCases: boolean;
  /** The rendered text, and the screenshot. */
  render(page: Page): Promise<{ text: string; png: Buffer }>;
}

/** One Chromium for every page of this file. */
let browser: Browser;

describe.skipIf(!runsWithChromium)(chromiumSuite('notices in headless Chromium'), () => {
  beforeAll(async () => {
    // In CI without Chromium, this fails at once with the reason.
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  describe('the screenshots in docs/notices.md', () => {
    let pipeline: LocalPipeline;
    let directory: DirectoryData;
    let morningEmails: LocalEmail[];
    let weeklyEmails: LocalEmail[];
    let cards: ReceivedCard[];
    let week: { start: string; end: string };
    /** Per member of staff, the cases whose breach was escalated to them by the morning run. */
    const escalatedTo = new Map<string, Set<string>>();

    beforeAll(async () => {
      const morning = parseIsoDate(AS_OF);
      const council = demoCouncil({ ...COUNCIL, morning });
      let now = council.loadedAt;
      const profile = builtInProfile('default');
      pipeline = await startLocalPipeline({ profile, now: () => now });
      await loadCouncil(council, { store: pipeline.store, ingest: pipeline.ingestContext });
      directory = await pipeline.store.directory.load();
      now = morningRunOn(morning, pipeline.timing);
      await pipeline.run(now, 'morning');
      morningEmails = await pipeline.ses.sent();
      cards = pipeline.teams.cards();
      // From the ledger: who was told of a breach as a level of its ladder, not as the one who must act.
      const ownerOf = new Map(profile.rules.map((rule) => [rule.id, rule.owner]));
      for (const caseId of council.caseIds) {
        for (const told of await pipeline.store.ledger.noticesOf(caseId)) {
          if (told.channel !== 'email' || told.ladderStep === null || told.as === 'worker') continue;
          if (told.as === ownerOf.get(told.rule)) continue;
          escalatedTo.set(told.recipient, (escalatedTo.get(told.recipient) ?? new Set()).add(caseId));
        }
      }
      await pipeline.ses.clear();
      const weekly = await pipeline.runWeekly(now + WEEKLY_AFTER_MORNING_MINUTES * 60_000);
      weeklyEmails = await pipeline.ses.sent();
      if (!weekly.week) throw new Error(`${AS_OF} should be the first working day of its week`);
      week = weekly.week;
    }, 120_000);

    afterAll(async () => {
      await pipeline?.close();
    });

    const staffOf = (email: LocalEmail): StaffMember => {
      const member = directory.staff.find((staff) => staff.email === email.to[0]);
      if (!member) throw new Error(`an email went to ${email.to[0]}, who is not in the directory`);
      return member;
    };

    /**
     * The example of its kind: of those given, the one with the most cases that count, up to six (a
     * page that is neither empty nor long), the first by `key` among equals.
     */
    const example = <T>(items: T[], counted: (item: T) => number, key: (item: T) => string, what: string) => {
      const sorted = [...items].sort((a, b) => key(a).localeCompare(key(b)));
      const score = (item: T) => {
        const count = counted(item);
        return count <= 6 ? count : 6 - count;
      };
      const best = sorted.reduce<T | undefined>(
        (chosen, item) => (chosen === undefined || score(item) > score(chosen) ? item : chosen),
        undefined,
      );
      if (best === undefined) {
        throw new Error(`the synthetic morning of ${AS_OF} (${COUNCIL.cases} cases) sent no ${what}`);
      }
      return best;
    };

    const emailShot = (
      file: string,
      email: LocalEmail,
      expected: string[],
      { namesCases = true, cases = [] as string[] } = {},
    ): Shot => {
      const html = email.html ?? '';
      return {
        file,
        source: sha256(SHOT_SETTINGS, html),
        expected,
        // Every case its text part names, and any others it must show.
        cases: [...new Set([...caseRefs(email.text ?? ''), ...cases])].sort(),
        namesCases,
        async render(page) {
          await page.setViewportSize({ width: 680, height: 800 });
          await page.setContent(html, { waitUntil: 'load' });
          return {
            text: await page.locator('body').innerText(),
            png: await page.screenshot({ fullPage: true }),
          };
        },
      };
    };

    /** The shots, chosen from what the pipeline sent (built once the pipeline has run). */
    const shots = async (): Promise<Shot[]> => {
      const day = formatLongDate(parseIsoDate(AS_OF));
      const digests = morningEmails.filter((email) => staffOf(email).level === 'worker');
      const escalations = morningEmails.filter((email) => escalatedTo.has(staffOf(email).id));
      const summaries = weeklyEmails.filter((email) => staffOf(email).level === 'TM');
      const byAddress = (email: LocalEmail) => email.to[0] ?? '';
      const casesNamed = (email: LocalEmail) => caseRefs(email.text ?? '').length;
      const digest = example(digests, casesNamed, byAddress, "worker's digest");
      const escalation = example(
        escalations,
        (email) => escalatedTo.get(staffOf(email).id)?.size ?? 0,
        byAddress,
        'escalation to a manager',
      );
      const summary = example(summaries, casesNamed, byAddress, "team manager's weekly summary");

      const payloadText = (card: ReceivedCard) => JSON.stringify(card.payload);
      const card = example(
        cards,
        (c) => caseRefs(payloadText(c)).length,
        (c) => c.channel,
        'Teams card',
      );
      const team = directory.teams.find((t) => t.teamsChannel === card.channel);
      if (!team) throw new Error(`a card went to ${card.channel}, no team's channel`);
      const index = cards.indexOf(card);
      const content = (card.payload as { attachments: { content: { actions?: unknown[] } }[] }).attachments[0]
        ?.content;
      // What the sink page draws the card with is part of what the shot is made from.
      const assets = await Promise.all(
        [
          '/',
          '/assets/sink.js',
          '/assets/sink.css',
          '/assets/adaptivecards.js',
          '/assets/markdown-it.js',
        ].map(async (path) => {
          const body = await (await fetch(`${pipeline.teams.url}${path}`)).text();
          return path === '/' ? body.replace(/<time>[^<]*<\/time>/g, '<time></time>') : body;
        }),
      );
      const cardShot: Shot = {
        file: 'team-card.png',
        source: sha256(SHOT_SETTINGS, JSON.stringify(card.payload), ...assets),
        expected: [team.name],
        cases: caseRefs(payloadText(card)),
        namesCases: true,
        async render(page) {
          const problems: string[] = [];
          page.on('console', (message) => {
            if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
          });
          page.on('pageerror', (error) => problems.push(error.message));
          await page.setViewportSize({ width: 720, height: 900 });
          await page.goto(pipeline.teams.url);
          await page.waitForSelector('body[data-cards-drawn]');
          const item = page.locator(`li[data-card="${index}"]`);
          // Drawn by the renderer, with no complaint from it, the page's policy or the console.
          expect(await item.getAttribute('class')).toContain('drawn');
          expect(await item.locator('.renderer-note').count()).toBe(0);
          expect(await item.locator('.ac-pushButton').count()).toBe(content?.actions?.length ?? 0);
          // Markdown drawn as Teams draws it: lists as lists, "how late" in bold, cases as links.
          if (caseRefs(payloadText(card)).length > 0) {
            expect(await item.locator('.card-frame li').count()).toBeGreaterThan(0);
            expect(await item.locator('.card-frame strong').count()).toBeGreaterThan(0);
          }
          const frame = item.locator('.card-frame');
          const text = await frame.innerText();
          const png = await frame.screenshot();
          expect(problems).toEqual([]);
          return { text, png };
        },
      };
      return [
        emailShot('worker-digest.png', digest, [staffOf(digest).name, day]),
        emailShot('manager-escalation.png', escalation, [staffOf(escalation).name, day], {
          cases: [...(escalatedTo.get(staffOf(escalation).id) ?? [])],
        }),
        emailShot(
          'weekly-summary.png',
          summary,
          [
            staffOf(summary).name,
            formatLongDate(parseIsoDate(week.start)),
            formatLongDate(parseIsoDate(week.end)),
          ],
          { namesCases: false },
        ),
        cardShot,
      ];
    };

    it('shows each notice as its reader sees it, with its cases as links, and keeps the PNGs in docs/notices/ up to date', async () => {
      const recorded: Record<string, string> = existsSync(SOURCES)
        ? JSON.parse(readFileSync(SOURCES, 'utf8'))
        : {};
      const sources: Record<string, string> = {};
      const stale: string[] = [];
      mkdirSync(SHOTS, { recursive: true });
      for (const shot of await shots()) {
        const page = await browser.newPage();
        try {
          // Nothing leaves the machine: an email or card asking another site for anything is a fault.
          const elsewhere: string[] = [];
          const own = new URL(pipeline.teams.url).origin;
          await page.route('**/*', (route) => {
            const url = route.request().url();
            if (url.startsWith(own) || url.startsWith('data:') || url === 'about:blank')
              return route.continue();
            elsewhere.push(url);
            return route.abort();
          });
          const { text, png } = await shot.render(page);
          expect(elsewhere, `${shot.file} asked another site for something`).toEqual([]);
          for (const expected of shot.expected) expect(text, shot.file).toContain(expected);
          expect(text, `${shot.file} shows markup or markdown as text`).not.toMatch(ARTEFACTS);
          if (shot.namesCases) expect(shot.cases.length, `${shot.file} names no case`).toBeGreaterThan(0);
          const links = await page.$$eval('a[href]', (anchors) =>
            anchors.map((a) => ({ text: a.textContent?.trim() ?? '', href: a.getAttribute('href') })),
          );
          for (const caseId of shot.cases) {
            expect(text, shot.file).toContain(caseId);
            expect(links, `${shot.file}: ${caseId} is a link to its case`).toContainEqual({
              text: caseId,
              href: `${CASE_LINK}${caseId}`,
            });
          }
          // A PNG of a sensible size: its signature, then its width and height.
          expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
          expect(png.readUInt32BE(16)).toBeGreaterThan(300);
          expect(png.readUInt32BE(20)).toBeGreaterThan(150);

          sources[shot.file] = shot.source;
          const path = join(SHOTS, shot.file);
          if (recorded[shot.file] === shot.source && existsSync(path)) continue;
          if (process.env.CI) stale.push(shot.file);
          else writeFileSync(path, png);
        } finally {
          await page.close();
        }
      }
      expect(
        stale,
        'these screenshots in docs/notices/ are stale: run `npx vitest run tests/integration/notices-screenshots.test.ts` and commit docs/notices/',
      ).toEqual([]);
      if (JSON.stringify(recorded) !== JSON.stringify(sources)) {
        writeFileSync(SOURCES, `${JSON.stringify(sources, null, 2)}\n`);
      }

      // docs/notices.md shows exactly the screenshots this test makes, and the folder holds no others.
      const markdown = readFileSync(join(DOCS, 'notices.md'), 'utf8');
      const shown = [...markdown.matchAll(/\]\(notices\/([^)\s]+\.png)\)/g)].map((m) => m[1]).sort();
      expect(shown).toEqual(Object.keys(sources).sort());
      expect(
        readdirSync(SHOTS)
          .filter((name) => name.endsWith('.png'))
          .sort(),
      ).toEqual(Object.keys(sources).sort());
    });
  });

  describe('the Teams sink page', () => {
    it('draws hostile card text and channel names as text, with no link or markup of their making', async () => {
      const sink = await startTeamsSink();
      const page = await browser.newPage();
      try {
        const hostile =
          '<img src=x onerror=alert(1)> **bold** [link](javascript:alert(2)) <script>alert(3)</script>';
        const posted = await fetch(sink.webhookUrl('<svg onload=alert(4)>'), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            type: 'message',
            attachments: [
              {
                contentType: 'application/vnd.microsoft.card.adaptive',
                content: {
                  type: 'AdaptiveCard',
                  version: '1.4',
                  body: [{ type: 'TextBlock', text: hostile, wrap: true }],
                  actions: [{ type: 'Action.OpenUrl', title: '<b>Open</b>', url: 'javascript:alert(5)' }],
                },
              },
            ],
          }),
        });
        expect(posted.status).toBe(202);
        const problems: string[] = [];
        page.on('pageerror', (error) => problems.push(error.message));
        page.on('dialog', (dialog) => {
          problems.push(`dialog: ${dialog.message()}`);
          return dialog.dismiss();
        });
        await page.goto(sink.url);
        await page.waitForSelector('body[data-cards-drawn="1"]');
        const item = page.locator('li[data-card="0"]');
        expect(await item.locator('h2').innerText()).toContain('<svg onload=alert(4)>');
        // Markdown's emphasis is drawn; the markup and the script link are text.
        const frame = item.locator('.card-frame');
        expect(await frame.locator('strong').innerText()).toBe('bold');
        expect(await frame.innerText()).toContain('<img src=x onerror=alert(1)>');
        expect(await frame.innerText()).toContain('<script>alert(3)</script>');
        expect(await page.locator('img, svg, iframe, object, embed').count()).toBe(0);
        expect(await page.locator('a[href^="javascript:" i]').count()).toBe(0);
        expect(await frame.locator('.ac-pushButton').innerText()).toBe('<b>Open</b>');
        await frame.locator('.ac-pushButton').click();
        expect(problems).toEqual([]);
      } finally {
        await page.close();
        await sink.close();
      }
    });
  });
});
