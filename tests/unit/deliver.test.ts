/**
 * The notifier: each line claimed before sending, only the lines won rendered and sent, every line
 * marked, failures marked and thrown for the queue to retry, and a redelivered message sending once.
 */
import { describe, expect, it } from 'vitest';
import { MemoryNoticeLedger } from '../../functions/adapters/memory/stores.ts';
import {
  type EmailSender,
  type OutgoingEmail,
  SendError,
  type TeamsPoster,
} from '../../functions/core/ports.ts';
import {
  DEFAULT_LEASE_SECONDS,
  type DeliveryContext,
  deliverNotice,
} from '../../functions/delivery/deliver.ts';
import { breach, emailNotice, noticeLine, renderSettings, teamsNotice } from '../support/notice-lines.ts';

function context(options: { failures?: SendError[] } = {}) {
  const emails: OutgoingEmail[] = [];
  const cards: { channel: string; payload: unknown }[] = [];
  const failures = [...(options.failures ?? [])];
  let clock = Date.parse('2026-11-23T07:00:00Z');
  const email: EmailSender = {
    send: async (message) => {
      const failure = failures.shift();
      if (failure) throw failure;
      emails.push(message);
      return `ses-${emails.length}`;
    },
  };
  const teams: TeamsPoster = { post: async (channel, payload) => void cards.push({ channel, payload }) };
  const ledger = new MemoryNoticeLedger();
  const delivery: DeliveryContext = {
    ledger,
    email,
    teams,
    render: renderSettings,
    now: () => (clock += 1_000),
    leaseSeconds: 300,
  };
  return { delivery, emails, cards, ledger };
}

const digest = () =>
  emailNotice([
    noticeLine(),
    breach('2026-11-19', 1, { caseId: 'CASE-1002' }),
    noticeLine({ caseId: 'CASE-1003' }),
  ]);

describe('delivering a message', () => {
  it('claims every line, sends one email, and marks each line sent with the provider’s id', async () => {
    const { delivery, emails, ledger } = context();
    const outcome = await deliverNotice(digest(), delivery);
    expect(outcome).toMatchObject({
      key: 'digest|W-101|2026-11-23',
      sent: true,
      lines: 3,
      taken: 0,
      unmarked: 0,
    });
    expect(outcome.keys).toEqual(digest().lines.map((line) => line.key));
    expect(emails.map((e) => e.to)).toEqual(['sam.example@council.example.gov.uk']);
    const trail = await ledger.noticesOf('CASE-1002');
    expect(trail.map((r) => [r.recipient, r.state, r.messageId, r.ladderStep])).toEqual([
      ['W-101', 'sent', 'ses-1', 1],
    ]);
  });

  it('sends nothing when the same message arrives again after it was sent', async () => {
    const { delivery, emails } = context();
    await deliverNotice(digest(), delivery);
    const again = await deliverNotice(digest(), delivery);
    expect(again).toMatchObject({ sent: false, lines: 0, taken: 3 });
    expect(emails).toHaveLength(1);
  });

  it('sends only the lines another message has not sent: an overlapping run adds nothing twice', async () => {
    const { delivery, emails } = context();
    await deliverNotice(emailNotice([noticeLine()]), delivery);
    const overlapping = { ...digest(), key: 'digest|W-101|2026-11-23#other-run' };
    const outcome = await deliverNotice(overlapping, delivery);
    expect(outcome).toMatchObject({ sent: true, lines: 2, taken: 1 });
    expect(emails[1]?.text).not.toContain('CASE-1001');
    expect(emails[1]?.text).toContain('CASE-1002');
  });

  it('marks the lines failed and throws when the send fails, and the retry sends them', async () => {
    const { delivery, emails, ledger } = context({
      failures: [new SendError('SES TooManyRequestsException', true)],
    });
    await expect(deliverNotice(digest(), delivery)).rejects.toThrow('TooManyRequestsException');
    expect((await ledger.noticesOf('CASE-1001')).map((r) => [r.state, r.reason])).toEqual([
      ['failed', 'SES TooManyRequestsException'],
    ]);
    expect(await deliverNotice(digest(), delivery)).toMatchObject({ sent: true, lines: 3 });
    expect(emails).toHaveLength(1);
  });

  it('after a crash between claim and send, the redelivered message claims its own lines again and sends once', async () => {
    const { delivery, emails, ledger } = context();
    const message = digest();
    // The crash: lines claimed, nothing sent, nothing marked.
    for (const line of message.lines) {
      await ledger.claim(
        {
          key: line.key,
          caseId: line.caseId,
          rule: line.rule,
          occurrence: line.occurrence,
          stageKey: line.stageKey,
          ladderStep: line.ladderStep,
          recipient: 'W-101',
          as: line.as,
          channel: 'email',
          message: message.key,
        },
        '2026-11-23T07:00:00.000Z',
        300,
      );
    }
    expect(await deliverNotice(message, delivery)).toMatchObject({ sent: true, lines: 3 });
    expect(await deliverNotice(message, delivery)).toMatchObject({ sent: false });
    expect(emails).toHaveLength(1);
  });

  it('tries again to mark a sent line rather than throw, so the message is not redelivered and sent twice', async () => {
    const { delivery, emails, ledger } = context();
    let failures = 2;
    const markSent = ledger.markSent.bind(ledger);
    ledger.markSent = async (...args) => {
      if (failures-- > 0) throw new Error('ProvisionedThroughputExceededException');
      return markSent(...args);
    };
    expect(await deliverNotice(emailNotice([noticeLine()]), delivery)).toMatchObject({
      sent: true,
      unmarked: 0,
    });
    failures = 10;
    const stuck = await deliverNotice(emailNotice([noticeLine({ caseId: 'CASE-1009' })]), delivery);
    expect(stuck).toMatchObject({ sent: true, lines: 1, unmarked: 1 });
    expect(emails).toHaveLength(2);
  });

  it('does not send again, in the next day’s digest, a line that went but could not be marked', async () => {
    const { delivery, emails, ledger } = context();
    delivery.leaseSeconds = DEFAULT_LEASE_SECONDS;
    const markSent = ledger.markSent.bind(ledger);
    ledger.markSent = async () => {
      throw new Error('ServiceUnavailable');
    };
    const today = emailNotice([noticeLine()]);
    expect(await deliverNotice(today, delivery)).toMatchObject({ sent: true, unmarked: 1 });
    ledger.markSent = markSent;
    // Monday's reminder offered again by Tuesday's digest, from the catch-up window.
    let clock = Date.parse('2026-11-24T07:00:00Z');
    delivery.now = () => (clock += 1_000);
    const tomorrow = { ...today, key: 'digest|W-101|2026-11-24', day: '2026-11-24' };
    expect(await deliverNotice(tomorrow, delivery)).toMatchObject({ sent: false, taken: 1 });
    expect(emails).toHaveLength(1);
  });

  it('posts a Teams card to the team’s channel and records the team as the recipient', async () => {
    const { delivery, cards, ledger } = context();
    const card = teamsNotice([breach('2026-11-19', 1, {}, 'team:T-NORTH')]);
    expect(await deliverNotice(card, delivery)).toMatchObject({ sent: true, lines: 1 });
    expect(cards.map((c) => c.channel)).toEqual(['north-locality']);
    expect((await ledger.noticesOf('CASE-1001')).map((r) => [r.recipient, r.channel, r.state])).toEqual([
      ['team:T-NORTH', 'teams', 'sent'],
    ]);
  });
});
