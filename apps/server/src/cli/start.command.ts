import type { Config } from '../config/config.ts';
import { startServer } from '../main.ts';

export async function runStart(config: Config): Promise<number> {
  const server = await startServer(config);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      process.stdout.write(`\n  ${signal}: stopping Casebook…\n`);
      server.stop().then(resolve, (error) => {
        process.stderr.write(`Error while stopping: ${(error as Error).message}\n`);
        resolve();
      });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  return 0;
}
