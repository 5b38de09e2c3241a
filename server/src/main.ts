import { ConfigError, loadConfig } from './config.ts';
import { startServer } from './app.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const server = await startServer(config);
  // One line on stdout even at the quiet default log level: people and tests look for it.
  process.stdout.write(`Journeyboard listening on ${server.url}\n`);

  let signalled = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (signalled) return;
    signalled = true;
    server.http.log.warn({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.http.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`Journeyboard failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
