import {Box, useInput, useStdout} from 'ink';
import {useCallback, useEffect, useLayoutEffect, useRef, useState} from 'react';
import stringWidth from 'string-width';
import type {PlaylistService} from '../playlists/types.js';
import type {Limits} from '../config/limits.js';
import {runCommand} from './key-actions.js';
import {actionFor, isCtrlC} from './keymap.js';
import {SPARE_LINES} from './panel-layout.js';
import {composeFrame, footerRows, frameLayout, headerRows} from './compose.js';
import {RawLines} from './components/line.js';
import {maxLogScroll} from './panels/log-overlay.js';
import {PlaylistsOverlay} from './panels/playlists.js';
import type {SessionPort} from './session-port.js';
import {measureWithStringWidth} from './text.js';
import {ThemeContext} from './theme.js';
import {useSession, type UseSessionOptions} from './use-session.js';

// The view measures text as Ink does from its first frame on (the starting frame went without: text.ts).
measureWithStringWidth(stringWidth);

/** How the user wants to leave: q (graceful, or forced when pressed again), Ctrl-C (forced). */
export type QuitRequest = 'quit' | 'force' | 'interrupt';

export type AppProps = {
	session: SessionPort;
	/** Called when the user asks to leave; the runner stops the session and unmounts. */
	onQuit: (request: QuitRequest) => void;
	/** Ctrl-L: draw the whole screen again. */
	onRedraw?: () => void;
	/** Saves the limits to the configuration file and resolves with its path; absent: `S` is unavailable. */
	saveLimits?: (limits: Limits) => Promise<string>;
	/** Builds and writes playlists for the `w` preview; absent: `w` is unavailable. */
	playlists?: PlaylistService;
	color?: boolean;
	/**
	 * Where finished frames go (rows of text, the terminal writer's); then Ink lays out and draws only
	 * the playlists preview. Without it (tests), the rows are drawn through Ink.
	 */
	onFrame?: (rows: readonly string[]) => void;
	/** Fixed size (tests); by default the terminal's, following resizes. */
	columns?: number;
	rows?: number;
} & UseSessionOptions;

function useTerminalSize(fixed: {columns?: number; rows?: number}): {columns: number; rows: number} {
	const {stdout} = useStdout();
	const read = () => ({columns: fixed.columns ?? (stdout.columns || 80), rows: fixed.rows ?? (stdout.rows || 24)});
	const [size, setSize] = useState(read);
	useEffect(() => {
		if (fixed.columns !== undefined && fixed.rows !== undefined) return;
		const onResize = () => setSize(read());
		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [stdout, fixed.columns, fixed.rows]);
	return fixed.columns !== undefined && fixed.rows !== undefined ? {columns: fixed.columns, rows: fixed.rows} : size;
}

type Overlay = 'none' | 'help' | 'playlists' | 'epochs' | 'log';

/** The live view: header, panels (or an overlay), footer; keys steer the session. */
export function App({
	session,
	onQuit,
	onRedraw,
	onFrame,
	saveLimits,
	playlists,
	color = true,
	columns: fixedColumns,
	rows: fixedRows,
	...sessionOptions
}: AppProps) {
	const {view, dispatch} = useSession(session, sessionOptions);
	const {state, now} = view;
	const {columns, rows} = useTerminalSize({columns: fixedColumns, rows: fixedRows});
	const [overlay, setOverlay] = useState<Overlay>('none');
	const [quitting, setQuitting] = useState(false);
	// Lines the log overlay is scrolled back from its newest (0: the newest show).
	const [logScroll, setLogScroll] = useState(0);
	const running = state.phase !== 'finished';
	const availability = {playlists: playlists !== undefined, save: saveLimits !== undefined, running};

	const log = useCallback((level: 'info' | 'warn' | 'error', text: string) => dispatch({type: 'ui-log', level, text}), [dispatch]);

	// The key handler reads the latest state through a ref: keys typed faster than React re-subscribes
	// the handler must each see what the one before changed.
	const latest = useRef({overlay, quitting, running, logScroll});
	latest.current = {overlay, quitting, running, logScroll};
	const quitNote = quitting && running ? 'stopping: ffmpeg stopped, analysed tracks kept; q again forces' : undefined;
	const {layout, footer: items} = frameLayout(columns, rows, {availability, footerNote: quitNote, activeTracks: state.active.length});

	useInput((input, key) => {
		const {overlay, quitting, running} = latest.current;
		if (isCtrlC(input, key)) {
			onQuit('interrupt');
			return;
		}
		if (key.ctrl && input === 'l') {
			onRedraw?.();
			return;
		}
		const show = (next: Overlay) => {
			latest.current = {...latest.current, overlay: next};
			setOverlay(next);
		};
		if (overlay !== 'none' && (input === 'q' || (key.escape && overlay !== 'playlists'))) {
			show('none');
			return;
		}
		if (overlay === 'log') {
			const page = Math.max(1, layout.bodyHeight - 2);
			const delta = key.upArrow || input === 'k' ? 1 : key.downArrow || input === 'j' ? -1 : key.pageUp ? page : key.pageDown ? -page : 0;
			if (delta !== 0) {
				const scroll = Math.max(0, Math.min(maxLogScroll(state.log, columns, layout.bodyHeight), latest.current.logScroll + delta));
				latest.current = {...latest.current, logScroll: scroll};
				setLogScroll(scroll);
				return;
			}
		}
		// The playlists overlay reads its own keys (arrows, Enter, y, r, Esc).
		if (overlay === 'playlists' && (key.escape || key.return || key.upArrow || key.downArrow || ['y', 'j', 'k', 'r'].includes(input))) return;
		const action = actionFor(input, key);
		if (!action) return;
		switch (action) {
			case 'quit':
				if (quitting || !running) onQuit(quitting ? 'force' : 'quit');
				else {
					latest.current = {...latest.current, quitting: true};
					setQuitting(true);
					onQuit('quit');
				}
				return;
			case 'help':
				show(overlay === 'help' ? 'none' : 'help');
				return;
			case 'epochs':
				show(overlay === 'epochs' ? 'none' : 'epochs');
				return;
			case 'log':
				latest.current = {...latest.current, logScroll: 0};
				setLogScroll(0);
				show(overlay === 'log' ? 'none' : 'log');
				return;
			case 'playlists':
				if (!playlists) log('warn', 'w unavailable: no playlist builder in this build');
				else show('playlists');
				return;
			default:
				if (!running && action !== 'save') {
					log('info', 'analysis has finished: w previews playlists, q quits');
					return;
				}
				runCommand(action, {session, log: event => dispatch(event), saveLimits});
		}
	});

	const height = Math.max(1, rows - SPARE_LINES);
	// Everything but the playlists preview is composed as rows of text: no layout pass, no cell grid.
	const frame =
		overlay === 'playlists' && playlists
			? undefined
			: composeFrame({
					state,
					now,
					layout,
					overlay: overlay === 'playlists' ? 'none' : overlay,
					logScroll,
					availability,
					footer: items,
					footerNote: quitNote,
					color,
					height,
				});

	// With a frame sink (the terminal), the rows go straight to it and Ink draws nothing.
	useLayoutEffect(() => {
		if (frame && onFrame) onFrame(frame);
	});

	if (frame) return onFrame ? null : <RawLines rows={frame} width={columns} />;
	return (
		<ThemeContext.Provider value={{color}}>
			<Box flexDirection="column" width={columns} height={height}>
				<RawLines rows={headerRows(state, now, columns, color)} width={columns} />
				<Box height={layout.bodyHeight} flexDirection="row">
					{playlists ? (
						<PlaylistsOverlay
							service={playlists}
							analysing={running}
							width={columns}
							height={layout.bodyHeight}
							onLog={log}
							onClose={() => setOverlay('none')}
						/>
					) : null}
				</Box>
				<RawLines rows={footerRows(items, quitNote, columns, color)} width={columns} />
			</Box>
		</ThemeContext.Provider>
	);
}
