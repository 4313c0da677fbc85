/**
 * `npm run bench [SECTION…]`: runs the benchmarks and writes bench/latest-results.md. Not a test: targets
 * are reported, not asserted. bench/results.md is the kept record (with figures taken by hand, per Node
 * version, in cgroups): copy a section there when it is worth keeping, rather than overwrite it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {runAnalysisBench} from './analysis.js';
import {runEngineBench} from './engine.js';
import {runGroupingBench} from './grouping.js';
import {describeMachine} from './machine.js';
import {runStoreBench} from './store.js';
import {runPlaylistsBench} from './playlists.js';
import {runPreviewStallBench} from './preview-stall.js';
import {runSimilarityBench} from './similarity.js';
import {runSongPathBench} from './song-path.js';
import {runStabilityBench} from './stability.js';
import {runDuplicatesBench} from './duplicates.js';
import {runIncrementalBench} from './incremental.js';
import {runTuiBench} from './tui.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const sections: Array<[string, () => Promise<string>]> = [
	['engine', () => runEngineBench()],
	['analysis', () => runAnalysisBench()],
	['store', () => runStoreBench()],
	['playlists', () => runPlaylistsBench()],
	['tui', () => runTuiBench()],
	['similarity', () => runSimilarityBench()],
	['grouping', () => runGroupingBench()],
	['preview', () => runPreviewStallBench()],
	['song-path', () => runSongPathBench()],
	['stability', () => runStabilityBench()],
	['duplicates', () => runDuplicatesBench()],
	['incremental', () => runIncrementalBench()],
];

const load = () => os.loadavg()[0]!.toFixed(1);
const parts = [
	`# Benchmark results\n\nMachine: ${describeMachine()}.\nRun: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, \`npm run bench\`` +
		`${only.length > 0 ? ` ${only.join(' ')}` : ''}; load average ${load()} at the start.\n`,
];
for (const [name, run] of sections) {
	if (only.length > 0 && !only.includes(name)) continue;
	console.error(`bench: ${name}…`);
	const section = await run();
	console.error(section);
	parts.push(section);
}
const out = path.join(here, 'latest-results.md');
fs.writeFileSync(out, parts.join('\n'));
console.error(`bench: written to ${out}`);
