/** Configuration from the environment, validated once at startup. */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { PROJECT_ROOT } from './project-root';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type DatabaseConfig = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };

export interface DevAuthConfig {
  mode: 'dev';
  devTokenSecret: string;
  /** True when DEV_TOKEN_SECRET was absent: tokens then die with the process. */
  devTokenSecretGenerated: boolean;
  devTokenTtlSeconds: number;
}

export interface JwksAuthConfig {
  mode: 'jwks';
  jwksUrl: string;
  issuer: string;
  audience: string;
  claims: { role: string; unit: string; name: string };
  clockToleranceSeconds: number;
}

export type AuthConfig = DevAuthConfig | JwksAuthConfig;

export interface MailConfig {
  /** smtp:// or smtps:// URL; null = write e-mails to the outbox table instead (the embedded default). */
  smtpUrl: string | null;
  from: string;
  /** Base of the links in e-mails. */
  publicBaseUrl: string;
}

/**
 * Express's `trust proxy`: false (default: the address of the connection is the client's), a number of
 * proxy hops, or the proxies' addresses and subnets (and `loopback`, `linklocal`, `uniquelocal`).
 */
export type TrustProxy = false | number | readonly string[];

export interface Config {
  readonly port: number;
  /** HOST; default 127.0.0.1 in dev auth mode (demo users must not be reachable from the network), 0.0.0.0 in jwks mode. */
  readonly host: string;
  /** TRUST_PROXY: which proxies may say who the client is (X-Forwarded-For), for the access log and the rate limits. */
  readonly trustProxy: TrustProxy;
  /** Requests a minute per user: the whole authenticated API, and the personnummer look-ups (POST /api/clients, /api/cases). 0 = no limit. */
  readonly rateLimits: { readonly apiPerMinute: number; readonly lookupPerMinute: number; readonly statisticsPerMinute: number; readonly registerutdragPerMinute: number };
  /** Absolute STEGVIS_DATA_DIR. */
  readonly dataDir: string;
  readonly logLevel: LogLevel;
  readonly database: Readonly<DatabaseConfig>;
  readonly auth: Readonly<AuthConfig>;
  readonly mail: Readonly<MailConfig>;
  /** 0 = no scheduler inside this process (run `npm run scheduler -- --once` from cron). */
  readonly scheduler: { readonly intervalSeconds: number };
  /** WORKERS: server processes on one port (node:cluster), the scheduler in the first only; more than 1 needs DATABASE_URL. */
  readonly workers: number;
  /** Absolute path of the bedömningsstöd's questionnaire files (QUESTIONNAIRE_DIR). */
  readonly questionnaireDir: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const isLoopback = (url: URL) => ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);

const ZEnv = z.object({
  PORT: z.coerce.number({ error: 'must be a number' }).int().min(0).max(65535).default(3000),
  // Default by auth mode (below): dev mode listens on loopback only.
  HOST: z.string().optional(),
  NODE_ENV: z.string().optional(),
  TRUST_PROXY: z.string().optional(),
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number({ error: 'must be a number of requests (0 = no limit)' }).int().min(0).default(600),
  LOOKUP_RATE_LIMIT_PER_MINUTE: z.coerce.number({ error: 'must be a number of requests (0 = no limit)' }).int().min(0).default(30),
  STATISTICS_RATE_LIMIT_PER_MINUTE: z.coerce.number({ error: 'must be a number of requests (0 = no limit)' }).int().min(0).default(20),
  REGISTERUTDRAG_RATE_LIMIT_PER_MINUTE: z.coerce.number({ error: 'must be a number of requests (0 = no limit)' }).int().min(0).default(10),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgresql:// URL' }).optional(),
  STEGVIS_DATA_DIR: z.string().default('./data'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  // http only on loopback (tests, a local IdP); anything else must be https.
  AUTH_JWKS_URL: z
    .url({ protocol: /^https?$/, error: 'must be an https:// URL' })
    .refine((value) => value.startsWith('https:') || isLoopback(new URL(value)), 'must be https:// (http:// only for localhost)')
    .optional(),
  AUTH_ISSUER: z.string().optional(),
  AUTH_AUDIENCE: z.string().optional(),
  AUTH_ROLE_CLAIM: z.string().default('stegvis_role'),
  AUTH_UNIT_CLAIM: z.string().default('stegvis_unit'),
  AUTH_NAME_CLAIM: z.string().default('name'),
  AUTH_CLOCK_TOLERANCE_SECONDS: z.coerce.number({ error: 'must be a number of seconds' }).int().min(0).max(600).default(30),
  DEV_TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters (HS256 key)').optional(),
  DEV_TOKEN_TTL_SECONDS: z.coerce.number({ error: 'must be a number of seconds' }).int().positive().default(8 * 60 * 60),
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  // `address@host` or `Name <address@host>`: a bad sender should stop start-up, not fail every send.
  MAIL_FROM: z
    .string()
    .regex(/^(?:[^<>]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/, 'must be an address, e.g. Stegvis <noreply@example.se>')
    .default('Stegvis <noreply@stegvis.local>'),
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL' }).optional(),
  QUESTIONNAIRE_DIR: z.string().optional(),
  SCHEDULER_INTERVAL_SECONDS: z.coerce.number({ error: 'must be a number of seconds' }).int().min(0).max(86_400).default(60),
  WORKERS: z.coerce.number({ error: 'must be a number of processes' }).int().min(1).max(64).default(1),
});

/** The questionnaires shipped with Stegvis (content/bedomningsstod); a municipality may point QUESTIONNAIRE_DIR at its own. */
export const DEFAULT_QUESTIONNAIRE_DIR = path.join(PROJECT_ROOT, 'content', 'bedomningsstod');

/** One random dev secret per process, so every loadConfig() call in a process agrees. */
let processDevSecret: string | undefined;

export function loadConfig(env: NodeJS.ProcessEnv | Record<string, string | undefined> = process.env): Config {
  // An empty variable counts as unset (common in .env files and compose).
  const raw = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = ZEnv.safeParse(raw);
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  if (raw.AUTH_JWKS_URL) {
    for (const name of ['AUTH_ISSUER', 'AUTH_AUDIENCE'] as const) {
      if (!raw[name]) problems.push(`${name}: required when AUTH_JWKS_URL is set`);
    }
  } else if (raw.NODE_ENV === 'production') {
    problems.push(
      'AUTH_JWKS_URL: required when NODE_ENV=production. Without it Stegvis runs in dev mode (demo users, dev login without a password, a movable clock), which must never hold real cases; set AUTH_JWKS_URL, AUTH_ISSUER and AUTH_AUDIENCE',
    );
  }
  if (Number(raw.WORKERS ?? 1) > 1 && !raw.DATABASE_URL) {
    problems.push('WORKERS: more than one process needs DATABASE_URL (a PostgreSQL server); the embedded database belongs to one process');
  }
  const trustProxy = parseTrustProxy(raw.TRUST_PROXY, problems);
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;

  const dataDir = path.resolve(e.STEGVIS_DATA_DIR);
  const auth: AuthConfig = e.AUTH_JWKS_URL
    ? {
        mode: 'jwks',
        jwksUrl: e.AUTH_JWKS_URL,
        issuer: e.AUTH_ISSUER!,
        audience: e.AUTH_AUDIENCE!,
        claims: { role: e.AUTH_ROLE_CLAIM, unit: e.AUTH_UNIT_CLAIM, name: e.AUTH_NAME_CLAIM },
        clockToleranceSeconds: e.AUTH_CLOCK_TOLERANCE_SECONDS,
      }
    : {
        mode: 'dev',
        devTokenSecret: e.DEV_TOKEN_SECRET ?? (processDevSecret ??= randomBytes(32).toString('base64url')),
        devTokenSecretGenerated: e.DEV_TOKEN_SECRET === undefined,
        devTokenTtlSeconds: e.DEV_TOKEN_TTL_SECONDS,
      };

  return deepFreeze({
    port: e.PORT,
    host: e.HOST ?? (auth.mode === 'dev' ? '127.0.0.1' : '0.0.0.0'),
    trustProxy,
    rateLimits: { apiPerMinute: e.API_RATE_LIMIT_PER_MINUTE, lookupPerMinute: e.LOOKUP_RATE_LIMIT_PER_MINUTE, statisticsPerMinute: e.STATISTICS_RATE_LIMIT_PER_MINUTE, registerutdragPerMinute: e.REGISTERUTDRAG_RATE_LIMIT_PER_MINUTE },
    dataDir,
    logLevel: e.LOG_LEVEL,
    database: e.DATABASE_URL ? { kind: 'postgres', url: e.DATABASE_URL } : { kind: 'pglite', dataDir: path.join(dataDir, 'pglite') },
    auth,
    mail: {
      smtpUrl: e.SMTP_URL ?? null,
      from: e.MAIL_FROM,
      publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    },
    scheduler: { intervalSeconds: e.SCHEDULER_INTERVAL_SECONDS },
    workers: e.WORKERS,
    questionnaireDir: e.QUESTIONNAIRE_DIR ? path.resolve(e.QUESTIONNAIRE_DIR) : DEFAULT_QUESTIONNAIRE_DIR,
  });
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];
const ZProxyAddress = z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()]);

/** TRUST_PROXY: unset or `false` = off; `1`, `2`… = hops; otherwise a comma-separated list of addresses, subnets and names. */
function parseTrustProxy(value: string | undefined, problems: string[]): TrustProxy {
  if (value === undefined || value.trim() === 'false') return false;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  if (trimmed === 'true') {
    problems.push('TRUST_PROXY: "true" would believe any X-Forwarded-For a client sends; name the proxies (e.g. loopback or 10.0.0.0/8) or give the number of proxy hops (e.g. 1)');
    return false;
  }
  const entries = trimmed.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    if (!PROXY_NAMES.includes(entry) && !ZProxyAddress.safeParse(entry).success) {
      problems.push(`TRUST_PROXY: "${entry}" is not an IP address, a subnet (10.0.0.0/8) or one of ${PROXY_NAMES.join(', ')}`);
    }
  }
  return entries;
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) if (child && typeof child === 'object') deepFreeze(child as object);
  return Object.freeze(value);
}
