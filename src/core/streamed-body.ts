/**
 * Answers that are written as they are produced, over simulated time (the model gateway's
 * `converse-stream`: the first event after the time to first token, then a delta every few
 * tokens). Every other answer is whole before it leaves: fault dispatch reads it, journals it
 * and hands the transport its bytes. A streamed one passes through untouched when no after-fault
 * applies, and is journaled when its last byte went out (or the client stopped reading); the
 * express adapter pipes it to the socket, msw and in-process callers get its stream.
 */

const streamed = new WeakSet<Response>();

/** A Response whose body is produced while it is read. */
export function streamedResponse(body: ReadableStream<Uint8Array>, init: ResponseInit): Response {
  const response = new Response(body, init);
  streamed.add(response);
  return response;
}

export function isStreamed(response: Response): boolean {
  return streamed.has(response);
}

/**
 * The same stream, counting its bytes: `done(bytes)` runs once, when the source ended or the
 * reader cancelled it.
 */
export function countedStream(source: ReadableStream<Uint8Array>, done: (bytes: number) => void): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let bytes = 0;
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    done(bytes);
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done: ended, value } = await reader.read();
      if (ended) {
        finish();
        controller.close();
        return;
      }
      bytes += value.byteLength;
      controller.enqueue(value);
    },
    async cancel(reason) {
      finish();
      await reader.cancel(reason);
    },
  });
}
