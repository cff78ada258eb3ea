#!/usr/bin/env node
// The `casebook` command: runs the TypeScript sources through tsx's loader.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../apps/server/src/cli/cli.ts');
process.exitCode = await runCli(process.argv.slice(2));
