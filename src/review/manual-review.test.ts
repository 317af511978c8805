import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSimulator, type Simulator } from '../simulator.js';
import { VirtualClock } from '../core/clock.js';
import { openStateStore } from '../core/store/open-state-store.js';

const BASE = 'http://sim.test';
const DAY = 86_400_000;
const automatic = { seed: 1, review: { behaviour: 'approve' as const, delaySeconds: 3600 } };

const createTask = (sim: Simulator, callbackId: string) => sim.handle(new Request(`${BASE}/review/tasks`, {
  method: 'POST', headers: { 'content-type': 'application/json' },
  // nothing listens on port 9: a delivery would fail, but the decision is recorded first
  body: JSON.stringify({ callbackId, executionId: `exec-${callbackId}`, letter: { subject: 'Lumbar MRI', body: 'PT failed.', procedureCode: '72148' }, callbackUrl: `http://127.0.0.1:9/callbacks/${callbackId}/succeed` }),
}));
const statuses = async (sim: Simulator) => ((await (await sim.handle(new Request(`${BASE}/review/tasks`))).json()) as { tasks: { status: string }[] }).tasks.map((t) => t.status);

describe('manualReview (serve --manual-review, npm start -- --manual-review)', () => {
  it('leaves review tasks to a person whatever reviewer the configuration names', async () => {
    const clock = new VirtualClock();
    const manual = createSimulator({ config: automatic, clock, manualReview: true });
    const autoClock = new VirtualClock();
    const auto = createSimulator({ config: automatic, clock: autoClock });
    for (const sim of [manual, auto]) expect((await createTask(sim, 'cb-1')).status).toBe(201);
    await clock.advance(DAY);
    await autoClock.advance(DAY);
    expect(await statuses(manual)).toEqual(['pending']);
    expect(await statuses(auto)).not.toEqual(['pending']);
    manual.close();
    auto.close();
  });

  it('is a setting of the process: a resumed store keeps its configured reviewer, and the flag overrides it only while given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'manual-review-'));
    try {
      const first = createSimulator({ config: automatic, clock: new VirtualClock(), store: await openStateStore(dir), manualReview: true });
      expect((await createTask(first, 'cb-1')).status).toBe(201);
      first.close();
      // resumed with the flag a day later: still pending
      const clock2 = new VirtualClock();
      const second = createSimulator({ config: automatic, clock: clock2, store: await openStateStore(dir), manualReview: true });
      await clock2.advance(DAY);
      expect(await statuses(second)).toEqual(['pending']);
      expect(second.config.review.behaviour).toBe('approve');
      second.close();
      // resumed without it: the configured physician decides the waiting task
      const clock3 = new VirtualClock();
      const third = createSimulator({ config: automatic, clock: clock3, store: await openStateStore(dir) });
      await clock3.advance(DAY);
      expect(await statuses(third)).not.toEqual(['pending']);
      third.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a resumed store and the server\'s own settings', () => {
  it('applies the admin token given now, not the one (or none) stored with the state', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'admin-resume-'));
    try {
      const first = createSimulator({ config: { seed: 1 }, clock: new VirtualClock(), store: await openStateStore(dir) });
      expect((await first.handle(new Request(`${BASE}/__admin/clock`))).status).toBe(200);
      first.close();
      const token = 'a-new-admin-token-0123';
      const second = createSimulator({ config: { seed: 1, admin: { token } }, clock: new VirtualClock(), store: await openStateStore(dir) });
      expect(second.resumed).toBe(true);
      expect((await second.handle(new Request(`${BASE}/__admin/clock`))).status).toBe(401);
      expect((await second.handle(new Request(`${BASE}/__admin/clock`, { headers: { authorization: `Bearer ${token}` } }))).status).toBe(200);
      second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
