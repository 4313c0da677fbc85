/**
 * better-sqlite3's compiled module built for another Node.js (a NAS whose Node.js was upgraded under an
 * installed playlistgen): the CLI says what it is and how to fix it, exit 1, and does not blame the store.
 * The module is a real one that Node.js itself refuses: a small shared library registering itself with
 * another NODE_MODULE_VERSION, in a copy of the installed package where better_sqlite3.node would be.
 */
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {LibraryStore} from '../../source/store/library-store.js';
import {cliPath, tempDir} from '../helpers/fixtures.js';

const repoRoot = path.dirname(path.dirname(cliPath));
const OTHER_VERSION = Number(process.versions.modules) === 127 ? 137 : 127;

/** Node's node_module record, registered when the library loads, as NODE_MODULE does. */
const ADDON_SOURCE = `
struct node_module {
	int nm_version; unsigned int nm_flags; void *nm_dso_handle; const char *nm_filename;
	void *nm_register_func; void *nm_context_register_func; const char *nm_modname; void *nm_priv; struct node_module *nm_link;
};
extern void node_module_register(void *module);
static struct node_module module = {${OTHER_VERSION}, 0, 0, "other-node.c", 0, 0, "better_sqlite3", 0, 0};
static void registered(void) __attribute__((constructor));
static void registered(void) { node_module_register(&module); }
`;

const compiler = spawnSync('cc', ['--version']).status === 0;

(compiler ? test : test.skip)('a SQLite module compiled for another Node.js: what it is and the fix, exit 1, the store untouched', async t => {
	const dir = tempDir(t);
	// playlistgen as installed: its dist and package.json, its dependencies, and a better-sqlite3 whose
	// compiled module is the one built for the other Node.js.
	const app = path.join(dir, 'app');
	fs.cpSync(path.join(repoRoot, 'dist'), path.join(app, 'dist'), {recursive: true});
	fs.copyFileSync(path.join(repoRoot, 'package.json'), path.join(app, 'package.json'));
	const modules = path.join(repoRoot, 'node_modules');
	fs.mkdirSync(path.join(app, 'node_modules'));
	for (const entry of fs.readdirSync(modules)) {
		if (entry !== 'better-sqlite3') fs.symlinkSync(path.join(modules, entry), path.join(app, 'node_modules', entry), 'dir');
		else fs.mkdirSync(path.join(app, 'node_modules', entry), {recursive: true});
	}
	const sqlite = path.join(app, 'node_modules', 'better-sqlite3');
	fs.cpSync(path.join(modules, 'better-sqlite3', 'lib'), path.join(sqlite, 'lib'), {recursive: true});
	fs.copyFileSync(path.join(modules, 'better-sqlite3', 'package.json'), path.join(sqlite, 'package.json'));
	fs.mkdirSync(path.join(sqlite, 'build', 'Release'), {recursive: true});
	fs.writeFileSync(path.join(dir, 'other-node.c'), ADDON_SOURCE);
	const built = spawnSync('cc', ['-shared', '-fPIC', '-o', path.join(sqlite, 'build', 'Release', 'better_sqlite3.node'), path.join(dir, 'other-node.c')], {
		encoding: 'utf8',
	});
	t.is(built.status, 0, built.stderr);

	// A store written by this playlistgen while its module still loaded.
	const db = path.join(dir, 'store', 'library.db');
	const store = await LibraryStore.open(db);
	store.close();
	const before = fs.readFileSync(db);
	const env = {HOME: dir, XDG_CONFIG_HOME: path.join(dir, 'config'), XDG_CACHE_HOME: path.join(dir, 'cache')};
	for (const command of [['stats'], ['analyze', dir, '--no-tui']]) {
		const result = spawnSync(process.execPath, [path.join(app, 'dist', 'cli.js'), ...command, '--db', db], {
			env: {...process.env, NO_COLOR: '1', ...env},
			cwd: dir,
			encoding: 'utf8',
			timeout: 60_000,
		});
		const what = `${command[0]}: ${result.stderr}`;
		t.is(result.status, 1, what);
		t.true(
			result.stderr.includes(
				`better-sqlite3, the SQLite module playlistgen keeps its store with, was compiled for another Node.js (NODE_MODULE_VERSION ${OTHER_VERSION}; ` +
					`this Node.js ${process.version} needs ${process.versions.modules}): rebuild it for this Node.js with "npm rebuild better-sqlite3" in ${app}`,
			),
			what,
		);
		t.notRegex(result.stderr, /cannot (create|open) the store/, what);
		t.notRegex(result.stderr, /^\s+at /m, what);
	}
	t.deepEqual(fs.readFileSync(db), before, 'the store untouched');
	t.deepEqual(fs.readdirSync(path.join(dir, 'store')).sort(), ['library.db', 'library.db.lock']);
});
