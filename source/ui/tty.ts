import type {ParsedArgs} from '../commands/args.js';
import type {Io} from '../commands/context.js';

/**
 * Whether a run opens the live view: on a terminal (stdin and stdout), unless --json or --no-tui, or
 * TERM=dumb (no cursor movement). --tui asks for it even so.
 */
export function wantsTui(args: Pick<ParsedArgs, 'run'>, io: Pick<Io, 'stdout' | 'stdin' | 'env'>): boolean {
	if (args.run.json) return false;
	if (args.run.tui !== undefined) return args.run.tui;
	return Boolean(io.stdout.isTTY && io.stdin.isTTY) && io.env['TERM'] !== 'dumb';
}
