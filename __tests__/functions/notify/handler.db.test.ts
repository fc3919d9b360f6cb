/**
 * GIVEN the table's real stream in DynamoDB Local, read by the local event-source mapping
 *       (local/stream.ts, with the mapping's filter), feeding the notify handler
 * WHEN entrants register, the organiser draws, voids and erases, and records arrive again
 * THEN the organiser hears of each completed draw and replacement exactly once (no personal data in
 *      it), each winner is emailed once when switched on, registrations and other changes invoke
 *      nothing, and a failed send is retried without announcing twice.
 */
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { ORGANISER_OUTBOX_ADDRESS, readOutbox } from '../../../local/outbox';
import { startStreamPoller, type StreamPoller } from '../../../local/stream';
import { DRAW_COMPLETED_PATTERN, matchesPattern } from '../../../model/stream-filter';
import { person } from '../../support/people';
import { drawPost, eraseDelete, jsonPost, parseBody, voidPost, IN_RAFFLE } from '../support/events';
import { useHandlers } from '../support/handlers';

const ADMIN_URL = 'https://admin.raffle.example.com/draw.html';
const REPLY_TO = 'prizes@raffle.example.com';

const w = useHandlers({ stream: true });
const { db, h } = w;
let poller: StreamPoller | undefined;
/** Every event the poller delivered, to deliver again. */
let delivered: DynamoDBStreamEvent[];
let failed: DynamoDBRecord[];

beforeEach(async () => {
  w.configure({ adminUrl: ADMIN_URL, mailReplyTo: REPLY_TO });
  delivered = [];
  failed = [];
  poller = await startStreamPoller({
    endpoint: db.endpoint,
    tableName: db.tableName,
    pattern: DRAW_COMPLETED_PATTERN,
    idleMs: 50,
    invoke: (event) => {
      delivered.push(event);
      return h.notify(event);
    },
    onFailure: (records) => failed.push(...records),
  });
});

afterEach(async () => {
  await poller?.stop();
  poller = undefined;
});

async function register(n: number, prefix: string): Promise<Array<ReturnType<typeof person>>> {
  const people = Array.from({ length: n }, (_, i) => person(i, prefix));
  for (const p of people) expect((await h.apply(jsonPost(`${IN_RAFFLE}/apply`, p))).statusCode).toBe(201);
  return people;
}

const organiserMessages = () => readOutbox(w.outbox).filter((m) => m.to === ORGANISER_OUTBOX_ADDRESS);
const winnerMessages = () => readOutbox(w.outbox).filter((m) => m.to !== ORGANISER_OUTBOX_ADDRESS);

describe('notify, fed by the table stream', () => {
  it('tells the organiser of a draw exactly once, with no personal data; registrations invoke nothing', async () => {
    const people = await register(6, 'n');
    await poller!.drain();
    expect(poller!.stats.invocations).toBe(0);
    expect(poller!.stats.recordsRead).toBeGreaterThanOrEqual(6);

    const draw = parseBody(await h.draw(drawPost({ winners: 2, prize: 'Grand prize' })));
    await poller!.drain();

    expect(poller!.stats.recordsDelivered).toBe(1);
    const [message, ...more] = organiserMessages();
    expect(more).toEqual([]);
    expect(message.subject).toBe('Spring raffle: Draw complete (Grand prize), 2 winners');
    expect(message.text).toContain(draw.drawId);
    expect(message.text).toContain(draw.completedAt);
    expect(message.text).toContain('Prize: Grand prize');
    expect(message.text).toContain('Winners: 2 (2 asked for), from 6 entrant(s).');
    expect(message.text).toContain(`${ADMIN_URL}?raffle=spring`);
    for (const p of people) for (const value of [p.email, p.name, p.phone]) expect(message.text).not.toContain(value);
    // Winners are emailed only when switched on.
    expect(winnerMessages()).toEqual([]);
    expect(failed).toEqual([]);
  });

  it('emails each winner once when switched on, with the reply-to address, and announces a replacement', async () => {
    w.configure({ notifyWinners: true });
    const people = await register(5, 'w');
    const draw = parseBody(await h.draw(drawPost({ winners: 2, prize: 'Bike' })));
    await poller!.drain();

    const mails = winnerMessages();
    expect(mails.map((m) => m.to).sort()).toEqual(draw.winners.map((w: { email: string }) => w.email).sort());
    for (const m of mails) {
      const winner = people.find((p) => p.email === m.to)!;
      expect(m).toMatchObject({ subject: 'You won Bike: Spring raffle', replyTo: REPLY_TO });
      expect(m.text).toContain(`Congratulations, ${winner.name}!`);
      expect(m.text).toContain('To claim your prize, reply to this email.');
    }

    // A void appends to a completed draw (no announcement); its replacement completes (one announcement, one email).
    const voided = parseBody(await h.draw(voidPost(draw.drawId, { email: draw.winners[0].email, reason: 'No reply' })));
    // Erasing a winner changes a completed draw too: nothing to announce.
    expect((await h.erase(eraseDelete(draw.winners[1].email))).statusCode).toBe(200);
    await poller!.drain();

    expect(organiserMessages().map((m) => m.subject)).toEqual([
      'Spring raffle: Draw complete (Bike), 2 winners',
      'Spring raffle: Replacement drawn (Bike), 1 winner',
    ]);
    expect(organiserMessages()[1].text).toContain(`It replaces a winner of draw ${draw.drawId} who was voided or erased.`);
    expect(winnerMessages().map((m) => m.to)).toEqual([...mails.map((m) => m.to), voided.replacement.winners[0].email]);
  });

  it('sends nothing twice when the same records are delivered again', async () => {
    w.configure({ notifyWinners: true });
    await register(4, 'r');
    await h.draw(drawPost({ winners: 3 }));
    await poller!.drain();
    const before = readOutbox(w.outbox).map((m) => [m.to, m.subject]);
    expect(before).toHaveLength(4);

    // A retried batch, a redelivery after a timeout: the very same records, twice more.
    for (const event of [...delivered, ...delivered]) expect(await h.notify(event)).toEqual({ batchItemFailures: [] });

    expect(readOutbox(w.outbox).map((m) => [m.to, m.subject])).toEqual(before);
  });

  it('reports the record whose send failed, so that the retry sends it, and only once', async () => {
    const published: string[] = [];
    let failuresLeft = 1;
    // The organiser's topic: the first publish fails as SNS would (throttled), the rest succeed.
    w.use({
      organiser: {
        notify: async (message) => {
          if (failuresLeft-- > 0) throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottledException' });
          published.push(message.subject);
          return 'sent';
        },
      },
    });
    await register(3, 's');
    const draw = parseBody(await h.draw(drawPost({ winners: 1 })));
    await poller!.drain();

    // The first invocation reported its record; the poller (as Lambda) retried it.
    expect(poller!.stats.invocations).toBe(2);
    expect(published).toEqual(['Spring raffle: Draw complete (Prize), 1 winner']);
    expect(failed).toEqual([]);
    // And a redelivery after that sends nothing more.
    const [event] = delivered;
    expect(event.Records[0].dynamodb?.NewImage?.drawId?.S).toBe(draw.drawId);
    await h.notify(event);
    expect(published).toHaveLength(1);
  });

  it('ignores records the filter would not pass', async () => {
    const registration: DynamoDBRecord = {
      eventName: 'INSERT',
      dynamodb: { SequenceNumber: '1', NewImage: { email: { S: 'a@example.com' }, status: { S: 'confirmed' } } },
    };
    expect(matchesPattern(DRAW_COMPLETED_PATTERN, registration)).toBe(false);
    expect(await h.notify({ Records: [registration] })).toEqual({ batchItemFailures: [] });
    expect(readOutbox(w.outbox)).toEqual([]);
  });
});

describe('DRAW_COMPLETED_PATTERN', () => {
  const image = (status: string, recordType = 'draw') => ({ recordType: { S: recordType }, status: { S: status } });
  it.each([
    ['a draw turning complete', { eventName: 'MODIFY', dynamodb: { OldImage: image('pending'), NewImage: image('complete') } }, true],
    [
      'a void or erasure on a complete draw',
      { eventName: 'MODIFY', dynamodb: { OldImage: image('complete'), NewImage: image('complete') } },
      false,
    ],
    ['a draw claiming a winner', { eventName: 'MODIFY', dynamodb: { OldImage: image('pending'), NewImage: image('pending') } }, false],
    ['a new draw record', { eventName: 'INSERT', dynamodb: { NewImage: image('pending') } }, false],
    ['a completed draw inserted whole', { eventName: 'INSERT', dynamodb: { NewImage: image('complete') } }, false],
    [
      "another raffle's draw turning complete",
      { eventName: 'MODIFY', dynamodb: { OldImage: image('pending', '@autumn/draw'), NewImage: image('complete', '@autumn/draw') } },
      true,
    ],
    [
      'an entry confirmed (entries go from pending to confirmed, never to complete)',
      { eventName: 'MODIFY', dynamodb: { OldImage: { status: { S: 'pending' } }, NewImage: { status: { S: 'confirmed' } } } },
      false,
    ],
    ['a draw record removed', { eventName: 'REMOVE', dynamodb: { OldImage: image('complete') } }, false],
  ])('%s: passes %p', (_what, record, passes) => {
    expect(matchesPattern(DRAW_COMPLETED_PATTERN, record)).toBe(passes);
  });
});
