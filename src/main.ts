/** `npm start`: migrate, seed, listen; shut down cleanly on SIGINT/SIGTERM. With WORKERS=N, N such processes (src/cluster.ts). */
import cluster from 'node:cluster';
import { runPrimary } from './cluster';
import { ConfigError, loadConfig, type Config } from './config';
import { openDatabase } from './db/database';
import { DEMO_USERS } from './db/demo-users';
import { createLogger } from './logger';
import { createStegvis } from './server';
import { startupLine } from './startup-line';

const config = loadConfigOrExit();
const logger = createLogger(config);
if (config.workers > 1 && cluster.isPrimary) runPrimary(config, logger);
else await serve();

async function serve() {
  const database = await openDatabase(config.database);
  logger.info({ database: database.kind }, database.kind === 'pglite' ? `Embedded PostgreSQL (PGlite) in ${config.database.kind === 'pglite' ? config.database.dataDir : ''}` : 'PostgreSQL server');
  const stegvis = await createStegvis({ config, database, logger });
  const server = await stegvis.listen().catch(async (error: NodeJS.ErrnoException) => {
    logger.fatal({ code: error.code, port: config.port, host: config.host }, `Cannot listen on ${config.host}:${config.port}: ${error.message}`);
    await database.close();
    process.exit(1);
  });
  const address = server.address();
  const listeningPort = typeof address === 'object' && address ? address.port : config.port;
  logger.info({ host: config.host, port: listeningPort, node: process.version }, 'Stegvis is listening');
  // For the person who ran `npm start`: on stderr, so stdout stays one JSON object a line for log collectors.
  if (!cluster.isWorker || process.env.STEGVIS_WORKER_INDEX === '0') process.stderr.write(startupLine({ host: config.host, port: listeningPort, demoUsers: config.auth.mode === 'dev' ? DEMO_USERS : undefined }));
  if (config.auth.mode === 'dev' && !process.env.HOST) logger.info('Dev mode listens on 127.0.0.1 only; set HOST (e.g. HOST=0.0.0.0) to reach it from other machines');
  if (config.scheduler.intervalSeconds > 0) {
    stegvis.scheduler.start(config.scheduler.intervalSeconds * 1000);
    logger.info({ intervalSeconds: config.scheduler.intervalSeconds }, 'Scheduler runs in this process');
  } else {
    logger.info('Scheduler disabled here (SCHEDULER_INTERVAL_SECONDS=0): run `npm run scheduler -- --once` from cron');
  }

  let stopping = false;
  async function shutdown(signal: string) {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'Shutting down');
    await stegvis.close();
    await database.close();
    process.exit(0);
  }
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

/** A bad environment stops the start with the list of what to fix: a message for the operator, not a stack trace. */
function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Stegvis cannot start. ${error.message}`);
    process.exit(1);
  }
}
