/**
 * The child's end of `npm start`'s time line: reads the supervisor's messages (JSON lines on the
 * stdin pipe it was started with), moves the clock onto each new time line, and confirms on
 * stdout with the line the supervisor waits for. A pipe, not an HTTP route: only the process
 * that started the child can change its clock.
 */
import { createInterface } from 'node:readline';
import { clockFollowsLine, SupervisorMessageSchema } from '../contracts/time-line.js';
import type { AdjustableClock } from '../core/adjustable-clock.js';

export function followTimeLine(clock: AdjustableClock, input: NodeJS.ReadableStream, say: (line: string) => void = (l) => console.log(l)): () => void {
  const lines = createInterface({ input });
  lines.on('line', (text) => {
    if (text.trim() === '') return;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      say('ignored a supervisor message that is not JSON');
      return;
    }
    const parsed = SupervisorMessageSchema.safeParse(raw);
    if (!parsed.success) {
      say(`ignored a supervisor message: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      return;
    }
    clock.follow(parsed.data.timeLine.anchor, parsed.data.timeLine.factor);
    say(clockFollowsLine(parsed.data.timeLine));
  });
  return () => lines.close();
}
