/**
 * ConverseStream: the real AWS SDK client reads the gateway's event stream over HTTP (its
 * decoder checks both CRC-32s of every frame) and gets Converse's answer, usage and ledger row;
 * injected faults and bad input answer Bedrock errors before any event; each event leaves at its
 * instant on the simulator's clock; a client that stops reading ends the stream cleanly.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand, ThrottlingException, ValidationException, type ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import { createSimulator } from '../simulator.js';
import { VirtualClock } from '../core/clock.js';
import { eventTypes } from './testing/event-types.js';
import { clockDelay } from '../core/clock-wait.js';
import { createExpressApp } from '../adapters/express.js';
import { CASE_CLOSE, CASE_OPEN } from '../contracts/model-agents.js';
import type { ModelLedger } from '../contracts/model-ledger.js';
import type { SimulatorConfigInput } from '../contracts/config.js';
import { NodeHttpHandler } from '@smithy/node-http-handler';

const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';
const HBA1C = { id: 'hba1c-7', description: 'HbA1c >= 7 %', finding: 'unmet', evidence: [] };
const caseText = (agent: string) => `${CASE_OPEN}${JSON.stringify({ agent, patientId: 'pat-glp1-fails', procedureCode: '1991302', chart: [{ ref: 'Condition/d1', system: 'icd10', code: 'E11.9' }], checklist: [HBA1C] })}${CASE_CLOSE}`;
const input = (agent: string, text = caseText(agent)) => ({ modelId: MODEL, messages: [{ role: 'user' as const, content: [{ text }] }], requestMetadata: { agent, attempt: '1' } });

async function serve(config: SimulatorConfigInput) {
  const sim = createSimulator({ config, clock: new VirtualClock() });
  const server: Server = await new Promise((resolve) => {
    const s = createExpressApp(sim).listen(0, '127.0.0.1', () => resolve(s));
  });
  const client = new BedrockRuntimeClient({
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, region: 'us-east-1', maxAttempts: 1,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    // HTTP/1.1: the Bedrock Runtime client defaults to HTTP/2, which the simulator does not speak
    requestHandler: new NodeHttpHandler(),
  });
  const ledger = async () => (await (await sim.handle(new Request('http://sim/__admin/model/ledger'))).json()) as ModelLedger;
  return { sim, client, ledger, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** The streamed events folded back into one message, as a client would. */
async function collect(stream: AsyncIterable<ConverseStreamOutput>) {
  const kinds: string[] = [];
  const blocks: { text: string; toolUse?: { toolUseId?: string; name?: string }; input: string }[] = [];
  let stopReason: string | undefined;
  let metadata: ConverseStreamOutput.MetadataMember['metadata'] | undefined;
  for await (const event of stream) {
    const kind = Object.keys(event).find((k) => k !== '$unknown')!;
    kinds.push(kind);
    if (event.contentBlockStart) blocks[event.contentBlockStart.contentBlockIndex!] = { text: '', toolUse: event.contentBlockStart.start!.toolUse!, input: '' };
    if (event.contentBlockDelta) {
      const i = event.contentBlockDelta.contentBlockIndex!;
      const block = (blocks[i] ??= { text: '', input: '' });
      block.text += event.contentBlockDelta.delta!.text ?? '';
      block.input += event.contentBlockDelta.delta!.toolUse?.input ?? '';
    }
    if (event.messageStop) stopReason = event.messageStop.stopReason;
    if (event.metadata) metadata = event.metadata;
  }
  return { kinds, blocks, stopReason, metadata };
}

describe('model gateway: ConverseStream through the AWS SDK', () => {
  it("streams Converse's answer: the same tool call, stop reason, usage and latency, one ledger row per call", async () => {
    const a = await serve({ seed: 7 });
    const b = await serve({ seed: 7 });
    try {
      const whole = await a.client.send(new ConverseCommand(input('payer-criteria')));
      const streamed = await b.client.send(new ConverseStreamCommand(input('payer-criteria')));
      const got = await collect(streamed.stream!);
      expect(got.kinds[0]).toBe('messageStart');
      expect(got.kinds.slice(-2)).toEqual(['messageStop', 'metadata']);
      expect(got.kinds.filter((k) => k === 'contentBlockDelta').length).toBeGreaterThan(1);
      const tool = whole.output!.message!.content![0]!.toolUse!;
      expect(got.blocks).toHaveLength(1);
      expect(got.blocks[0]!.toolUse).toEqual({ toolUseId: tool.toolUseId, name: tool.name });
      expect(JSON.parse(got.blocks[0]!.input)).toEqual(tool.input);
      expect(got.stopReason).toBe(whole.stopReason);
      expect(got.metadata!.usage).toEqual(whole.usage);
      expect(got.metadata!.metrics!.latencyMs).toBe(whole.metrics!.latencyMs);
      const [wholeRow, streamedRow] = [(await a.ledger()).calls, (await b.ledger()).calls];
      expect(streamedRow).toHaveLength(1);
      expect({ ...streamedRow[0], seq: 0 }).toEqual({ ...wholeRow[0], seq: 0 });
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('streams a truncated answer as text ending in max_tokens, within the tokens asked for', async () => {
    const s = await serve({ seed: 2 });
    try {
      const out = await s.client.send(new ConverseStreamCommand({ ...input('justification-letter'), inferenceConfig: { maxTokens: 20 } }));
      const got = await collect(out.stream!);
      expect(got.stopReason).toBe('max_tokens');
      expect(got.blocks[0]!.text.length).toBeGreaterThan(0);
      expect(got.metadata!.usage!.outputTokens).toBe(20);
      expect(got.blocks[0]!.text.length).toBeLessThanOrEqual(20 * 4);
    } finally {
      await s.close();
    }
  });

  it('answers injected faults and bad input with Bedrock errors before any event, and ledgers them', async () => {
    const s = await serve({ seed: 3, faults: [{ match: { system: 'model', route: '/model' }, schedule: { kind: 'first-n', n: 1 }, fault: { kind: 'model-error', error: 'ThrottlingException' } }] });
    try {
      const throttled = await s.client.send(new ConverseStreamCommand(input('payer-criteria'))).catch((e: unknown) => e);
      expect(throttled).toBeInstanceOf(ThrottlingException);
      expect((throttled as ThrottlingException).$metadata.httpStatusCode).toBe(429);
      const invalid = await s.client.send(new ConverseStreamCommand({ ...input('payer-criteria'), inferenceConfig: { maxTokens: 10_000_000 } })).catch((e: unknown) => e);
      expect(invalid).toBeInstanceOf(ValidationException);
      expect((invalid as ValidationException).message).toMatch(/maxTokens/);
      expect((await s.ledger()).calls.map((c) => [c.outcome, c.fault])).toEqual([['faulted', 'ThrottlingException'], ['faulted', 'ValidationException']]);
    } finally {
      await s.close();
    }
  });

  it('loses a whole stream to a response-lost-after-commit fault once its tokens were spent', async () => {
    const s = await serve({ seed: 4, faults: [{ match: { system: 'model', route: '/model' }, schedule: { kind: 'first-n', n: 1 }, fault: { kind: 'response-lost-after-commit' } }] });
    try {
      const lost = await s.client.send(new ConverseStreamCommand(input('payer-criteria'))).then(async (out) => collect(out.stream!)).catch((e: unknown) => e);
      expect(lost).toBeInstanceOf(Error);
      const again = await collect((await s.client.send(new ConverseStreamCommand(input('payer-criteria')))).stream!);
      expect(again.stopReason).toBe('tool_use');
      const calls = (await s.ledger()).calls;
      expect(calls.map((c) => [c.outcome, c.fault])).toEqual([['lost-after-spend', 'response-lost-after-commit'], ['completed', undefined]]);
      expect(calls[0]!.outputTokens).toBe(calls[1]!.outputTokens);
    } finally {
      await s.close();
    }
  });
});

describe('model gateway: ConverseStream on the simulator clock', () => {
  const streamingSim = () => {
    const clock = new VirtualClock();
    const sim = createSimulator({ config: { seed: 5 }, clock });
    const call = () => sim.dispatch(new Request(`http://sim/model/${MODEL}/converse-stream`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'e#1' },
      body: JSON.stringify({ messages: input('payer-criteria').messages, requestMetadata: { agent: 'payer-criteria', attempt: '1' } }),
    }), { clockWait: (ms) => clockDelay(clock, ms) });
    return { sim, clock, call };
  };
  /** Reads the stream in the background; `settle()` lets everything already released arrive. */
  const pump = (body: ReadableStream<Uint8Array>) => {
    const got: Uint8Array[] = [];
    const state = { done: false };
    const reader = body.getReader();
    void (async () => {
      for (let r = await reader.read(); !r.done; r = await reader.read()) got.push(r.value);
      state.done = true;
    })();
    const settle = async () => {
      for (let i = 0; i < 20; i++) await new Promise<void>((r) => setImmediate(r));
    };
    return { got, state, settle, events: () => eventTypes(new Uint8Array(Buffer.concat(got))), bytes: () => got.reduce((n, g) => n + g.byteLength, 0) };
  };

  it('sends the first event after the time to first token and the last after the whole latency', async () => {
    const { sim, clock, call } = streamingSim();
    const t0 = clock.now();
    const { response } = await call();
    expect(response.headers.get('content-type')).toBe('application/vnd.amazon.eventstream');
    const ledger = (await (await sim.handle(new Request('http://sim/__admin/model/ledger'))).json()) as ModelLedger;
    const latencyMs = ledger.calls[0]!.latencyMs;
    const firstTokenMs = sim.config.model.profiles[MODEL]!.timeToFirstTokenMs;
    expect(latencyMs).toBeGreaterThan(firstTokenMs);

    const stream = pump(response.body!);
    await stream.settle();
    expect(stream.got).toHaveLength(0);
    await clock.advance(firstTokenMs - 1);
    await stream.settle();
    expect(stream.got).toHaveLength(0);
    // prompt processing adds a few ms to the time to first token: move until something arrives
    let waited = firstTokenMs - 1;
    while (stream.got.length === 0 && waited < latencyMs) {
      await clock.advance(1);
      waited += 1;
      await stream.settle();
    }
    expect(stream.events()[0]).toBe('messageStart');
    expect(waited).toBeLessThan(latencyMs);
    await clock.advance(latencyMs - waited - 1);
    await stream.settle();
    expect(stream.events()).toContain('contentBlockDelta');
    expect(stream.events()).not.toContain('metadata');
    expect(stream.state.done).toBe(false);
    await clock.advance(1);
    await stream.settle();
    expect(stream.state.done).toBe(true);
    expect(stream.events().slice(-2)).toEqual(['messageStop', 'metadata']);
    const entry = sim.journal.query().find((e) => e.system === 'model')!;
    expect([Date.parse(entry.at), entry.durationMs, entry.responseBytes]).toEqual([t0, latencyMs, stream.bytes()]);
  });

  it('stops producing when the reader cancels, and journals the call then', async () => {
    const { sim, clock, call } = streamingSim();
    const { response } = await call();
    const reader = response.body!.getReader();
    const firstTokenMs = sim.config.model.profiles[MODEL]!.timeToFirstTokenMs;
    await clock.advance(firstTokenMs + 50);
    const first = await reader.read();
    expect(first.done).toBe(false);
    expect(sim.journal.query().some((e) => e.system === 'model')).toBe(false);
    await reader.cancel();
    const entry = sim.journal.query().find((e) => e.system === 'model')!;
    expect(entry.responseBytes).toBeGreaterThanOrEqual(first.value!.byteLength);
    expect(entry.durationMs).toBe(firstTokenMs + 50);
    await clock.advance(60_000);
    expect(clock.pendingTimers()).toBe(0);
  });
});
