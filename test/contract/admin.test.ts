import { ClockStateSchema, LedgerSchema, ResetResultSchema } from '../../src/contracts/admin.js';
import { ProblemSchema } from '../../src/contracts/fhir-base.js';
import { ReviewTaskListSchema } from '../../src/contracts/review.js';
import { contractTargets, type ContractTarget } from './targets.js';

const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe.each(contractTargets().filter(([n]) => n !== 'external'))('admin API on %s', (_name, makeTarget) => {
  let target: ContractTarget;
  beforeEach(async () => {
    target = await makeTarget();
  });
  afterEach(() => target.close());

  it('reads and advances the virtual clock', async () => {
    const before = ClockStateSchema.parse(await (await target.fetch('/__admin/clock')).json());
    expect(before.kind).toBe('virtual');
    const after = ClockStateSchema.parse(await (await target.fetch('/__admin/clock/advance', json({ seconds: 3600 }))).json());
    expect(Date.parse(after.now) - Date.parse(before.now)).toBe(3600_000);
    const set = await target.fetch('/__admin/clock/set', json({ now: '2027-01-01T00:00:00Z' }));
    expect(ClockStateSchema.parse(await set.json()).now).toBe('2027-01-01T00:00:00.000Z');
  });

  it('refuses to move the clock backwards or by a malformed amount, with the field named', async () => {
    const back = await target.fetch('/__admin/clock/set', json({ now: '2000-01-01T00:00:00Z' }));
    expect(back.status).toBe(400);
    expect(ProblemSchema.parse(await back.json()).errors?.[0]?.path).toBe('body.now');
    const both = await target.fetch('/__admin/clock/advance', json({ seconds: 1, ms: 1 }));
    expect(both.status).toBe(400);
    const neg = await target.fetch('/__admin/clock/advance', json({ seconds: -5 }));
    expect(ProblemSchema.parse(await neg.json()).errors?.[0]?.path).toBe('body.seconds');
  });

  it('reset clears state built by earlier requests', async () => {
    const task = { callbackId: 'cb', executionId: 'e', letter: { subject: 's', body: 'b' }, callbackUrl: 'http://127.0.0.1:9/cb' };
    expect((await target.fetch('/review/tasks', json(task))).status).toBe(201);
    const ledger = LedgerSchema.parse(await (await target.fetch('/__admin/ledger')).json());
    expect(ledger.totals.reviewTasks).toBe(1);
    ResetResultSchema.parse(await (await target.fetch('/__admin/reset', { method: 'POST', headers: { 'content-type': 'application/json' } })).json());
    expect(LedgerSchema.parse(await (await target.fetch('/__admin/ledger')).json()).totals.reviewTasks).toBe(0);
    expect(ReviewTaskListSchema.parse(await (await target.fetch('/review/tasks')).json()).tasks).toHaveLength(0);
  });
});

describe.each(contractTargets())('bad input on %s', (_name, makeTarget) => {
  let target: ContractTarget;
  beforeEach(async () => {
    target = await makeTarget({ bodyLimitBytes: 10_000 });
  });
  afterEach(() => target.close());

  it('answers unknown paths with 404 and wrong methods with 405, as problem JSON outside /fhir', async () => {
    const missing = await target.fetch('/nowhere');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/problem\+json/);
    const wrong = await target.fetch('/review/tasks', { method: 'DELETE' });
    expect(wrong.status).toBe(405);
  });

  it('answers oversized, malformed and mistyped bodies with 413, 400 and 415', async () => {
    const big = await target.fetch('/review/tasks', json({ pad: 'x'.repeat(20_000) }));
    expect(big.status).toBe(413);
    const malformed = await target.fetch('/review/tasks', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' });
    expect(malformed.status).toBe(400);
    expect(ProblemSchema.parse(await malformed.json()).detail).toMatch(/not valid JSON/);
    const typed = await target.fetch('/review/tasks', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(typed.status).toBe(415);
    const empty = await target.fetch('/review/tasks', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '' });
    expect(empty.status).toBe(400);
  });
});
