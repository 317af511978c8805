/**
 * ConverseStream's answer: the same message Converse would send, cut into Bedrock's stream events
 * (`messageStart`, `contentBlockStart` for a tool call, `contentBlockDelta` every few tokens —
 * text, or a tool call's input as pieces of its JSON — `contentBlockStop`, `messageStop`,
 * `metadata` with usage and latency), each at the instant the simulated model would have
 * produced it: the first after the time to first token, then one per chunk at the profile's
 * output rate, the last at the call's whole latency. Framed with event-stream.ts.
 */
import type { ContentBlock, StopReason, TokenUsage } from '../contracts/model-converse.js';
import { eventMessage } from './event-stream.js';
import { countTokens } from './token-count.js';

export const EVENT_STREAM = 'application/vnd.amazon.eventstream';
/** Characters per delta: 16 tokens of the token counter's 4 characters each. */
const CHUNK_CHARS = 64;

export interface StreamedAnswer {
  readonly content: readonly ContentBlock[];
  readonly stopReason: StopReason;
  readonly usage: TokenUsage;
  /** The whole call, as Converse reports it in `metrics.latencyMs`. */
  readonly latencyMs: number;
  /** Time to first token plus prompt processing, unrounded. */
  readonly firstTokenMs: number;
  readonly tokensPerSecond: number;
}

/** One framed event, due `atMs` after the call arrived. */
export interface TimedEvent {
  readonly atMs: number;
  readonly bytes: Uint8Array;
}

/** `text` in pieces of about CHUNK_CHARS, never splitting a surrogate pair. */
function pieces(text: string): string[] {
  const out: string[] = [];
  for (let at = 0; at < text.length;) {
    let end = Math.min(text.length, at + CHUNK_CHARS);
    const code = text.charCodeAt(end - 1);
    if (end < text.length && code >= 0xd800 && code <= 0xdbff) end += 1;
    out.push(text.slice(at, end));
    at = end;
  }
  return out;
}

export function converseStreamEvents(a: StreamedAnswer): TimedEvent[] {
  // the same expression as the call's latency, so the last token lands exactly on it
  const at = (tokens: number) => Math.min(a.latencyMs, Math.round(a.firstTokenMs + (tokens / a.tokensPerSecond) * 1000));
  const events: TimedEvent[] = [{ atMs: at(0), bytes: eventMessage('messageStart', { role: 'assistant' }) }];
  let written = '';
  a.content.forEach((block, contentBlockIndex) => {
    const tool = block.toolUse;
    if (tool) events.push({ atMs: at(countTokens(written)), bytes: eventMessage('contentBlockStart', { contentBlockIndex, start: { toolUse: { toolUseId: tool.toolUseId, name: tool.name } } }) });
    for (const piece of pieces(tool ? JSON.stringify(tool.input) : block.text ?? '')) {
      written += piece;
      const delta = tool ? { toolUse: { input: piece } } : { text: piece };
      events.push({ atMs: at(countTokens(written)), bytes: eventMessage('contentBlockDelta', { contentBlockIndex, delta }) });
    }
    events.push({ atMs: at(countTokens(written)), bytes: eventMessage('contentBlockStop', { contentBlockIndex }) });
  });
  events.push(
    { atMs: a.latencyMs, bytes: eventMessage('messageStop', { stopReason: a.stopReason }) },
    { atMs: a.latencyMs, bytes: eventMessage('metadata', { usage: a.usage, metrics: { latencyMs: a.latencyMs } }) },
  );
  return events;
}

/**
 * The events as a byte stream, each released once the simulator's clock has reached its instant
 * (`start + atMs`), waited through the transport's clock wait. The instants are absolute, so a
 * clock moved further than one event while nobody read still releases each event at once, and
 * never later than its time. Events due together go out together; a reader that cancels stops
 * the waits.
 */
export function pacedStream(events: readonly TimedEvent[], clock: { start: number; now: () => number; wait: (ms: number) => Promise<void> }): ReadableStream<Uint8Array> {
  let next = 0;
  let cancelled = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const due = clock.start + events[next]!.atMs;
      const ms = due - clock.now();
      if (ms > 0) await clock.wait(ms);
      if (cancelled) return;
      const reached = Math.max(due, clock.now());
      while (next < events.length && clock.start + events[next]!.atMs <= reached) controller.enqueue(events[next++]!.bytes);
      if (next === events.length) controller.close();
    },
    cancel() {
      cancelled = true;
    },
  });
}
