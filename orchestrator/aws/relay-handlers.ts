/**
 * The Lambda entry point of the three relays (deploy/template.yaml builds one bundle from this
 * file and points each function at its export). This is an edge: configuration comes from the
 * function's environment, validated once, on the first request of each function.
 */
import { LambdaClient } from '@aws-sdk/client-lambda';
import { z } from 'zod';
import { createCallbackRelay } from './callback-relay.js';
import type { FunctionUrlEvent, FunctionUrlResult } from './function-url.js';
import { createNotificationRelay } from './notification-relay.js';
import { createStartRelay } from './start-relay.js';

const KeyEnvSchema = z.object({ CALLBACK_SIGNING_KEY: z.string().min(32, 'at least 32 characters') });
const StartEnvSchema = z.object({ WORKFLOW_FUNCTION_ARN: z.string().startsWith('arn:') });

type Handler = (event: FunctionUrlEvent) => Promise<FunctionUrlResult>;

/** Builds the handler on first use, so each function validates only the variables it needs. */
function lazy(make: () => Handler): Handler {
  let handler: Handler | undefined;
  return (event) => (handler ??= make())(event);
}

const lambda = new LambdaClient({});

export const callbackHandler = lazy(() => createCallbackRelay({ lambda, key: KeyEnvSchema.parse(process.env).CALLBACK_SIGNING_KEY }));
export const notificationHandler = lazy(() => createNotificationRelay({ lambda, key: KeyEnvSchema.parse(process.env).CALLBACK_SIGNING_KEY }));
export const startHandler = lazy(() => createStartRelay({ lambda, functionArn: StartEnvSchema.parse(process.env).WORKFLOW_FUNCTION_ARN }));
