import {OPTIONS} from '../config/options.js';

export function helpText(): string {
	const flags = OPTIONS.filter(option => option.flag)
		.map(option => {
			const flag = option.kind === 'boolean' ? `--[no-]${option.flag}` : `--${option.flag} ${option.kind === 'size' ? 'SIZE' : 'VALUE'}`;
			return `  ${flag.padEnd(24)} ${option.describe}`;
		})
		.join('\n');
	return `Usage
  playlistgen [DIR]                    analyse DIR (default: the bundled media/) in the live TUI
  playlistgen analyze [DIR]            the same; headless when output is not a terminal
  playlistgen stats [DIR] [--json]     what the library store holds (under DIR)
  playlistgen playlists [--out DIR]    write playlists of similar tracks
  playlistgen radio TRACK              a playlist that starts from TRACK
  playlistgen path FROM TO [--length N] [--via TRACK]…   a playlist that travels from FROM to TO
  playlistgen similar TRACK [--limit N] [--json]   the tracks nearest TRACK
  playlistgen similar --all --limit N --json       every track's nearest (NDJSON)
  playlistgen config [--json]          the resolved configuration and where each value comes from
  playlistgen config --example         every setting documented, as a commented .playlistgenrc
  playlistgen store --recover          rebuild a damaged store from what is still readable

Run options
  --json                   NDJSON events on stdout, no TUI
  --no-tui                 plain lines even on a terminal
  --retry-failed           analyse again tracks that failed before
  --config FILE            use this configuration file
  --dry-run, --force       playlists: show without writing; overwrite edited playlists
  --regroup                playlists: group the whole library afresh (names kept where groups stay)
  --seed TRACK             playlists: a radio from TRACK (path or "Artist - Title"; repeatable)
  --via TRACK              path: pass through TRACK on the way (repeatable, in order)
  --limit N, --all         similar: how many neighbours (default 10); every track's, as NDJSON

Settings (also in .playlistgenrc, ~/.config/playlistgen/config.yaml and environment variables:
defaults < file < environment < flags; see playlistgen config --example)
${flags}

Exit status: 0 finished (failed files are reported; also when the reader of the output goes away, as
with | head), 1 fatal error, 2 usage or configuration error, 130/143 interrupted.
`;
}
