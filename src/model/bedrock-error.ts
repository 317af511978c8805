/**
 * Errors as Amazon Bedrock Runtime sends them: the error name in `x-amzn-ErrorType` (which the
 * AWS SDK's REST-JSON protocol reads first) and `{ "message": … }` as the body.
 */
import { MODEL_ERRORS, type ModelErrorName } from '../contracts/model-converse.js';

const NAMESPACE = 'http://internal.amazon.com/coral/com.amazon.bedrock/';

export function modelErrorResponse(name: ModelErrorName, message: string, requestId: string): Response {
  return new Response(JSON.stringify({ message }), {
    status: MODEL_ERRORS[name],
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': `${name}:${NAMESPACE}`, 'x-amzn-requestid': requestId },
  });
}

/** What Bedrock says for each injected fault. */
export const FAULT_MESSAGES: Record<ModelErrorName, string> = {
  ThrottlingException: 'Too many requests, please wait before trying again.',
  ServiceUnavailableException: 'The service is unavailable. Please try again later.',
  ModelTimeoutException: 'The model took too long to respond. Please try again.',
  ModelNotReadyException: 'The model is not ready to serve inference requests. Please try again.',
  InternalServerException: 'The server encountered an internal error while processing the request.',
  ValidationException: 'The request is invalid.',
  AccessDeniedException: 'You do not have access to the requested model.',
  ResourceNotFoundException: 'The requested resource was not found.',
  ModelErrorException: 'The model returned an error.',
};
