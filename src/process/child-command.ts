/**
 * How the supervisor starts a child: this CLI again, with a subcommand. The one place that says
 * how the CLI is run, so moving to compiled JavaScript changes this function only. Today: Node
 * with tsx's loader, which transpiles each module once per process start (no per-call compile).
 */
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../cli.ts', import.meta.url));

export function childCommand(args: readonly string[]): { command: string; args: string[] } {
  return { command: process.execPath, args: ['--import', 'tsx', CLI, ...args] };
}
