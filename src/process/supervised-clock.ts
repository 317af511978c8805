/**
 * `npm start`'s one time line, owned by the supervisor: the anchor and speed both children
 * follow. A speed change or a jump ahead (the console's clock controls) makes a new time line
 * that continues the old one, writes it down each child's stdin pipe and answers once both
 * confirm they follow it; a child (re)started later gets it on its command line. Routes:
 * `GET /supervisor/clock`, `POST /supervisor/clock/speed` `{factor}`, `POST /supervisor/clock/advance`
 * `{seconds | ms}` — the same bodies as the simulator's `/__admin/clock/…`.
 */
import express, { type Request, type Response, type Router } from 'express';
import type { z } from 'zod';
import { ClockAdvanceSchema, ClockSpeedSchema } from '../contracts/admin.js';
import { clockFollowsLine, type TimeLine } from '../contracts/time-line.js';
import { changeTimeLine, timeLineNow } from '../core/clock-resume.js';
import type { Supervisor } from './supervisor.js';

/** What became of a change in each child. */
type ChildClock = 'follows' | 'no-answer' | 'not-running';

function problem(res: Response, status: number, title: string, detail: string): void {
  res.status(status).type('application/problem+json').json({ type: 'about:blank', title, status, detail });
}

export function createSupervisedClock(o: { line: TimeLine; supervisor: Pick<Supervisor, 'send' | 'waitForLine'>; children: readonly string[]; ackTimeoutMs?: number }) {
  let line = o.line;
  let queue: Promise<unknown> = Promise.resolve();

  async function tell(name: string, next: TimeLine): Promise<ChildClock> {
    const confirmed = o.supervisor.waitForLine(name, clockFollowsLine(next), o.ackTimeoutMs ?? 30_000);
    if (!o.supervisor.send(name, { timeLine: next })) return 'not-running';
    return (await confirmed) ? 'follows' : 'no-answer';
  }

  /** Continue the time line with a new speed and/or a jump; resolves when the running children follow it. */
  function change(c: { factor?: number; advanceMs?: number }): Promise<{ line: TimeLine; children: Record<string, ChildClock> }> {
    const run = async () => {
      line = changeTimeLine(line, c);
      const next = line;
      const states = await Promise.all(o.children.map(async (name) => [name, await tell(name, next)] as const));
      return { line: next, children: Object.fromEntries(states) };
    };
    const result = queue.then(run, run);
    queue = result.catch(() => undefined);
    return result;
  }

  const state = (l: TimeLine) => ({ now: new Date(timeLineNow(l)).toISOString(), kind: l.factor === 1 ? 'real' : 'dilated', factor: l.factor, anchor: l.anchor });

  function parse<T>(schema: z.ZodType<T>, req: Request, res: Response): T | undefined {
    if (!req.is('application/json')) {
      problem(res, 415, 'Unsupported Media Type', 'clock changes must be Content-Type: application/json');
      return undefined;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(typeof req.body === 'string' ? req.body : '');
    } catch {
      problem(res, 400, 'Bad Request', 'body: not JSON');
      return undefined;
    }
    const parsed = schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    problem(res, 400, 'Bad Request', parsed.error.issues.map((i) => `${['body', ...i.path].join('.')}: ${i.message}`).join('; '));
    return undefined;
  }

  const router: Router = express.Router();
  const json = express.text({ limit: '4kb', type: () => true });
  router.get('/supervisor/clock', (_req, res) => void res.json(state(line)));
  router.post('/supervisor/clock/speed', json, async (req, res) => {
    const body = parse(ClockSpeedSchema, req, res);
    if (!body) return;
    const done = await change({ factor: body.factor });
    res.json({ ...state(done.line), children: done.children });
  });
  router.post('/supervisor/clock/advance', json, async (req, res) => {
    const body = parse(ClockAdvanceSchema, req, res);
    if (!body) return;
    const done = await change({ advanceMs: body.ms ?? (body.seconds ?? 0) * 1000 });
    res.json({ ...state(done.line), children: done.children });
  });

  return {
    router,
    change,
    /** The current time line (what a child started now is given). */
    current: (): TimeLine => line,
  };
}
