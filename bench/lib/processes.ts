/** Child processes of the benchmark: the Stegvis server under test, the peer, scheduler processes. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { benchConfig, ROOT_DIR } from './config';

export const DEV_TOKEN_SECRET = 'stegvis-benchmark-dev-token-secret-0123456789';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** CPU time (user + system) a process has used, in ms, from /proc; NaN where /proc is absent. */
export function processCpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime in clock ticks of 10 ms
  } catch {
    return Number.NaN;
  }
}

export interface Child {
  pid: number;
  process: ChildProcess;
  /** Resident memory in MiB (from /proc), or NaN where /proc is absent. */
  rssMiB(): number;
  stop(): Promise<void>;
  /** The last lines it wrote to stderr (for error messages). */
  stderrTail(): string;
  /** Lines written to stdout, when started with `captureStdout`. */
  stdoutLines: string[];
}

/** `node --import tsx <script>` under nice, in the project directory. */
export function startNode(
  script: string,
  env: Record<string, string>,
  options: { args?: string[]; nodeArgs?: string[]; captureStdout?: boolean } = {},
): Child {
  const nodeArgs = [...(options.nodeArgs ?? []), '--import', 'tsx', script, ...(options.args ?? [])];
  const useNice = benchConfig.nice > 0 && process.platform === 'linux';
  const command = useNice ? 'nice' : process.execPath;
  const args = useNice ? ['-n', String(benchConfig.nice), process.execPath, ...nodeArgs] : nodeArgs;
  const child = spawn(command, args, { cwd: ROOT_DIR, env: { ...process.env, ...env }, stdio: ['ignore', options.captureStdout ? 'pipe' : 'ignore', 'pipe'] });
  let stderr = '';
  const stdoutLines: string[] = [];
  let partial = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    stdoutLines.push(...lines);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    // `nice` execs node, so the pid is node's own.
    pid: child.pid ?? -1,
    process: child,
    rssMiB() {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
        return Math.round((kb / 1024) * 10) / 10;
      } catch {
        return Number.NaN;
      }
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timeout = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timeout);
    },
    stderrTail: () => stderr,
    stdoutLines,
  };
}

export async function waitForHttp(url: string, child: Child, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.process.exitCode !== null) throw new Error(`The process under test exited (${child.process.exitCode}) before answering ${url}:\n${child.stderrTail()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s:\n${child.stderrTail()}`);
}

export interface StegvisServer extends Child {
  baseUrl: string;
}

/**
 * Starts `src/main.ts` as a separate process: on PostgreSQL (databaseUrl) or on embedded PGlite (dataDir).
 * The server takes a free port itself (PORT=0) and the benchmark reads it from its startup line: a port
 * picked here and handed over could be taken by another process in between (on a machine shared with
 * other test runs), and the benchmark would then time whichever server answered there, which rejected
 * its tokens (401 token_signature_invalid) or was gone.
 */
export async function startStegvis(target: { databaseUrl: string } | { dataDir: string }, extraEnv: Record<string, string> = {}): Promise<StegvisServer> {
  const env: Record<string, string> = {
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: benchConfig.serverLogLevel,
    SCHEDULER_INTERVAL_SECONDS: '0',
    DEV_TOKEN_SECRET,
    DATABASE_URL: 'databaseUrl' in target ? target.databaseUrl : '',
    STEGVIS_DATA_DIR: 'dataDir' in target ? target.dataDir : '',
    SMTP_URL: '',
    // The bench is one user sending thousands of requests: no per-user rate limits (the statistics' 20 a minute included).
    API_RATE_LIMIT_PER_MINUTE: '0',
    LOOKUP_RATE_LIMIT_PER_MINUTE: '0',
    STATISTICS_RATE_LIMIT_PER_MINUTE: '0',
    ...extraEnv,
  };
  const child = startNode('src/main.ts', env);
  try {
    const port = await listeningPort(child);
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitForHttp(`${baseUrl}/readyz`, child);
    return { ...child, baseUrl };
  } catch (error) {
    await child.stop();
    throw error;
  }
}

/** The port in the server's startup line (`Stegvis: öppna http://localhost:<port>/`, src/startup-line.ts). */
async function listeningPort(child: Child, timeoutMs = 180_000): Promise<number> {
  const stderr = child.process.stderr!;
  return new Promise((resolve, reject) => {
    let seen = '';
    const done = (error: Error | null, port?: number) => {
      clearTimeout(timer);
      stderr.off('data', onData);
      child.process.off('exit', onExit);
      if (error) reject(error);
      else resolve(port!);
    };
    const onData = (chunk: Buffer) => {
      seen = (seen + chunk.toString('utf8')).slice(-4000);
      const match = /Stegvis: öppna http:\/\/[^\s/]+:(\d+)\//.exec(seen);
      if (match) done(null, Number(match[1]));
    };
    const onExit = () => done(new Error(`The server exited (${child.process.exitCode}) before it listened:\n${child.stderrTail()}`));
    const timer = setTimeout(() => done(new Error(`The server printed no startup line within ${timeoutMs / 1000} s:\n${child.stderrTail()}`)), timeoutMs);
    stderr.on('data', onData);
    child.process.once('exit', onExit);
  });
}
