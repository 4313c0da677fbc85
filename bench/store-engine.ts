/**
 * The store's SQLite engine: better-sqlite3 (a native module, compiled or downloaded for each Node ABI)
 * against node:sqlite (built into Node 22 and 24: nothing to install). Both run the store's own schema
 * (its migrations) and statements (statements.ts) on the workloads of bench/store.ts: 40,000 saves of one
 * transaction each, planning a run over the 40,000 stored tracks, reading every track back, one small
 * commit; and kill -9 in the middle of saves, after which the file must pass PRAGMA integrity_check and
 * hold every track whose commit had returned.
 * Run on Node 22 or 24: `node --import=tsx bench/store-engine.ts` → bench/store-engine-results.md.
 * Under a Node other than the one node_modules was installed with, PLAYLISTGEN_BENCH_SQLITE_BINDING names
 * a better_sqlite3.node built for that Node (better-sqlite3's `nativeBinding` option).
 */
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import Database from 'better-sqlite3';
import type {AnalysedTrack} from '../source/library/track.js';
import {planTracks, type PlannedFailure, type PlannedRow} from '../source/store/plan.js';
import {featureValues, toStoredTrack, trackValues, TRACK_COLUMNS, type TrackRow} from '../source/store/rows.js';
import {migrate} from '../source/store/schema.js';
import {imageKey, pathRange, prepareStatements, withStringPaths} from '../source/store/statements.js';
import {nativePath} from '../source/util/raw-path.js';
import {describeMachine} from './machine.js';
import {analysis, scannedTracks} from './store.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = path.join(here, 'tmp', 'store-engine');
const binding = process.env['PLAYLISTGEN_BENCH_SQLITE_BINDING'];
const KILL_ROUNDS = 8;

type EngineName = 'better-sqlite3' | 'node:sqlite';
type Params = unknown[];
/** The few calls the store makes, over either engine. Rows come back with Buffers for BLOBs, as the store's readers expect. */
type Statement = {run(...params: Params): void; get(...params: Params): unknown; all(...params: Params): unknown[]};
type Engine = {
	name: EngineName;
	version: string;
	exec(sql: string): void;
	prepare(sql: string, arrays?: boolean): Statement;
	transaction(run: () => void): void;
	close(): void;
};

function openBetter(file: string): Engine {
	const db = new Database(file, binding ? {nativeBinding: binding} : {});
	return {
		name: 'better-sqlite3',
		version: (db.prepare('SELECT sqlite_version() AS v').get() as {v: string}).v,
		exec: sql => void db.exec(sql),
		prepare(sql, arrays = false) {
			const statement = db.prepare(sql);
			if (arrays) statement.raw(true);
			return {run: (...params) => void statement.run(...params), get: (...params) => statement.get(...params), all: (...params) => statement.all(...params)};
		},
		transaction: run => db.transaction(run)(),
		close: () => db.close(),
	};
}

/** node:sqlite gives BLOBs as Uint8Array; the store reads them with Buffer's methods: a view, no copy. */
function withBuffers<T>(row: T): T {
	const values = row as Record<string, unknown>;
	for (const key of Object.keys(values)) {
		const value = values[key];
		if (value instanceof Uint8Array && !Buffer.isBuffer(value)) values[key] = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
	}
	return row;
}

/** The part of node:sqlite used here (the Node 20 types the project builds with do not describe it). */
type SqliteStatement = {
	run(...params: Params): unknown;
	get(...params: Params): Record<string, unknown> | undefined;
	all(...params: Params): Array<Record<string, unknown>>;
	setReturnArrays(on: boolean): void;
};
type NodeSqlite = {DatabaseSync: new (file: string) => {exec(sql: string): void; prepare(sql: string): SqliteStatement; close(): void}};

function openNodeSqlite(file: string): Engine {
	// Loaded on demand: Node 20 has no node:sqlite, and Node 22 warns that it is experimental.
	const {DatabaseSync} = createRequire(import.meta.url)('node:sqlite') as NodeSqlite;
	const db = new DatabaseSync(file);
	const begin = db.prepare('BEGIN');
	const commit = db.prepare('COMMIT');
	const rollback = db.prepare('ROLLBACK');
	return {
		name: 'node:sqlite',
		version: (db.prepare('SELECT sqlite_version() AS v').get() as {v: string}).v,
		exec: sql => db.exec(sql),
		prepare(sql, arrays = false) {
			const statement = db.prepare(sql);
			if (arrays) statement.setReturnArrays(true);
			return {
				run: (...params) => void statement.run(...params),
				get: (...params) => {
					const row = statement.get(...params);
					return row ? withBuffers(row) : row;
				},
				all: (...params) => statement.all(...params).map(row => withBuffers(row)),
			};
		},
		transaction(run) {
			begin.run();
			try {
				run();
				commit.run();
			} catch (error) {
				rollback.run();
				throw error;
			}
		},
		close: () => db.close(),
	};
}

const open = (engine: EngineName, file: string) => (engine === 'better-sqlite3' ? openBetter(file) : openNodeSqlite(file));

/** The store's connection settings (open.ts), at a synchronous level. */
function configure(db: Engine, synchronous: 'NORMAL' | 'FULL' = 'NORMAL'): void {
	db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = ${synchronous}; PRAGMA foreign_keys = ON;`);
}

/** An empty store file at the current schema, made by the store's migrations; and the SQL of its statements. */
function template(): {file: string; sql: Record<keyof ReturnType<typeof prepareStatements>, string>} {
	const file = path.join(dir, 'template.db');
	const db = new Database(file, binding ? {nativeBinding: binding} : {});
	migrate(db);
	const statements = prepareStatements(db);
	const sql = Object.fromEntries(Object.entries(statements).map(([name, statement]) => [name, statement.source])) as Record<keyof typeof statements, string>;
	db.close();
	return {file, sql};
}

function copyOf(templateFile: string, name: string): string {
	const file = path.join(dir, name);
	for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, {force: true});
	fs.copyFileSync(templateFile, file);
	return file;
}

/** The store's saveTrack on an engine: one transaction per track. */
function saver(db: Engine, sql: ReturnType<typeof template>['sql']): (track: AnalysedTrack) => void {
	const deleteImageParts = db.prepare(sql.deleteImageParts);
	const upsertTrack = db.prepare(sql.upsertTrack);
	const upsertFeatures = db.prepare(sql.upsertFeatures);
	const deleteFailure = db.prepare(sql.deleteFailure);
	return track =>
		db.transaction(() => {
			deleteImageParts.run(imageKey(track.path));
			const {id} = upsertTrack.get({...trackValues(track), now: Date.now()}) as {id: number};
			upsertFeatures.run({id, ...featureValues(track.analysis)});
			deleteFailure.run(nativePath(track.path));
		});
}

const tracks = scannedTracks();
const analysed = (i: number): AnalysedTrack => ({
	...tracks[i % tracks.length]!,
	durationSeconds: 240,
	partial: false,
	tags: {artist: `Artist ${i % 800}`, title: `Track ${i}`, trackNumber: i % 14},
	analysis: analysis(i),
});

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)]!;
}

function time(run: () => void): number {
	const start = performance.now();
	run();
	return performance.now() - start;
}

type Figures = {
	engine: EngineName;
	sqlite: string;
	saveMs: number;
	fillSeconds: number;
	planMs: number;
	readMs: number;
	normalMs: number;
	fullMs: number;
	bytes: number;
};

function measure(engine: EngineName, base: ReturnType<typeof template>): Figures {
	const file = copyOf(base.file, `${engine.replace(':', '-')}.db`);
	let db = open(engine, file);
	configure(db);
	const sqlite = db.version;
	const save = saver(db, base.sql);
	const saves: number[] = [];
	const fillMs = time(() => {
		for (let i = 0; i < tracks.length; i++) saves.push(time(() => save(analysed(i))));
	});
	db.close();
	const bytes = fs.statSync(file).size;

	db = open(engine, file);
	configure(db);
	const plannedTracks = db.prepare(base.sql.plannedTracks, true);
	const plannedFailures = db.prepare(base.sql.plannedFailures, true);
	const plans: number[] = [];
	for (let i = 0; i < 6; i++) {
		plans.push(
			time(() => {
				const range = pathRange('/music');
				const plan = planTracks(
					tracks,
					withStringPaths(plannedTracks.all(...range) as PlannedRow[], 1),
					withStringPaths(plannedFailures.all(...range) as PlannedFailure[], 0),
					{retryFailed: false, featuresVersion: 1},
				);
				if (plan.unchanged !== tracks.length) throw new Error(`${engine}: plan found ${plan.unchanged} unchanged, not ${tracks.length}`);
			}),
		);
	}
	const everything = db.prepare(`SELECT ${TRACK_COLUMNS} FROM tracks t JOIN features f ON f.track_id = t.id WHERE t.features_version = ? ORDER BY t.path`);
	const reads: number[] = [];
	for (let i = 0; i < 3; i++) {
		reads.push(
			time(() => {
				const all = (everything.all(1) as TrackRow[]).map(row => toStoredTrack(row));
				if (all.length !== tracks.length || all[0]!.analysis.vector.length !== 32) throw new Error(`${engine}: read ${all.length} tracks`);
			}),
		);
	}
	db.close();
	return {
		engine,
		sqlite,
		saveMs: median(saves),
		fillSeconds: fillMs / 1000,
		planMs: median(plans.slice(1)),
		readMs: median(reads),
		normalMs: commitCost(engine, 'NORMAL', 1000),
		fullMs: commitCost(engine, 'FULL', 300),
		bytes,
	};
}

/** One small transaction in WAL mode at a synchronous level, as bench/store.ts measures it. */
function commitCost(engine: EngineName, level: 'NORMAL' | 'FULL', commits: number): number {
	const file = path.join(dir, `commit-${engine.replace(':', '-')}-${level}.db`);
	for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, {force: true});
	const db = open(engine, file);
	configure(db, level);
	db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, path TEXT UNIQUE, payload TEXT)');
	const insert = db.prepare('INSERT INTO t (path, payload) VALUES (?, ?)');
	const payload = JSON.stringify(analysis(1));
	const times: number[] = [];
	for (let i = 0; i < commits; i++) times.push(time(() => db.transaction(() => insert.run(`/x/${i}`, payload))));
	db.close();
	return median(times);
}

/**
 * The child of a kill round: saves tracks without end, and after each commit returns writes how many
 * are committed to `countFile` (in place, fixed width: a file, not a pipe that could fill up).
 */
function saveUntilKilled(engine: EngineName, file: string, sqlFile: string, countFile: string): void {
	const db = open(engine, file);
	configure(db);
	const save = saver(db, JSON.parse(fs.readFileSync(sqlFile, 'utf8')) as ReturnType<typeof template>['sql']);
	const count = fs.openSync(countFile, 'w');
	for (let i = 0; ; i++) {
		save(analysed(i));
		fs.writeSync(count, String(i + 1).padStart(10), 0);
	}
}

type KillRound = {committed: number; stored: number; features: number; integrity: string};

const committedCount = (countFile: string) => {
	try {
		return Number(fs.readFileSync(countFile, 'utf8').trim() || 0);
	} catch {
		return 0;
	}
};

/** Starts a child that saves, kills it with SIGKILL `afterMs` after its first commit, and checks the file with better-sqlite3. */
async function killRound(engine: EngineName, base: ReturnType<typeof template>, sqlFile: string, afterMs: number): Promise<KillRound> {
	const file = copyOf(base.file, `kill-${engine.replace(':', '-')}.db`);
	const countFile = `${file}.count`;
	fs.rmSync(countFile, {force: true});
	const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child', engine, file, sqlFile, countFile], {
		stdio: ['ignore', 'inherit', 'inherit'],
		env: {...process.env, NODE_NO_WARNINGS: '1'},
	});
	const exited = new Promise<NodeJS.Signals | null>(resolve => child.on('exit', (_code, signal) => resolve(signal)));
	while (committedCount(countFile) === 0) await new Promise(resolve => setTimeout(resolve, 20));
	await new Promise(resolve => setTimeout(resolve, afterMs));
	child.kill('SIGKILL');
	if ((await exited) !== 'SIGKILL') throw new Error(`${engine}: the saving child ended before it was killed`);
	const committed = committedCount(countFile);
	const db = new Database(file, binding ? {nativeBinding: binding} : {});
	const integrity = db.pragma('integrity_check', {simple: true}) as string;
	const stored = (db.prepare('SELECT count(*) AS n FROM tracks').get() as {n: number}).n;
	const features = (db.prepare('SELECT count(*) AS n FROM features').get() as {n: number}).n;
	db.close();
	return {committed, stored, features, integrity};
}

async function killRounds(engine: EngineName, base: ReturnType<typeof template>): Promise<KillRound[]> {
	const sqlFile = path.join(dir, 'statements.json');
	fs.writeFileSync(sqlFile, JSON.stringify(base.sql));
	const rounds: KillRound[] = [];
	// Kills spread over the first seconds of saving, so that some land during a WAL checkpoint.
	for (let round = 0; round < KILL_ROUNDS; round++) rounds.push(await killRound(engine, base, sqlFile, 200 + ((round * 7919) % 2800)));
	return rounds;
}

export async function runStoreEngineBench(): Promise<string> {
	fs.rmSync(dir, {recursive: true, force: true});
	fs.mkdirSync(dir, {recursive: true});
	const base = template();
	let hasNodeSqlite = true;
	try {
		createRequire(import.meta.url)('node:sqlite');
	} catch {
		hasNodeSqlite = false;
	}
	const engines: EngineName[] = hasNodeSqlite ? ['better-sqlite3', 'node:sqlite'] : ['better-sqlite3'];
	const figures: Figures[] = [];
	const kills = new Map<EngineName, KillRound[]>();
	// Each engine twice, in the order A B B A, and the better of its two: other work on the machine
	// slows whichever run it meets, and this keeps that from deciding between the engines.
	const runs = [...engines, ...[...engines].reverse()].map(engine => measure(engine, base));
	for (const engine of engines) {
		const [first, second] = runs.filter(run => run.engine === engine) as [Figures, Figures];
		const best = Object.fromEntries(
			Object.entries(first).map(([key, value]) => [
				key,
				typeof value === 'number' && key !== 'bytes' ? Math.min(value, second[key as keyof Figures] as number) : value,
			]),
		) as Figures;
		figures.push(best);
		kills.set(engine, await killRounds(engine, base));
	}
	fs.rmSync(dir, {recursive: true, force: true});

	const ms = (value: number) => `${value.toFixed(value < 10 ? 3 : 0)} ms`;
	const row = (label: string, value: (f: Figures) => string) => `| ${label} | ${figures.map(value).join(' | ')} |`;
	const killText = (engine: EngineName) => {
		const rounds = kills.get(engine)!;
		const intact = rounds.filter(round => round.integrity === 'ok').length;
		const lost = rounds.reduce((sum, round) => sum + Math.max(0, round.committed - round.stored), 0);
		const whole = rounds.every(round => round.features === round.stored);
		const range = `${Math.min(...rounds.map(round => round.stored))}–${Math.max(...rounds.map(round => round.stored))}`;
		return `${intact} of ${rounds.length} ok; ${lost} committed tracks lost; ${whole ? 'every track with its features' : 'tracks without features'} (${range} stored)`;
	};
	return [
		`## Store engine: better-sqlite3 against node:sqlite (Node ${process.versions.node})`,
		'',
		`The store's schema and statements, ${tracks.length.toLocaleString('en')} synthetic tracks as in the store benchmark; WAL, synchronous=NORMAL, as the store opens its file.`,
		'',
		`| measure (the better of two runs) | ${figures.map(f => `${f.engine} (SQLite ${f.sqlite})`).join(' | ')} |`,
		`| --- | ${figures.map(() => '---').join(' | ')} |`,
		row('saveTrack: one transaction per track (median)', f => `${ms(f.saveMs)}; ${tracks.length.toLocaleString('en')} in ${f.fillSeconds.toFixed(1)} s`),
		row(`plan: ${tracks.length.toLocaleString('en')} scanned, all stored (median of 5)`, f => ms(f.planMs)),
		row('every track read back as StoredTrack (median of 3)', f => ms(f.readMs)),
		row('one small commit, synchronous=NORMAL / FULL (median)', f => `${ms(f.normalMs)} / ${ms(f.fullMs)}`),
		row('store file', f => `${(f.bytes / 2 ** 20).toFixed(1)} MiB`),
		row(`kill -9 while saving, ${KILL_ROUNDS} rounds: integrity_check`, f => killText(f.engine)),
		'',
	].join('\n');
}

if (process.argv[2] === '--child') {
	saveUntilKilled(process.argv[3] as EngineName, process.argv[4]!, process.argv[5]!, process.argv[6]!);
} else if (import.meta.url === `file://${process.argv[1]}`) {
	const section = await runStoreEngineBench();
	const text = `# Store engine benchmark\n\nMachine: ${describeMachine()}.\nRun: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, \`node --import=tsx bench/store-engine.ts\`.\n\n${section}`;
	fs.writeFileSync(path.join(here, 'store-engine-results.md'), text);
	console.log(text);
}
