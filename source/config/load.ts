import {cosmiconfig} from 'cosmiconfig';
import {ConfigError, envLayer, fileLayer, resolveConfig, type Layer, type Resolved} from './resolve.js';

export type ConfigFile = {filepath: string; contents: unknown};

/**
 * Finds the configuration file: the one named by --config, else the first of .playlistgenrc,
 * .playlistgenrc.{json,yaml,yml,js,cjs,mjs}, playlistgen.config.{js,cjs,mjs} or package.json's
 * "playlistgen" key, from the working directory upwards, then the user's config folder.
 */
export async function findConfigFile(options: {explicit?: string; cwd?: string} = {}): Promise<ConfigFile | undefined> {
	const explorer = cosmiconfig('playlistgen', {searchStrategy: 'global', cache: false});
	try {
		const result = options.explicit ? await explorer.load(options.explicit) : await explorer.search(options.cwd ?? process.cwd());
		return result ? {filepath: result.filepath, contents: result.config} : undefined;
	} catch (error) {
		const where = options.explicit ?? 'configuration file';
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT') throw new ConfigError([`--config ${options.explicit}: no such file`]);
		throw new ConfigError([`${where}: cannot be read: ${(error as Error).message.split('\n')[0]}`]);
	}
}

/** Resolves the whole configuration: defaults < file < environment < flags. */
export async function loadConfig(options: {
	explicitFile?: string;
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	flags?: Layer;
}): Promise<Resolved & {file: ConfigFile | undefined}> {
	const warnings: string[] = [];
	const file = await findConfigFile({explicit: options.explicitFile, cwd: options.cwd});
	const layers: Layer[] = [];
	if (file) layers.push(fileLayer(file.filepath, file.contents, warnings));
	layers.push(envLayer(options.env ?? process.env));
	if (options.flags) layers.push(options.flags);
	return {...resolveConfig(layers, warnings), file};
}
