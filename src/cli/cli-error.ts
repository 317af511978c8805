/**
 * Every error the command line prints is one line: what failed and what to do, without a stack
 * (set PRIOR_AUTH_SIM_DEBUG=1 to see the stack of an unexpected one).
 */
import { ScenarioError } from '../core/scenarios/scenario-loader.js';

/** Optional peer dependencies that only the orchestrator and the chaos harness load. */
export const ORCHESTRATOR_PEERS = ['@aws/durable-execution-sdk-js', 'better-sqlite3', '@aws-sdk/client-bedrock-runtime'] as const;

/** Thrown when a command needs an optional peer dependency that is not installed. */
export class MissingPeerError extends Error {
  constructor(readonly what: string, readonly missing: string) {
    super(`${what} needs the optional peer dependencies ${ORCHESTRATOR_PEERS.join(', ')} (${missing} is not installed): npm install --save-dev @aws/durable-execution-sdk-js@2.4.0 better-sqlite3@12 @aws-sdk/client-bedrock-runtime@3`);
    this.name = 'MissingPeerError';
  }
}

/** The package a failed import could not find, if it is one of the orchestrator's peers. */
export function missingPeer(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return undefined;
  const message = err instanceof Error ? err.message : String(err);
  return ORCHESTRATOR_PEERS.find((p) => message.includes(`'${p}'`) || message.includes(`"${p}"`));
}

/**
 * Load a module that needs the orchestrator's peer dependencies; a missing one becomes a
 * {@link MissingPeerError} naming the command and the install command.
 */
export async function loadWithPeers<T>(what: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (err) {
    const peer = missingPeer(err);
    if (peer) throw new MissingPeerError(what, peer);
    throw err;
  }
}

/**
 * One line for the terminal. A multi-line message (a scenario's list of problems, also when it
 * comes back from a worker thread as a plain Error) is joined with "; ".
 */
export function formatCliError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  // line by line, not /\s*\n\s*/g: that regex is quadratic on a long run of spaces (regexp/no-super-linear-move)
  const lines = message.split('\n').map((line) => line.trim()).filter(Boolean).map((line) => (line.startsWith('- ') ? line.slice(2) : line));
  return `prior-auth-sim: ${lines.join('; ')}`;
}

/** Errors that are the user's to fix (exit 2); anything else is exit 1. */
export const isUsageError = (err: unknown): boolean => err instanceof ScenarioError || (err instanceof Error && err.name === 'ScenarioError');
