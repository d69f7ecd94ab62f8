/**
 * `npm run scheduler -- --once`: one sweep (for an external cron), then exit.
 * Without --once it keeps sweeping every SCHEDULER_INTERVAL_SECONDS. Safe to run
 * beside servers on the same PostgreSQL: no reminder is sent twice.
 */
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { createLogger } from '../logger';
import { createStegvis } from '../server';

const once = process.argv.includes('--once');
const config = loadConfig();
const logger = createLogger(config);
const database = await openDatabase(config.database);
const stegvis = await createStegvis({ config, database, logger });

if (once) {
  const report = await stegvis.scheduler.sweepOnce();
  console.log(JSON.stringify(report));
  await stegvis.close();
  await database.close();
} else {
  stegvis.scheduler.start(Math.max(config.scheduler.intervalSeconds, 1) * 1000, { keepAlive: true });
  const stop = async () => {
    await stegvis.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}
