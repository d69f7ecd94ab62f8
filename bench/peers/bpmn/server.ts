/**
 * The peer: the same referral flow as BPMN 2.0 (referral.bpmn), run by the npm
 * package bpmn-engine and persisted to PostgreSQL after every step the way its
 * documentation describes (engine.getState() → store; later new Engine().recover(state),
 * resume(), signal the waiting user task, getState() again). Every step is one
 * transaction on a pool of 10 connections, like Stegvis: lock the instance row,
 * recover, signal, store the new state with a version check, append a history row.
 *
 *   POST /cases                 → { id }            (starts an instance, waits at the first task)
 *   POST /cases/:id/events      { type, ...payload } → { id, version, waiting }
 *
 * No authentication, no roles, no deadlines: all of that is work Stegvis does per
 * transition and the peer does not, so the comparison favours the peer.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { Engine } from 'bpmn-engine';
import express from 'express';
import pg from 'pg';

const source = readFileSync(new URL('./referral.bpmn', import.meta.url), 'utf8');
const pool = new pg.Pool({ connectionString: process.env.PEER_DATABASE_URL, max: 10 });

export const PEER_SCHEMA = `
  CREATE TABLE IF NOT EXISTS peer_instance (id uuid PRIMARY KEY, state jsonb NOT NULL, version int NOT NULL, updated_at timestamptz NOT NULL);
  CREATE TABLE IF NOT EXISTS peer_event (id bigserial PRIMARY KEY, instance_id uuid NOT NULL REFERENCES peer_instance(id), seq int NOT NULL,
    type text NOT NULL, payload jsonb NOT NULL, occurred_at timestamptz NOT NULL, UNIQUE (instance_id, seq));`;

interface Postponed {
  id: string;
  type: string;
}

/** Keeps each finished user task's output in the environment, where gateway conditions read it. */
function outputListener(engine: Engine): EventEmitter {
  const listener = new EventEmitter();
  listener.on('activity.end', (api: { id: string; type: string; content: { output?: Record<string, unknown> } }) => {
    if (api.type === 'bpmn:UserTask' && api.content.output) Object.assign(engine.environment.output, api.content.output);
  });
  return listener;
}

function waitingTasks(postponed: Postponed[]): string[] {
  return postponed.filter((activity) => activity.type === 'bpmn:UserTask').map((activity) => activity.id);
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const app = express();
app.use(express.json({ limit: '100kb' }));

app.post('/cases', async (_req, res) => {
  const id = randomUUID();
  const engine = new Engine({ name: id, source });
  const execution = await engine.execute({ listener: outputListener(engine) });
  const state = await engine.getState();
  const waiting = waitingTasks(execution.getPostponed() as Postponed[]);
  await engine.stop();
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('INSERT INTO peer_instance (id, state, version, updated_at) VALUES ($1, $2, 1, now())', [id, JSON.stringify(state)]);
    await client.query(`INSERT INTO peer_event (instance_id, seq, type, payload, occurred_at) VALUES ($1, 1, 'CASE_CREATED', '{}', now())`, [id]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
  res.status(201).json({ id, version: 1, waiting });
});

app.post('/cases/:id/events', async (req, res) => {
  const { type, ...payload } = req.body as { type?: string } & Record<string, unknown>;
  if (typeof type !== 'string') throw new HttpError(400, 'type is required');
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const row = (await client.query<{ state: unknown; version: number }>('SELECT state, version FROM peer_instance WHERE id = $1 FOR UPDATE', [req.params.id])).rows[0];
    if (!row) throw new HttpError(404, 'no such case');
    const engine = new Engine({ name: req.params.id });
    engine.recover(row.state);
    const execution = await engine.resume({ listener: outputListener(engine) });
    const task = waitingTasks(execution.getPostponed() as Postponed[]).find((id) => id === type || id.startsWith(`${type}_`));
    if (!task) throw new HttpError(409, `${type} is not possible now`);
    execution.signal({ id: task, ...payload });
    const state = await engine.getState();
    const waiting = waitingTasks(execution.getPostponed() as Postponed[]);
    // Stop a waiting engine (it lives on in the database); a completed one has nothing to stop, and stop() would never resolve.
    if (waiting.length > 0) await engine.stop();
    const version = row.version + 1;
    const updated = await client.query('UPDATE peer_instance SET state = $2, version = $3, updated_at = now() WHERE id = $1 AND version = $4', [
      req.params.id,
      JSON.stringify(state),
      version,
      row.version,
    ]);
    if (updated.rowCount !== 1) throw new HttpError(409, 'changed meanwhile');
    await client.query('INSERT INTO peer_event (instance_id, seq, type, payload, occurred_at) VALUES ($1, $2, $3, $4, now())', [
      req.params.id,
      version,
      type,
      JSON.stringify(payload),
    ]);
    await client.query('COMMIT');
    res.json({ id: req.params.id, version, waiting });
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
});

app.get('/healthz', (_req, res) => {
  res.json({ status: 'ok' });
});

app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
  const status = error instanceof HttpError ? error.status : 500;
  res.status(status).json({ error: error instanceof Error ? error.message : String(error) });
});

await pool.query(PEER_SCHEMA);
const port = Number(process.env.PORT ?? 3100);
app.listen(port, '127.0.0.1');
