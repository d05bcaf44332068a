/**
 * `npm start` (`los serve`) on a data directory: the first start loads a synthetic council and says
 * where to look (the web board among the addresses); while it runs, `los` commands on the same directory work through it; the store route
 * wants the token; a second start finds the data already there. A busy port or a data directory held
 * by another process is refused at once, in a sentence, with exit code 2.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SesEmailSender } from '../../functions/adapters/ses/email-sender.ts';
import { WebhookTeamsPoster } from '../../functions/adapters/teams/webhook-poster.ts';
import { builtInProfile } from '../../functions/core/rules/load.ts';
import { serve } from '../../local/serve.ts';
import { los } from '../support/los.ts';

const events = new URL('../fixtures/two-cases.ndjson', import.meta.url).pathname;

const start = (dataDir: string, log: string[], port = 0) =>
  serve({
    dataDir,
    profile: builtInProfile('default'),
    port,
    morningRunTime: '07:00',
    cases: 12,
    seed: 3,
    log: (line) => log.push(line),
  });

describe('npm start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'los-serve-'));

  it('loads a synthetic council on first start, runs, and says where to look', async () => {
    const log: string[] = [];
    const serving = await start(dataDir, log);
    try {
      const text = log.join('\n');
      expect(text).toMatch(/First start: loading a synthetic council of 12 cases/);
      expect(text).toMatch(/Loaded \d+ events for 12 cases, and a directory of \d+ staff/);
      expect(text).toContain(serving.pipeline.ses.inboxUrl);
      expect(text).toContain(serving.pipeline.teams.url);
      expect(text).toContain(`POST ${serving.server.url}/events`);
      expect(text).toContain(`Board (web):               ${serving.board.url}/`);
      expect(text).toContain(
        `Deadline events:           ${join(dataDir, 'outbox', 'deadline-events.ndjson')}`,
      );
      expect(text).toMatch(/(morning|hourly) run as of/);

      // The CLI works through the running process instead of failing on the locked store.
      const ingest = await los('ingest', '--file', events, '--data-dir', dataDir);
      expect(ingest.out).toBe('5 accepted, 1 already stored, 1 rejected; deadlines recomputed for 2 cases.');
      const deadlines = await los('deadlines', '--data-dir', dataDir, '--as-of', '2026-01-09', '--json');
      expect(deadlines.code).toBe(0);
      const cases = (JSON.parse(deadlines.out) as { cases: { caseId: string }[] }).cases;
      expect(cases.map((c) => c.caseId)).toEqual(expect.arrayContaining(['CASE-A', 'CASE-B', 'CASE-10001']));

      const refused = await fetch(`${serving.server.url}/store`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ port: 'events', method: 'caseIds', args: [] }),
      });
      expect(refused.status).toBe(403);

      // The board: a page load without a session goes to the local sign-in, which lists the directory.
      const home = await fetch(`${serving.board.url}/`, { redirect: 'manual' });
      expect(home.status).toBe(302);
      expect(home.headers.get('location')).toBe('/auth/login');
      const signIn = await fetch(`${serving.board.url}/auth/login`);
      expect(signIn.url).toBe(`${serving.board.url}/auth/local`);
      expect(await signIn.text()).toMatch(/<button type="submit" name="staffId" value="DIR-\d+">/);
      // Another name for the same address is refused: a rebound page sends its own.
      const rebound = await new Promise<number | undefined>((resolve, reject) =>
        httpGet(`${serving.board.url}/`, { headers: { host: 'board.evil.example' } }, (response) => {
          response.resume();
          resolve(response.statusCode);
        }).on('error', reject),
      );
      expect(rebound).toBe(403);
    } finally {
      await serving.close();
    }
  });

  it('finds the data already there on the next start', async () => {
    const log: string[] = [];
    const serving = await start(dataDir, log);
    await serving.close();
    expect(log.join('\n')).not.toContain('First start');
  });
});

/** Whether `port` can be listened on now. */
const free = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });

/**
 * A port with the next three free too, below the range the system hands out for port 0 (32768 and up
 * on Linux), so no other test's server takes one of them meanwhile.
 */
async function freePorts(): Promise<number> {
  for (let port = 20_000 + Math.floor(Math.random() * 10_000); ; port += 4) {
    if ((await free(port)) && (await free(port + 1)) && (await free(port + 2)) && (await free(port + 3)))
      return port;
  }
}

describe('npm start, stopped and started again', () => {
  it('prints the same addresses each time, from --port, and its inbox and sink still have what they received', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'los-serve-'));
    const port = await freePorts();
    const addresses = (log: string[]) =>
      log
        .flatMap((text) => text.split('\n'))
        .filter((line) =>
          /^ {2}(Email inbox|Teams cards|Board \(web\)|Ingest endpoint|Sent so far)/.test(line),
        );
    const firstLog: string[] = [];
    const first = await start(dataDir, firstLog, port);
    let messageId: string | null;
    try {
      expect(first.pipeline.ses.inboxUrl).toBe(`http://127.0.0.1:${port + 1}/`);
      expect(first.pipeline.teams.url).toBe(`http://127.0.0.1:${port + 2}`);
      expect(first.server.url).toBe(`http://127.0.0.1:${port}`);
      expect(first.board.url).toBe(`http://127.0.0.1:${port + 3}`);
      messageId = await new SesEmailSender(first.pipeline.ses.client, { from: 'los@council.example' }).send({
        to: 'sam.worker@council.example',
        subject: 'Sent before the restart',
        text: 'CASE-17',
        html: '<p>CASE-17</p>',
      });
      await new WebhookTeamsPoster(async (channel) => first.pipeline.teams.webhookUrl(channel)).post(
        'north-team',
        { type: 'message', attachments: [], note: 'posted before the restart' },
      );
    } finally {
      await first.close();
    }
    const againLog: string[] = [];
    const again = await start(dataDir, againLog, port);
    try {
      expect(addresses(againLog)).toEqual(addresses(firstLog));
      expect(addresses(againLog).join('\n')).toContain(join(dataDir, 'outbox'));
      expect((await again.pipeline.ses.sent()).map((email) => email.messageId)).toContain(messageId);
      const cards = (await (await fetch(`${again.pipeline.teams.url}/cards`)).json()) as {
        payload: unknown;
      }[];
      expect(cards.map((card) => card.payload)).toContainEqual({
        type: 'message',
        attachments: [],
        note: 'posted before the restart',
      });
    } finally {
      await again.close();
    }
  });
});

describe('npm start, when it cannot start', () => {
  it('refuses a port in use before touching the data directory, saying what to do, with exit code 2', async () => {
    const other = createServer();
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const { port } = other.address() as { port: number };
    const fresh = join(mkdtempSync(join(tmpdir(), 'los-serve-')), 'data');
    try {
      expect(await los('serve', '--port', String(port), '--data-dir', fresh, '--cases', '2')).toEqual({
        code: 2,
        out: '',
        err: `los: port ${port} is already in use (is \`npm start\` already running?); stop the other process or choose another with --port`,
      });
      expect(existsSync(fresh)).toBe(false);
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it('refuses when the inbox’s, the sink’s or the board’s port (the three after --port) is in use, naming it, before touching the data directory', async () => {
    const port = await freePorts();
    for (const [busy, what] of [
      [port + 1, 'the local SES and its inbox: --port + 1'],
      [port + 2, 'the Teams sink: --port + 2'],
      [port + 3, 'the web board: --port + 3'],
    ] as const) {
      const other = createServer();
      await new Promise<void>((resolve) => other.listen(busy, '127.0.0.1', resolve));
      const fresh = join(mkdtempSync(join(tmpdir(), 'los-serve-')), 'data');
      try {
        expect(await los('serve', '--port', String(port), '--data-dir', fresh, '--cases', '2')).toEqual({
          code: 2,
          out: '',
          err: `los: port ${busy} (${what}) is already in use (is \`npm start\` already running?); stop the other process or choose another with --port`,
        });
        expect(existsSync(fresh)).toBe(false);
      } finally {
        await new Promise((resolve) => other.close(resolve));
      }
    }
    expect(
      await los('serve', '--port', '65533', '--data-dir', join(tmpdir(), 'los-unused'), '--cases', '2'),
    ).toEqual({
      code: 2,
      out: '',
      err: 'los: --port 65533 leaves no room for the local SES, the Teams sink and the web board on the next three ports; choose 65532 or lower',
    });
  });

  it('refuses a data directory another process holds, naming both, with exit code 2', async () => {
    const held = mkdtempSync(join(tmpdir(), 'los-serve-'));
    // A live process other than this one: the one that started the tests.
    writeFileSync(join(held, 'los.lock'), String(process.ppid));
    expect(await los('serve', '--port', '0', '--data-dir', held, '--cases', '2')).toEqual({
      code: 2,
      out: '',
      err:
        `los: the data directory ${held} is in use by process ${process.ppid} (\`npm start\` or another \`los\` command); ` +
        `stop it or wait for it to finish, or choose another directory with --data-dir (if it is not Line of Sight, delete ${join(held, 'los.lock')})`,
    });
  });
});
