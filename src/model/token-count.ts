/**
 * Token counts of the simulated model: a stated approximation, not a tokenizer. One token per
 * 4 characters of text, rounded up (the rule of thumb Anthropic and OpenAI publish for English
 * text), plus 3 tokens of framing per message and per tool definition. JSON (tool inputs and
 * schemas) is counted on its serialized text. Deterministic, and cheap enough for chaos runs.
 */
import type { ContentBlock, ConverseRequest } from '../contracts/model-converse.js';

export const CHARS_PER_TOKEN = 4;
const FRAMING_TOKENS = 3;

export function countTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

function blockText(block: ContentBlock): string {
  if (block.text !== undefined) return block.text;
  return JSON.stringify(block.toolUse ?? block.toolResult ?? block);
}

/** Input tokens of a Converse request: system prompt, every message, every tool definition. */
export function countInputTokens(request: ConverseRequest): number {
  let n = 0;
  for (const s of request.system ?? []) n += countTokens(s.text ?? JSON.stringify(s));
  for (const m of request.messages) {
    n += FRAMING_TOKENS;
    for (const b of m.content) n += countTokens(blockText(b));
  }
  for (const t of request.toolConfig?.tools ?? []) n += FRAMING_TOKENS + countTokens(JSON.stringify(t.toolSpec));
  return n;
}
