import { createSimulator, type Simulator } from '../simulator.js';
import { VirtualClock } from '../core/clock.js';
import { ReviewDecisionSchema, ReviewTaskSchema, ReviewTaskListSchema } from '../contracts/review.js';
import { ProblemSchema } from '../contracts/fhir-base.js';
import type { SimulatorConfigInput } from '../contracts/config.js';
import { startHttpReceiver, type HttpReceiver } from '../../test/support/http-receiver.js';

const BASE = 'http://sim.test';
let receiver: HttpReceiver;

beforeEach(async () => {
  receiver = await startHttpReceiver();
});
afterEach(() => receiver.close());

function setup(review: SimulatorConfigInput['review'] = {}) {
  const clock = new VirtualClock();
  const sim = createSimulator({ config: { seed: 1, review }, clock });
  return { sim, clock };
}

const post = (sim: Simulator, path: string, body: unknown, contentType = 'application/json') =>
  sim.handle(new Request(BASE + path, { method: 'POST', headers: { 'content-type': contentType }, body: typeof body === 'string' ? body : JSON.stringify(body) }));

const taskInput = (callbackId = 'cb-1') => ({
  callbackId,
  executionId: 'exec-1',
  letter: { subject: 'Lumbar MRI for Jane Doe', body: 'Six weeks of physical therapy failed.', procedureCode: '72148' },
  callbackUrl: `${receiver.url}/callbacks/${callbackId}/succeed`,
});

describe('review system', () => {
  it('creates a task, lists it as pending, and delivers a person\'s decision to the callback URL', async () => {
    const { sim } = setup();
    const created = await post(sim, '/review/tasks', taskInput());
    expect(created.status).toBe(201);
    const task = ReviewTaskSchema.parse(await created.json());
    expect(task.status).toBe('pending');

    const list = ReviewTaskListSchema.parse(await (await sim.handle(new Request(`${BASE}/review/tasks?status=pending`))).json());
    expect(list.tasks.map((t) => t.id)).toEqual([task.id]);

    const decided = await post(sim, `/review/tasks/${task.id}/decision`, { approved: false, reason: 'No PT notes', reviewer: 'Dr. A' });
    expect(decided.status).toBe(200);
    expect(ReviewTaskSchema.parse(await decided.json()).status).toBe('delivered');
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.url).toBe('/callbacks/cb-1/succeed');
    const delivered = ReviewDecisionSchema.parse(JSON.parse(receiver.received[0]!.body));
    expect(delivered).toMatchObject({ approved: false, reason: 'No PT notes', callbackId: 'cb-1', executionId: 'exec-1' });
    expect(sim.ledger.get('exec-1')?.reviewTasks).toBe(1);
  });

  it('deduplicates a task created twice for one callback id', async () => {
    const { sim } = setup();
    const a = await post(sim, '/review/tasks', taskInput());
    const b = await post(sim, '/review/tasks', taskInput());
    expect(a.status).toBe(201);
    expect(b.status).toBe(200);
    expect((await b.json()).id).toBe((await a.json()).id);
    expect(sim.ledger.get('exec-1')?.reviewTasks).toBe(1);
  });

  it('refuses a second decision with 409 and does not deliver again', async () => {
    const { sim } = setup();
    const task = await (await post(sim, '/review/tasks', taskInput())).json();
    await post(sim, `/review/tasks/${task.id}/decision`, { approved: true, reviewer: 'Dr. A' });
    const again = await post(sim, `/review/tasks/${task.id}/decision`, { approved: false, reason: 'changed my mind', reviewer: 'Dr. A' });
    expect(again.status).toBe(409);
    expect(receiver.received).toHaveLength(1);
  });

  it('approves automatically after the configured delay on the clock', async () => {
    const { sim, clock } = setup({ behaviour: 'approve', delaySeconds: 3600 });
    await post(sim, '/review/tasks', taskInput());
    await clock.advance(3599_000);
    expect(receiver.received).toHaveLength(0);
    await clock.advance(1000);
    expect(receiver.received).toHaveLength(1);
    expect(JSON.parse(receiver.received[0]!.body).approved).toBe(true);
  });

  it('rejects automatically with the configured reason', async () => {
    const { sim, clock } = setup({ behaviour: 'reject', delaySeconds: 60, reason: 'Missing imaging' });
    await post(sim, '/review/tasks', taskInput());
    await clock.advance(60_000);
    expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({ approved: false, reason: 'Missing imaging' });
  });

  it('never answers, answers late, or answers twice when so configured', async () => {
    const never = setup({ behaviour: 'never' });
    await post(never.sim, '/review/tasks', taskInput('cb-never'));
    await never.clock.advance(30 * 24 * 3600_000);
    expect(receiver.received).toHaveLength(0);

    const twice = setup({ behaviour: 'approve-twice', delaySeconds: 10, repeatAfterSeconds: 5 });
    await post(twice.sim, '/review/tasks', taskInput('cb-twice'));
    await twice.clock.advance(15_000);
    expect(receiver.received.map((r) => r.url)).toEqual(['/callbacks/cb-twice/succeed', '/callbacks/cb-twice/succeed']);

    const late = setup({ behaviour: 'approve-late', lateSeconds: 8 * 24 * 3600 });
    await post(late.sim, '/review/tasks', taskInput('cb-late'));
    await late.clock.advance(7 * 24 * 3600_000);
    expect(receiver.received).toHaveLength(2);
    await late.clock.advance(24 * 3600_000);
    expect(receiver.received).toHaveLength(3);
  });

  it('retries delivery on 5xx with backoff on the clock, and stops on a 4xx', async () => {
    const { sim, clock } = setup({ behaviour: 'approve', delaySeconds: 0, deliveryBackoffSeconds: 30 });
    receiver.respondWith.push(503, 502);
    const task = await (await post(sim, '/review/tasks', taskInput())).json();
    await clock.advance(0);
    expect(receiver.received).toHaveLength(1);
    await clock.advance(30_000);
    expect(receiver.received).toHaveLength(2);
    await clock.advance(60_000);
    expect(receiver.received).toHaveLength(3);
    const after = ReviewTaskSchema.parse(await (await sim.handle(new Request(`${BASE}/review/tasks/${task.id}`))).json());
    expect(after.status).toBe('delivered');
    expect(after.deliveries.map((d) => d.status)).toEqual([503, 502, 200]);

    const second = setup({ behaviour: 'approve', delaySeconds: 0 });
    receiver.respondWith.push(400); // the runtime's answer for a callback already completed (AWS's CallbackTimeoutException)
    const t2 = await (await post(second.sim, '/review/tasks', taskInput('cb-closed'))).json();
    await second.clock.advance(3600_000);
    const after2 = await (await second.sim.handle(new Request(`${BASE}/review/tasks/${t2.id}`))).json();
    expect(after2.status).toBe('delivery-failed');
    expect(after2.deliveries).toHaveLength(1);
  });

  it.each([
    ['missing callbackUrl', { ...taskInputStatic(), callbackUrl: undefined }, 'body.callbackUrl'],
    ['non-http callbackUrl', { ...taskInputStatic(), callbackUrl: 'ftp://x/y' }, 'body.callbackUrl'],
    ['empty letter body', { ...taskInputStatic(), letter: { subject: 's', body: '' } }, 'body.letter.body'],
  ])('rejects a task with %s as 400 problem JSON naming the field', async (_name, body, path) => {
    const { sim } = setup();
    const res = await post(sim, '/review/tasks', body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const problem = ProblemSchema.parse(await res.json());
    expect(problem.errors?.map((e) => e.path)).toContain(path);
    expect(ReviewTaskListSchema.parse(await (await sim.handle(new Request(`${BASE}/review/tasks`))).json()).tasks).toHaveLength(0);
  });

  it('answers bad input with 4xx, never 500', async () => {
    const { sim } = setup();
    expect((await post(sim, '/review/tasks', '{not json')).status).toBe(400);
    expect((await post(sim, '/review/tasks', 'x', 'text/plain')).status).toBe(415);
    expect((await sim.handle(new Request(`${BASE}/review/tasks/nope`))).status).toBe(404);
    expect((await post(sim, '/review/tasks/nope/decision', { approved: true, reviewer: 'x' })).status).toBe(404);
    expect((await sim.handle(new Request(`${BASE}/review/tasks?status=weird`))).status).toBe(400);
    const task = await (await post(sim, '/review/tasks', taskInput())).json();
    const noReason = await post(sim, `/review/tasks/${task.id}/decision`, { approved: false, reviewer: 'x' });
    expect(noReason.status).toBe(400);
    expect(ProblemSchema.parse(await noReason.json()).errors?.[0]?.path).toBe('body.reason');
  });
});

function taskInputStatic() {
  return { callbackId: 'cb-x', executionId: 'exec-x', letter: { subject: 's', body: 'b' }, callbackUrl: 'http://127.0.0.1:9/cb' };
}
