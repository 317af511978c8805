import { PassThrough } from 'node:stream';
import express from 'express';
import request from 'supertest';
import { clockFollowsLine, type TimeLine } from '../contracts/time-line.js';
import { followingClock } from '../core/clock-resume.js';
import { createSupervisedClock } from './supervised-clock.js';
import { followTimeLine } from './follow-time-line.js';

/** Two children wired as the supervisor wires them: a pipe each way, each child's clock following its pipe. */
function fakeChildren(line: TimeLine, running = ['simulator', 'orchestrator']) {
  const children = new Map(running.map((name) => {
    const stdin = new PassThrough();
    const clock = followingClock(line, undefined);
    const watchers = new Set<(l: string) => void>();
    followTimeLine(clock, stdin, (l) => watchers.forEach((w) => w(l)));
    return [name, { stdin, clock, watchers }] as const;
  }));
  return {
    children,
    supervisor: {
      send: (name: string, message: unknown) => {
        const c = children.get(name);
        if (!c) return false;
        c.stdin.write(`${JSON.stringify(message)}\n`);
        return true;
      },
      waitForLine: (name: string, text: string, timeoutMs = 1000) => new Promise<boolean>((resolve) => {
        const c = children.get(name);
        if (!c) return resolve(false);
        const t = setTimeout(() => resolve(false), timeoutMs);
        c.watchers.add((l) => {
          if (l === text) {
            clearTimeout(t);
            resolve(true);
          }
        });
      }),
    },
  };
}

const line: TimeLine = { anchor: { simulated: Date.UTC(2026, 0, 5, 9), wall: Date.now() }, factor: 3600 };

describe('the supervisor\'s time line', () => {
  it('jumps and changes speed in every running child at once, and answers once they follow', async () => {
    const { children, supervisor } = fakeChildren(line);
    const clock = createSupervisedClock({ line, supervisor, children: ['simulator', 'orchestrator', 'absent'] });
    const app = express().use(clock.router);
    const before = Math.max(...[...children.values()].map((c) => c.clock.now()));
    const jump = await request(app).post('/supervisor/clock/advance').set('content-type', 'application/json').send({ seconds: 86_400 });
    expect(jump.status).toBe(200);
    expect(jump.body.children).toEqual({ simulator: 'follows', orchestrator: 'follows', absent: 'not-running' });
    for (const c of children.values()) expect(c.clock.now()).toBeGreaterThanOrEqual(before + 86_400_000);
    const speed = await request(app).post('/supervisor/clock/speed').set('content-type', 'application/json').send({ factor: 60 });
    expect(speed.body).toMatchObject({ kind: 'dilated', factor: 60 });
    for (const c of children.values()) {
      expect(c.clock.factor).toBe(60);
      expect(c.clock.followedBy).toContain('supervisor');
    }
    // a child started now is given the current line
    expect(clock.current()).toEqual({ anchor: speed.body.anchor, factor: 60 });
    expect((await request(app).get('/supervisor/clock')).body).toMatchObject({ factor: 60 });
  });

  it('refuses a bad body with the field path, a non-JSON type with 415, and ignores a malformed pipe message', async () => {
    const { supervisor } = fakeChildren(line);
    const app = express().use(createSupervisedClock({ line, supervisor, children: ['simulator'] }).router);
    const bad = await request(app).post('/supervisor/clock/speed').set('content-type', 'application/json').send({ factor: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toContain('body.factor');
    expect((await request(app).post('/supervisor/clock/advance').set('content-type', 'text/plain').send('{"seconds":1}')).status).toBe(415);
    expect((await request(app).post('/supervisor/clock/advance').set('content-type', 'application/json').send('{')).status).toBe(400);
    const said: string[] = [];
    const stdin = new PassThrough();
    const child = followingClock(line, undefined);
    followTimeLine(child, stdin, (l) => said.push(l));
    stdin.write('not json\n{"timeLine":{"anchor":{"simulated":1,"wall":1},"factor":0}}\n');
    const next = { anchor: { simulated: line.anchor.simulated + 1e9, wall: Date.now() }, factor: 2 };
    stdin.write(`${JSON.stringify({ timeLine: next })}\n`);
    await new Promise((r) => setImmediate(r));
    expect(said[0]).toContain('not JSON');
    expect(said[1]).toContain('timeLine.factor');
    expect(said[2]).toBe(clockFollowsLine(next));
    expect(child.factor).toBe(2);
  });
});
