/**
 * The real `@aws-sdk/client-bedrock-runtime` client (through the orchestrator's model client)
 * against the simulator's model gateway: Converse shapes both ways, deterministic answers from
 * the panel's ground truth, token usage and the ledger, Bedrock errors classified as transient
 * or permanent, and the agents' checks turning a flawed model into a retry or a refusal.
 */
import type { FaultRuleInput } from '../../src/contracts/faults.js';
import type { ModelConfigSchema } from '../../src/contracts/model-config.js';
import type { ModelLedger } from '../../src/contracts/model-ledger.js';
import { VirtualClock } from '../../src/core/clock.js';
import { createSimulator } from '../../src/simulator.js';
import { countInputTokens } from '../../src/model/token-count.js';
import { PermanentError, TransientError } from '../../orchestrator/clients/client-errors.js';
import { createClients } from '../../orchestrator/clients/clients.js';
import { createModelClient } from '../../orchestrator/clients/model-client.js';
import { createAgents } from '../../orchestrator/agents/agents.js';
import { askModel } from '../../orchestrator/agents/model-review.js';
import { CASE_CLOSE, CASE_OPEN, type ModelCaseInput } from '../../src/contracts/model-agents.js';
import type { z } from 'zod';

const URL_ = 'http://sim.test';

function setup(o: { seed?: number; faults?: FaultRuleInput[]; model?: z.input<typeof ModelConfigSchema> } = {}) {
  const sim = createSimulator({ config: { seed: o.seed ?? 5, faults: o.faults ?? [], ...(o.model ? { model: o.model } : {}) }, clock: new VirtualClock() });
  const fetch = (input: string, init: RequestInit) => {
    const headers = new Headers(init.headers);
    headers.set('x-request-id', 'exec-1#2');
    return sim.handle(new Request(input, { ...init, headers }));
  };
  const model = createModelClient({ baseUrl: URL_, fetch, timeoutMs: 1000 });
  const ledger = async () => (await (await sim.handle(new Request(`${URL_}/__admin/model/ledger`))).json()) as ModelLedger;
  const clients = createClients({ ehrUrl: URL_, payerUrl: URL_, reviewUrl: URL_, fetch, timeoutMs: 1000 });
  return { sim, model, ledger, clients, fetch };
}

const lumbarCase: ModelCaseInput = {
  agent: 'clinical-extraction', patientId: 'pat-lumbar-meets', procedureCode: '72148',
  chart: [{ ref: 'Condition/c1', system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'M54.50', display: 'Low back pain' }, { ref: 'Observation/o1', system: 'http://loinc.org', code: '39156-5' }],
};
const converseInput = (c: ModelCaseInput, maxTokens = 1024) => ({
  messages: [{ role: 'user' as const, content: [{ text: `${CASE_OPEN}${JSON.stringify(c)}${CASE_CLOSE}` }] }],
  inferenceConfig: { maxTokens }, requestMetadata: { agent: c.agent, attempt: '1' },
});

describe('the model gateway through the real Bedrock Runtime client', () => {
  it('answers a case with a tool use holding the chart diagnoses, usage and latency, the same way every time', async () => {
    const { model, ledger } = setup();
    const out = await model.converse(converseInput(lumbarCase));
    expect(out.stopReason).toBe('tool_use');
    const use = out.output!.message!.content!.find((b) => b.toolUse)!.toolUse!;
    expect(use).toMatchObject({ name: 'record_clinical_facts', input: { patientId: 'pat-lumbar-meets', diagnosisCodes: ['M54.50'] } });
    expect(out.usage).toEqual({ inputTokens: countInputTokens(converseInput(lumbarCase)), outputTokens: expect.any(Number), totalTokens: out.usage!.inputTokens! + out.usage!.outputTokens! });
    expect(out.metrics!.latencyMs).toBeGreaterThan(700);
    expect((await setup().model.converse(converseInput(lumbarCase))).output).toEqual(out.output);

    const l = await ledger();
    expect(l.calls).toEqual([expect.objectContaining({ executionId: 'exec-1', invocation: 2, agent: 'clinical-extraction', attempt: 1, outcome: 'completed', inputTokens: out.usage!.inputTokens })]);
    // the default profile's prices: $0.003 / 1k input, $0.015 / 1k output
    expect(l.totals.costUsd).toBeCloseTo((out.usage!.inputTokens! * 0.003 + out.usage!.outputTokens! * 0.015) / 1000, 8);
    expect(l.executions).toEqual([expect.objectContaining({ executionId: 'exec-1', calls: 1, agents: [expect.objectContaining({ agent: 'clinical-extraction', calls: 1 })] })]);
  });

  it('refuses an invalid request as ValidationException (permanent), naming the field', async () => {
    const { model, fetch } = setup();
    const err = await model.converse({ messages: [{ role: 'assistant', content: [{ text: 'hi' }] }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentError);
    expect((err as Error).message).toMatch(/ValidationException \(HTTP 400\).*messages.*must start with a user message/);
    const raw = await fetch(`${URL_}/model/anthropic.claude-3-5-sonnet-20240620-v1:0/converse`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"messages":[]}' });
    expect(raw.status).toBe(400);
    expect(raw.headers.get('x-amzn-errortype')).toMatch(/^ValidationException:/);
    expect(await raw.json()).toEqual({ message: expect.stringContaining('messages') });
  });

  it('refuses an unknown model, maxTokens over the limit and input past the context window', async () => {
    const small = { profiles: { tiny: { contextWindowTokens: 50, maxOutputTokens: 2000, timeToFirstTokenMs: 100, outputTokensPerSecond: 50, inputPricePer1k: 0.001, outputPricePer1k: 0.002 } } };
    const { fetch } = setup({ model: small });
    const tiny = createModelClient({ baseUrl: URL_, fetch, timeoutMs: 1000, modelId: 'tiny' });
    await expect(tiny.converse(converseInput(lumbarCase))).rejects.toThrow(/ValidationException.*Input is too long for requested model/);
    await expect(tiny.converse(converseInput(lumbarCase, 4096))).rejects.toThrow(/maxTokens: 4096 exceeds the model's limit of 2000/);
    const other = createModelClient({ baseUrl: URL_, fetch, timeoutMs: 1000, modelId: 'anthropic.claude-3-5-sonnet-20240620-v1:0' });
    await expect(other.converse(converseInput(lumbarCase))).rejects.toThrow(/model identifier is invalid/);
  });

  it.each([
    ['ThrottlingException', 0],
    ['ServiceUnavailableException', 0],
    ['ModelTimeoutException', 1],
    ['InternalServerException', 1],
  ] as const)('an injected %s is transient; the ledger records it as faulted', async (error, billsInput) => {
    const { model, ledger } = setup({ faults: [{ match: { system: 'model' }, schedule: { kind: 'first-n', n: 1 }, fault: { kind: 'model-error', error } }] });
    const err = await model.converse(converseInput(lumbarCase)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientError);
    expect((err as Error).message).toContain(error);
    await model.converse(converseInput(lumbarCase));
    const [faulted, completed] = (await ledger()).calls;
    expect(faulted).toMatchObject({ outcome: 'faulted', fault: error, outputTokens: 0, inputTokens: billsInput ? completed!.inputTokens : 0 });
  });

  it('a response lost after the tokens were spent is transient for the client and lost-after-spend in the ledger', async () => {
    const { model, ledger } = setup({ faults: [{ match: { system: 'model' }, schedule: { kind: 'first-n', n: 1 }, fault: { kind: 'response-lost-after-commit' } }] });
    await expect(model.converse(converseInput(lumbarCase))).rejects.toBeInstanceOf(TransientError);
    expect((await ledger()).calls[0]).toMatchObject({ outcome: 'lost-after-spend', fault: 'response-lost-after-commit', outputTokens: expect.any(Number) });
    expect((await ledger()).calls[0]!.outputTokens).toBeGreaterThan(0);
  });

  it('a truncating model is cut at maxTokens (stopReason max_tokens) and fits a larger budget', async () => {
    const { model } = setup({ model: { agents: { 'clinical-extraction': 'truncates' } } });
    const cut = await model.converse(converseInput(lumbarCase, 1024));
    expect(cut).toMatchObject({ stopReason: 'max_tokens', usage: { outputTokens: 1024 } });
    expect((await model.converse(converseInput(lumbarCase, 4096))).stopReason).toBe('tool_use');
  });
});

describe("the agents' checks of the model's answers", () => {
  const facts = async (s: ReturnType<typeof setup>) => createAgents({ ehr: s.clients.ehr }).clinicalExtraction.run({ patientId: 'pat-knee-meets', procedureCode: '27447' });

  it('accept a correct model, and refuse a hallucinated code after three attempts with the reason', async () => {
    const ok = setup();
    await expect(createAgents({ ehr: ok.clients.ehr, model: ok.model }).clinicalExtraction.run({ patientId: 'pat-knee-meets', procedureCode: '27447' })).resolves.toEqual(await facts(ok));
    const bad = setup({ model: { agents: { 'clinical-extraction': 'hallucinates-code' } } });
    const err = await createAgents({ ehr: bad.clients.ehr, model: bad.model }).clinicalExtraction.run({ patientId: 'pat-knee-meets', procedureCode: '27447' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentError);
    expect((err as Error).message).toMatch(/rejected after 3 attempts: 1\) cited code \S+, which is not in the chart/);
    expect((await bad.ledger()).calls.map((c) => c.attempt)).toEqual([1, 2, 3]);
  });

  it('ask a model that varies per attempt until its answer holds (the third)', async () => {
    const s = setup({ model: { agents: { 'clinical-extraction': 'varies-per-attempt' } } });
    const f = await facts(s);
    const codes = f.diagnoses.map((d) => d.code);
    await expect(askModel(s.model, 'clinical-extraction', { agent: 'clinical-extraction', patientId: f.patientId, procedureCode: f.procedureCode, chart: f.diagnoses.map((d) => ({ ref: `Condition/${d.id}`, system: d.system, code: d.code })) },
      (a) => (a.diagnosisCodes.join() === codes.join() ? [] : ['wrong codes']))).resolves.toMatchObject({ diagnosisCodes: codes });
    expect((await s.ledger()).calls.map((c) => c.attempt)).toEqual([1, 2, 3]);
  });

  it('refuse a model that refuses, saying so', async () => {
    const s = setup({ model: { agents: { 'medical-necessity': 'refuses' } } });
    const agents = createAgents({ ehr: s.clients.ehr, model: s.model });
    const f = await createAgents({ ehr: s.clients.ehr }).clinicalExtraction.run({ patientId: 'pat-knee-meets', procedureCode: '27447' });
    await expect(agents.medicalNecessity.run(f, '27447')).rejects.toThrow(/answered text instead of using assess_medical_necessity/);
  });
});
