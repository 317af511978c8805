/**
 * msw hands a streamed answer (the model gateway's `converse-stream`) to the caller's fetch as a
 * stream: the whole event stream arrives, framed, and the call is journaled once it was read.
 */
import { setupServer } from 'msw/node';
import { createSimulator } from '../simulator.js';
import { VirtualClock } from '../core/clock.js';
import { eventTypes } from '../model/testing/event-types.js';
import { createHandlers } from './msw.js';

const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';
const sim = createSimulator({ config: { seed: 9 }, clock: new VirtualClock() });
const server = setupServer(...createHandlers(sim, { origin: 'http://sim.test' }));

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());


it('streams converse-stream through msw to the caller', async () => {
  const res = await fetch(`http://sim.test/model/${MODEL}/converse-stream`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'What is prior authorization?' }] }] }),
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/vnd.amazon.eventstream');
  const bytes = new Uint8Array(await res.arrayBuffer());
  const events = eventTypes(bytes);
  expect(events[0]).toBe('messageStart');
  expect(events.slice(-3)).toEqual(['contentBlockStop', 'messageStop', 'metadata']);
  expect(sim.journal.query().find((e) => e.system === 'model')).toMatchObject({ status: 200, responseBytes: bytes.byteLength });
});
