/**
 * The model gateway: a fifth simulated system shaped like Amazon Bedrock Runtime `Converse`
 * (`POST /model/{modelId}/converse`, and `converse-stream`: the same answer as timed events,
 * converse-stream.ts), answering the orchestrator's agent prompts from the
 * synthetic panel's ground truth (model-answers.ts), counting tokens (token-count.ts), pricing
 * them per model profile and recording every call in the token ledger
 * (`GET /__admin/model/ledger`). Faults: `model-error` rules answer Bedrock errors; an
 * after-fault on a model route (the response lost or mangled after the tokens were spent) is
 * recorded as `lost-after-spend`. An answer (or a model timeout) arrives after its simulated
 * latency on the simulator's clock when the transport waits (clock-wait.ts).
 */
import type { SystemFactory } from '../core/engine.js';
import { jsonResponse } from '../core/operation-outcome.js';
import type { SimRequest } from '../core/router.js';
import { streamedResponse } from '../core/streamed-body.js';
import { converseStreamEvents, EVENT_STREAM, pacedStream } from './converse-stream.js';
import { handlerFaultsOf } from '../core/faults/handler-faults.js';
import { Rng, forkSeed } from '../core/rng.js';
import { CASE_OPEN, parseCase } from '../contracts/model-agents.js';
import { ConverseRequestSchema, type ConverseRequest, type ConverseResponse, type ModelErrorName } from '../contracts/model-converse.js';
import { ModelAgentSchema, type ModelProfile } from '../contracts/model-config.js';
import type { ModelCall, ModelCallOutcome } from '../contracts/model-ledger.js';
import { answerCase, type ModelAnswer } from './model-answers.js';
import { FAULT_MESSAGES, modelErrorResponse } from './bedrock-error.js';
import { countInputTokens, countTokens } from './token-count.js';
import { waitBeforeAnswer } from '../core/clock-wait.js';
import { ModelLedgerStore, round } from './model-ledger-store.js';

/** Prompt processing speed of every profile (input tokens per second): small beside generation. */
const PREFILL_TOKENS_PER_SECOND = 5000;
/** A Converse call without `inferenceConfig.maxTokens` may write this much (or the profile's limit, if lower). */
const DEFAULT_MAX_TOKENS = 4096;
/** After-faults that leave the client without the answer it paid for. */
const LOST_AFTER = new Set(['response-lost-after-commit', 'truncated-body', 'malformed-json', 'wrong-content-type', 'empty-200']);
/** Errors answered before the model read the prompt: nothing spent. */
const BEFORE_MODEL = new Set<ModelErrorName>(['ThrottlingException', 'ServiceUnavailableException', 'ModelNotReadyException']);

const NOT_A_CASE = `I can only answer the prior-auth-sim agents' prompts: a user message holding a ${CASE_OPEN}…</case> JSON document.`;

/** `<execution>#<invocation>` from the orchestrator's x-request-id. */
function attribution(header: string | null): { executionId: string; invocation: number | null } {
  if (!header) return { executionId: 'unattributed', invocation: null };
  const at = header.lastIndexOf('#');
  const invocation = at < 0 ? NaN : Number(header.slice(at + 1));
  return Number.isInteger(invocation) ? { executionId: header.slice(0, at), invocation } : { executionId: header.slice(0, 256), invocation: null };
}

function validationMessage(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  const shown = issues.slice(0, 5).map((i) => `${i.path.map(String).join('.') || '(body)'}: ${i.message}`);
  return `${issues.length} validation error${issues.length === 1 ? '' : 's'} detected: ${shown.join('; ')}`;
}

function lastUserText(request: ConverseRequest): string {
  const last = [...request.messages].reverse().find((m) => m.role === 'user');
  return (last?.content ?? []).map((b) => b.text ?? '').join('\n');
}

export const createModelGateway: SystemFactory = (ctx) => {
  const cfg = ctx.config.model;
  const ledger = new ModelLedgerStore(ctx.store, cfg.ledgerCapacity);
  let requests = 0;
  const requestIdPrefix = `sim-${forkSeed(ctx.config.seed, 'model.request-ids').toString(16)}-`;

  const cost = (p: ModelProfile, input: number, output: number) => round((input * p.inputPricePer1k + output * p.outputPricePer1k) / 1000);

  return {
    name: 'model',
    routes: [
      { method: 'POST', path: '/model/:modelId/converse', handler: (req) => converse(req, false) },
      { method: 'POST', path: '/model/:modelId/converse-stream', handler: (req) => converse(req, true) },
      {
        method: 'GET',
        path: '/__admin/model/ledger',
        handler: (req) => jsonResponse(ledger.view(req.query.get('execution') ?? undefined)),
      },
    ],
  };

  /** Converse, or ConverseStream with `stream`: the same checks, faults, answer, tokens and ledger row. */
  async function converse(req: SimRequest, stream: boolean): Promise<Response> {
    const requestId = `${requestIdPrefix}${++requests}`;
    const modelId = req.params.modelId!;
    const profile = cfg.profiles[modelId];
    const who = { at: new Date(ctx.clock.now()).toISOString(), modelId, ...attribution(req.request.headers.get('x-request-id')), agent: null, attempt: null };
    // every call is in the ledger, refused ones too (nothing spent): one ledger row per answered call
    const refuse = (message: string) => {
      ledger.record({ ...who, inputTokens: 0, outputTokens: 0, costUsd: 0, latencyMs: 0, outcome: 'faulted', fault: 'ValidationException' });
      return modelErrorResponse('ValidationException', message, requestId);
    };
    if (!profile) return refuse(`The provided model identifier is invalid: ${modelId.slice(0, 128)}`);
    const type = (req.request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') return refuse(`content-type must be application/json, got "${type || '(none)'}"`);
    let body: unknown;
    try {
      body = JSON.parse(await req.text());
    } catch (e) {
      return refuse(`the request body is not valid JSON: ${(e as Error).message}`);
    }
    const parsed = ConverseRequestSchema.safeParse(body);
    if (!parsed.success) return refuse(validationMessage(parsed.error.issues));
    const request = parsed.data;
    const maxTokens = request.inferenceConfig?.maxTokens ?? Math.min(DEFAULT_MAX_TOKENS, profile.maxOutputTokens);
    if (maxTokens > profile.maxOutputTokens) return refuse(`inferenceConfig.maxTokens: ${maxTokens} exceeds the model's limit of ${profile.maxOutputTokens}`);
    const inputTokens = countInputTokens(request);
    if (inputTokens > profile.contextWindowTokens) return refuse(`Input is too long for requested model: ${inputTokens} input tokens, the context window holds ${profile.contextWindowTokens}`);
    const fail = (name: ModelErrorName, message: string) => modelErrorResponse(name, message, requestId);

    const meta = request.requestMetadata ?? {};
    const agent = ModelAgentSchema.safeParse(meta.agent);
    const attempt = Number(meta.attempt);
    const base = { ...who, agent: agent.success ? agent.data : null, attempt: Number.isInteger(attempt) && attempt > 0 ? attempt : null };
    const record = (c: Omit<ModelCall, 'seq' | keyof typeof base>) => ledger.record({ ...base, ...c });

    const injected = handlerFaultsOf(req.request, 'model-error')[0];
    if (injected) {
      const name = injected.fault.error;
      const spent = BEFORE_MODEL.has(name) ? 0 : inputTokens;
      // a timeout answers when the profile gives up; every other error at once
      const waited = name === 'ModelTimeoutException' ? Math.round(profile.timeoutMs) : 0;
      await waitBeforeAnswer(req.request, waited);
      record({ inputTokens: spent, outputTokens: 0, costUsd: cost(profile, spent, 0), latencyMs: waited, outcome: 'faulted', fault: name });
      return fail(name, FAULT_MESSAGES[name]);
    }

    const theCase = parseCase(lastUserText(request));
    // seed + request → answer: the stream is named by the request's own content
    const prompt = JSON.stringify(request.messages);
    const rng = new Rng(forkSeed(ctx.config.seed, `model.answer/${prompt}/${meta.attempt ?? ''}`));
    const order = new Rng(forkSeed(ctx.config.seed, `model.flaws/${prompt}`));
    const answer: ModelAnswer = theCase ? answerCase(theCase, cfg.agents[theCase.agent], base.attempt ?? 1, rng, order) : { kind: 'text', text: NOT_A_CASE };
    const full = answer.kind === 'tool' ? JSON.stringify(answer.input) : answer.text;
    const wanted = countTokens(full);
    const truncated = wanted > maxTokens;
    const outputTokens = truncated ? maxTokens : wanted;
    const latencyMs = Math.round(profile.timeToFirstTokenMs + (inputTokens / PREFILL_TOKENS_PER_SECOND) * 1000 + (outputTokens / profile.outputTokensPerSecond) * 1000);
    if (latencyMs > profile.timeoutMs) {
      await waitBeforeAnswer(req.request, Math.round(profile.timeoutMs));
      record({ inputTokens, outputTokens: 0, costUsd: cost(profile, inputTokens, 0), latencyMs: Math.round(profile.timeoutMs), outcome: 'faulted', fault: 'ModelTimeoutException' });
      return fail('ModelTimeoutException', FAULT_MESSAGES.ModelTimeoutException);
    }
    const content = truncated
      ? [{ text: full.slice(0, maxTokens * 4) }]
      : answer.kind === 'tool' ? [{ toolUse: { toolUseId: `tooluse_${rng.fork('id').uint32().toString(36)}`, name: answer.name, input: answer.input } }] : [{ text: answer.text }];
    const stopReason = truncated ? 'max_tokens' : answer.kind === 'tool' ? 'tool_use' : 'end_turn';
    const lost = handlerFaultsOf(req.request).find((f) => LOST_AFTER.has(f.fault.kind));
    const outcome: ModelCallOutcome = lost ? 'lost-after-spend' : 'completed';
    const usage = { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
    const row = { inputTokens, outputTokens, costUsd: cost(profile, inputTokens, outputTokens), latencyMs, outcome, stopReason, ...(lost ? { fault: lost.fault.kind } : {}) };
    if (stream) {
      // the model has begun: its whole answer will be generated and paid for, however far the client reads
      record(row);
      const firstTokenMs = profile.timeToFirstTokenMs + (inputTokens / PREFILL_TOKENS_PER_SECOND) * 1000;
      const events = converseStreamEvents({ content, stopReason, usage, latencyMs, firstTokenMs, tokensPerSecond: profile.outputTokensPerSecond });
      const clock = { start: ctx.clock.now(), now: () => ctx.clock.now(), wait: (ms: number) => waitBeforeAnswer(req.request, ms) };
      return streamedResponse(pacedStream(events, clock), {
        status: 200, headers: { 'content-type': EVENT_STREAM, 'x-amzn-requestid': requestId },
      });
    }
    // the answer arrives after its latency on the simulator's clock (when the transport waits);
    // recorded then, so the ledger lists calls in the order they were answered, as the journal does
    await waitBeforeAnswer(req.request, latencyMs);
    record(row);
    const response: ConverseResponse = { output: { message: { role: 'assistant', content } }, stopReason, usage, metrics: { latencyMs } };
    return jsonResponse(response, 200, { 'x-amzn-requestid': requestId });
  }
};
