/**
 * The runtime over HTTP: an express Router to mount anywhere. Start, list and inspect
 * executions; succeed, fail or heartbeat callbacks. Every error is an RFC 9457
 * problem+json, converted in one place; bad input is a 4xx, never a 500.
 *
 * A callback completion over HTTP must prove it comes from the system the callback was handed
 * to: `verifyCallback` checks it (the orchestrator passes an X-Callback-Signature check) before
 * anything else, so a forged completion is a 401 that changes nothing — not even revealing
 * whether the callback exists.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { DurableRuntime } from './durable-runtime.js';
import { badRequest, notFound, payloadTooLarge, RuntimeProblem, unauthorized } from './runtime-problem.js';

const StartSchema = z.object({
  handler: z.string().min(1),
  input: z.unknown().optional(),
  name: z.string().min(1).max(256).optional(),
});
const ErrorObjectSchema = z.object({
  ErrorMessage: z.string().optional(),
  ErrorType: z.string().optional(),
  ErrorData: z.string().optional(),
  StackTrace: z.array(z.string()).optional(),
});
const StatusSchema = z.enum(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'STOPPED']).optional();

/** Every body arrives as text and is parsed here, so malformed JSON is our 400, not a crash. */
const rawText = express.text({ type: () => true, limit: '256kb' });

const isJsonType = (req: Request) => (req.headers['content-type'] ?? '').includes('json');

function parseJson(text: unknown, what: string): unknown {
  if (typeof text !== 'string' || text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw badRequest(`${what}: malformed JSON (${(err as Error).message})`);
  }
}

function validate<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw badRequest(`${what}${issue?.path.length ? `.${issue.path.join('.')}` : ''}: ${issue?.message ?? 'invalid'}`);
}

function sendProblem(res: Response, req: Request, err: unknown): void {
  const http = err as { status?: number; type?: string };
  const problem =
    err instanceof RuntimeProblem ? err.problem
      : http.type === 'entity.too.large' ? payloadTooLarge('request body exceeds 256kb').problem
        : typeof http.status === 'number' && http.status >= 400 && http.status < 500 ? badRequest((err as Error).message).problem
          : { type: 'urn:durable-runtime:problem:internal', title: 'Internal error', status: 500, detail: 'internal error: see the server log' };
  if (!(err instanceof RuntimeProblem) && problem.status >= 500) console.error('[durable-runtime] unhandled error', err);
  res.status(problem.status).type('application/problem+json').json({ ...problem, instance: req.originalUrl });
}

/**
 * @example
 * const app = express();
 * app.use('/runtime', createRuntimeHttpApi(runtime, { verifyCallback: callbackAuth.verify }));
 * // POST /runtime/executions {"handler":"prior-auth","input":{...}}
 */
export interface RuntimeHttpApiOptions {
  /**
   * Whether a completion's body was signed for this callback (`signature` is the
   * X-Callback-Signature header). Completions failing it answer 401.
   */
  readonly verifyCallback: (callbackId: string, body: string, signature: string | undefined) => Promise<boolean>;
}

export function createRuntimeHttpApi(runtime: DurableRuntime, options: RuntimeHttpApiOptions): Router {
  const router = express.Router();
  const authentic = async (req: Request): Promise<string> => {
    const text = typeof req.body === 'string' ? req.body : '';
    const header = req.headers['x-callback-signature'];
    const ok = await options.verifyCallback(String(req.params.callbackId), text, typeof header === 'string' ? header : undefined);
    if (!ok) throw unauthorized('this callback completion is not signed for this callback: send X-Callback-Signature (v1=HMAC-SHA256 of the body with the callback secret you were given)');
    return text;
  };

  router.post('/executions', rawText, (req, res) => {
    const body = validate(StartSchema, parseJson(req.body, 'body') ?? {}, 'body');
    const started = runtime.start(body);
    res.status(started.created ? 201 : 200).location(`executions/${started.executionId}`).json(started);
  });

  router.get('/executions', (req, res) => {
    const status = validate(StatusSchema, req.query.status, 'query.status');
    res.json({ executions: runtime.listExecutions(status) });
  });

  router.get('/executions/:id', (req, res) => {
    const { summary: _summary, ...view } = runtime.getExecution(req.params.id);
    res.json(view);
  });

  router.get('/executions/:id/history', (req, res) => {
    res.json({ events: runtime.history(req.params.id) });
  });

  router.post('/executions/:id/stop', rawText, (req, res) => {
    const error = validate(ErrorObjectSchema, parseJson(req.body, 'body') ?? {}, 'body');
    runtime.stopExecution(req.params.id, Object.keys(error).length ? error : undefined);
    res.json({ executionId: req.params.id, status: 'STOPPED' });
  });

  router.post('/callbacks/:callbackId/succeed', rawText, async (req, res) => {
    const text = await authentic(req);
    if (isJsonType(req)) parseJson(text, 'body');
    runtime.succeedCallback(req.params.callbackId, text === '' ? undefined : text);
    res.json({ callbackId: req.params.callbackId, status: 'SUCCEEDED' });
  });

  router.post('/callbacks/:callbackId/fail', rawText, async (req, res) => {
    const error = validate(ErrorObjectSchema, parseJson(await authentic(req), 'body') ?? {}, 'body');
    runtime.failCallback(req.params.callbackId, error);
    res.json({ callbackId: req.params.callbackId, status: 'FAILED' });
  });

  router.post('/callbacks/:callbackId/heartbeat', rawText, async (req, res) => {
    await authentic(req);
    runtime.heartbeatCallback(req.params.callbackId);
    res.json({ callbackId: req.params.callbackId, status: 'STARTED' });
  });

  router.use((req) => {
    throw notFound(`no route ${req.method} ${req.path}`);
  });
  router.use((err: unknown, req: Request, res: Response, _next: NextFunction) => sendProblem(res, req, err));
  return router;
}
