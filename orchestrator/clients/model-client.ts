/**
 * The orchestrator's model client: the real `@aws-sdk/client-bedrock-runtime`
 * `BedrockRuntimeClient`, pointed at the simulator's model gateway (endpoint override, a test
 * API key or static test credentials) and sending through the orchestrator's own fetch, so calls carry its
 * `x-request-id` and the in-process transport works. The SDK's own retries are off
 * (`maxAttempts: 1`): the durable step's retry strategy owns retries, with backoff on the
 * runtime's clock, and every retry is a checkpointed attempt. Failures are classified here,
 * like every other client's: throttling, timeouts, 5xx and unreadable responses are transient;
 * validation and access errors are permanent.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { BedrockRuntimeClient, ConverseCommand, type ConverseCommandInput, type ConverseCommandOutput } from '@aws-sdk/client-bedrock-runtime';
import { PermanentError, TransientError } from './client-errors.js';
import type { FetchLike } from './http-client.js';
import { trimTrailingSlashes } from '../../src/contracts/trim-trailing-slashes.js';

export const DEFAULT_MODEL_ID = 'anthropic.claude-3-5-sonnet-20240620-v1:0';

export interface ModelClientConfig {
  /** The simulator's base URL (or a real Bedrock Runtime endpoint's). */
  readonly baseUrl: string;
  readonly fetch: FetchLike;
  readonly timeoutMs: number;
  readonly modelId?: string;
  readonly region?: string;
  /** SigV4 credentials; default: a test API key sent as a bearer token (the simulator checks neither). */
  readonly credentials?: { accessKeyId: string; secretAccessKey: string };
}

export type ConverseInput = Omit<ConverseCommandInput, 'modelId'>;

export interface ModelClient {
  readonly modelId: string;
  converse(input: ConverseInput): Promise<ConverseCommandOutput>;
  /**
   * Resolves once the SDK client has made one call end to end without the network: the SDK
   * resolves its configuration (shared config files, user agent) lazily, on real I/O, at its
   * first call. A harness that replays by seed awaits this before it starts a run, so that
   * I/O never races the durable SDK's checkpoint batching inside a run.
   */
  readonly ready: Promise<void>;
}

/** Set by the transport itself. */
const DROPPED_HEADERS = new Set(['host', 'content-length']);

const TRANSIENT = new Set(['ThrottlingException', 'ServiceUnavailableException', 'ModelTimeoutException', 'ModelNotReadyException', 'InternalServerException', 'ModelStreamErrorException']);

interface SmithyRequest {
  method: string;
  protocol: string;
  hostname: string;
  port?: number;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}

/** The fetch (and timeout) of the call in progress: the orchestrator's, which the shared SDK client carries it over. */
const carrier = new AsyncLocalStorage<{ fetch: FetchLike; timeoutMs: number }>();

/**
 * A smithy HttpHandler over a fetch-like function: the SDK signs and serializes, `fetch`
 * carries. The fetch comes with each call, in async context (`carrier`), so one SDK client serves
 * every orchestrator of the process that shares its endpoint (chaos runs build hundreds), and
 * `send` gets no per-call options: the client then resolves its middleware stack once
 * (`cacheMiddleware`), not on every call.
 */
const fetchHandler = {
  async handle(request: SmithyRequest) {
    const options = carrier.getStore()!;
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(request.query ?? {})) for (const one of Array.isArray(v) ? v : v === null ? [] : [v]) query.append(k, one);
    const qs = query.toString();
    const url = `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ''}${request.path}${qs ? `?${qs}` : ''}`;
    // a plain record: the orchestrator's fetch builds the one Headers object the request needs
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(request.headers)) if (!DROPPED_HEADERS.has(k.toLowerCase())) headers[k] = v;
    const res = await options.fetch(url, { method: request.method, headers, body: request.body as string | undefined, signal: AbortSignal.timeout(options.timeoutMs) });
    const body = new Uint8Array(await res.arrayBuffer());
    const out: Record<string, string> = {};
    res.headers.forEach((v, k) => {
      out[k] = v;
    });
    return { response: { statusCode: res.status, reason: res.statusText, headers: out, body } };
  },
  updateHttpClientConfig() {},
  httpHandlerConfigs: () => ({}),
  destroy() {},
};

const shared = new Map<string, { client: BedrockRuntimeClient; ready: Promise<void> }>();

/** An answer for the warm-up call that never leaves the process. */
const warmUpFetch: FetchLike = async () => new Response(JSON.stringify({
  output: { message: { role: 'assistant', content: [{ text: '' }] } }, stopReason: 'end_turn', usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 }, metrics: { latencyMs: 0 },
}), { headers: { 'content-type': 'application/json' } });

/**
 * Bedrock accepts an API key as a bearer token (what `AWS_BEARER_TOKEN_BEDROCK` sets) or SigV4
 * credentials. The default is a test API key: the simulator checks neither, and a bearer token
 * costs no per-request signing.
 */
function sdkClient(endpoint: string, region: string, credentials?: ModelClientConfig['credentials']) {
  const key = JSON.stringify([endpoint, region, credentials ?? null]);
  let entry = shared.get(key);
  if (!entry) {
    const client = new BedrockRuntimeClient({
      endpoint, region, maxAttempts: 1, requestHandler: fetchHandler, cacheMiddleware: true,
      // settings the SDK would otherwise look up in the environment and ~/.aws files
      defaultsMode: 'standard', retryMode: 'standard', useDualstackEndpoint: false, useFipsEndpoint: false, userAgentAppId: 'prior-auth-sim',
      ...(credentials
        ? { credentials, authSchemePreference: ['sigv4'] }
        : { token: { token: 'prior-auth-sim-test-api-key' }, authSchemePreference: ['httpBearerAuth'], credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' } }),
    });
    const ready = carrier.run({ fetch: warmUpFetch, timeoutMs: 60_000 }, () => client.send(new ConverseCommand({ modelId: 'warm-up', messages: [{ role: 'user', content: [{ text: 'warm-up' }] }] })))
      .then(() => undefined, () => undefined);
    entry = { client, ready };
    // bounded: a test process builds environments on many ports
    if (shared.size >= 32) shared.clear();
    shared.set(key, entry);
  }
  return entry;
}

function classify(err: unknown, operation: string): Error {
  const e = err as { name?: string; message?: string; $fault?: string; $metadata?: { httpStatusCode?: number } };
  const status = e?.$metadata?.httpStatusCode;
  if (e?.$fault) {
    const why = `${e.name ?? 'error'}${status ? ` (HTTP ${status})` : ''}: ${e.message ?? ''}`;
    if (TRANSIENT.has(e.name ?? '') || (status !== undefined && (status >= 500 || status === 408 || status === 429))) return new TransientError(why, { operation, status, cause: err });
    return new PermanentError(why, { operation, status, cause: err });
  }
  // no service error: the connection failed, timed out, or the body could not be read
  return new TransientError(`${e?.name === 'TimeoutError' ? 'timed out' : `network or response error: ${e?.message ?? String(err)}`}`, { operation, status, cause: err });
}

/** @example const model = createModelClient({ baseUrl: simulatorUrl, fetch, timeoutMs: 60_000 }) */
export function createModelClient(config: ModelClientConfig): ModelClient {
  const modelId = config.modelId ?? DEFAULT_MODEL_ID;
  const { client, ready } = sdkClient(trimTrailingSlashes(config.baseUrl), config.region ?? 'us-east-1', config.credentials);
  const operation = `POST /model/${modelId}/converse`;
  const via = { fetch: config.fetch, timeoutMs: config.timeoutMs };
  return {
    modelId,
    ready,
    async converse(input) {
      try {
        return await carrier.run(via, () => client.send(new ConverseCommand({ ...input, modelId })));
      } catch (err) {
        throw classify(err, operation);
      }
    },
  };
}
