/**
 * The receiver for payer notifications (rest-hook Subscriptions): each subscription's endpoint
 * names the callback it completes (`/notifications/payer/{callbackId}`), so no claim→callback
 * table is needed. Handshakes and heartbeats are acknowledged; a notification whose
 * ClaimResponse is final completes the callback once; pended (stale) or duplicate ones change
 * nothing and are still acknowledged so the payer stops retrying.
 *
 * Every POST — handshake, heartbeat or event — must carry the payer's X-Callback-Signature
 * made with the secret this callback's Subscription handed it; anything else is a 401 that
 * changes nothing.
 */
import express, { type Router } from 'express';
import { readNotification } from './notification-decision.js';
import { CALLBACK_TIMEOUT_PROBLEM, RuntimeProblem, type DurableRuntime } from './runtime/index.js';
import type { CallbackVerifier } from './callback-auth.js';

export type NotificationOutcome = 'completed' | 'acknowledged' | 'stale' | 'duplicate';

export function createNotificationReceiver(runtime: DurableRuntime, verify: CallbackVerifier, onNotification?: (callbackId: string, outcome: NotificationOutcome) => void): Router {
  const router = express.Router();
  const problem = (status: number, detail: string) => ({ type: 'about:blank', title: status === 404 ? 'not found' : status === 401 ? 'unauthorized' : 'invalid notification', status, detail });

  router.post('/notifications/payer/:callbackId', express.text({ type: () => true, limit: '5mb' }), async (req, res) => {
    const callbackId = String(req.params.callbackId);
    const signature = req.headers['x-callback-signature'];
    if (!(await verify(callbackId, typeof req.body === 'string' ? req.body : '', typeof signature === 'string' ? signature : undefined))) {
      res.status(401).type('application/problem+json').json(problem(401, 'notification not signed for this callback: X-Callback-Signature must be v1=HMAC-SHA256 of the body with the secret given in the Subscription'));
      return;
    }
    const reply = (outcome: NotificationOutcome) => {
      onNotification?.(callbackId, outcome);
      res.status(200).json({ outcome });
    };
    const reading = readNotification(typeof req.body === 'string' ? req.body : '');
    if (reading.kind === 'invalid') {
      res.status(400).type('application/problem+json').json(problem(400, reading.detail));
      return;
    }
    if (reading.kind !== 'final') return reply(reading.kind);
    try {
      runtime.succeedCallback(callbackId, JSON.stringify(reading.decision));
      return reply('completed');
    } catch (err) {
      // a closed callback (AWS's CallbackTimeoutException): a duplicate or late notification
      if (err instanceof RuntimeProblem && err.problem.type.endsWith(`:${CALLBACK_TIMEOUT_PROBLEM.slug}`)) return reply('duplicate');
      if (err instanceof RuntimeProblem && err.problem.status === 404) {
        res.status(404).type('application/problem+json').json(problem(404, `no callback ${callbackId} is waiting`));
        return;
      }
      throw err;
    }
  });
  return router;
}
