#!/usr/bin/env node
// Kept small: on a terminal, the live view's first frame goes on screen before the rest of the CLI
// (configuration, store, engine, React) is even read.
import module from 'node:module';
import {startLiveScreenEarly} from './commands/live-start.js';

// Node 22.1 and later keep compiled code between runs; Node 20 has no such cache for ES modules.
(module as {enableCompileCache?: () => unknown}).enableCompileCache?.();
await startLiveScreenEarly(process.argv.slice(2));
const {main} = await import('./commands/main.js');
process.exitCode = await main(process.argv.slice(2));
