/**
 * GIVEN a fast draw, and a verifiable draw committed and then revealed, in DynamoDB Local
 * WHEN the organiser reads the draws (GET …/draws, and the draw's own answer) and anyone the results
 * THEN each draw carries the one time a page shows as when it happened, `happenedAt`, the same in both:
 *      the completion (when its winners were recorded), or, for a verifiable draw committed and not yet
 *      complete, its commitment; `drawnAt` (when it was asked for) and `completedAt` stay as they were.
 */
import { roundTime } from '../../../verify/selection';
import { person } from '../../support/people';
import { drawPost, httpEvent, jsonPost, ORGANISER, parseBody, IN_RAFFLE } from '../support/events';
import { useHandlers } from '../support/handlers';

const w = useHandlers();
const { h } = w;

const byId = (draws: Array<{ drawId: string }>, drawId: string): any => draws.find((d) => d.drawId === drawId);
const history = async () =>
  parseBody(await h.draws(httpEvent({ method: 'GET', path: `${IN_RAFFLE}/draws`, clientCertSubject: ORGANISER }))).draws;
const results = async () => parseBody(await h.results(httpEvent({ method: 'GET', path: `${IN_RAFFLE}/results` }))).draws;

describe('when a draw happened: happenedAt', () => {
  it('is the completion of a fast draw, in its answer, the history and the results alike', async () => {
    for (let i = 0; i < 4; i++) expect((await h.apply(jsonPost(`${IN_RAFFLE}/apply`, person(i, 'time')))).statusCode).toBe(201);
    const draw = parseBody(await h.draw(drawPost({ winners: 2 })));

    expect(draw.happenedAt).toBe(draw.completedAt);
    expect(draw.completedAt).toEqual(expect.any(String));
    expect(byId(await history(), draw.drawId)).toMatchObject({
      drawnAt: draw.drawnAt,
      completedAt: draw.completedAt,
      happenedAt: draw.completedAt,
    });
    expect(byId(await results(), draw.drawId)).toMatchObject({
      drawnAt: draw.drawnAt,
      completedAt: draw.completedAt,
      happenedAt: draw.completedAt,
    });
  });

  it('is the commitment of a verifiable draw until it completes, then its completion', async () => {
    w.configure({ verifiable: { marginSeconds: 3 } });
    for (let i = 0; i < 4; i++) expect((await h.apply(jsonPost(`${IN_RAFFLE}/apply`, person(i, 'vtime')))).statusCode).toBe(201);
    const request = drawPost({ mode: 'verifiable', winners: 1, prize: 'Verified prize' }, { 'idempotency-key': 'time-1' });
    const committed = parseBody(await h.draw(request));
    expect(committed).toMatchObject({ status: 'committed', completedAt: null, happenedAt: committed.verifiable.committedAt });
    expect(byId(await history(), committed.drawId).happenedAt).toBe(committed.verifiable.committedAt);
    expect(byId(await results(), committed.drawId)).toMatchObject({ status: 'committed', happenedAt: committed.verifiable.committedAt });

    w.clock.advanceTo(roundTime(committed.verifiable.round) * 1000 + 2_000);
    const revealed = parseBody(await h.draw(request));
    expect(revealed).toMatchObject({ status: 'complete', happenedAt: revealed.completedAt });
    expect(revealed.happenedAt).not.toBe(committed.happenedAt);
    expect(byId(await history(), revealed.drawId).happenedAt).toBe(revealed.completedAt);
    expect(byId(await results(), revealed.drawId)).toMatchObject({ status: 'complete', happenedAt: revealed.completedAt });
  });
});
