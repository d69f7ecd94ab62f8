import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';

describe('loadConfig', () => {
  it('applies defaults: embedded PGlite, dev auth with a per-process random secret', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', logLevel: 'info', dataDir: path.resolve('data') });
    expect(config.database).toEqual({ kind: 'pglite', dataDir: path.resolve('data', 'pglite') });
    expect(config.auth).toMatchObject({ mode: 'dev', devTokenSecretGenerated: true, devTokenTtlSeconds: 8 * 3600 });
    expect(loadConfig({}).auth).toEqual(config.auth);
    expect(Object.isFrozen(config) && Object.isFrozen(config.auth) && Object.isFrozen(config.database)).toBe(true);
  });

  it('reads postgres and jwks settings', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgresql://stegvis:pw@db:5432/stegvis',
      AUTH_JWKS_URL: 'https://idp.example/jwks',
      AUTH_ISSUER: 'https://idp.example',
      AUTH_AUDIENCE: 'stegvis',
      AUTH_ROLE_CLAIM: 'role',
      AUTH_CLOCK_TOLERANCE_SECONDS: '5',
    });
    expect(config.port).toBe(8080);
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgresql://stegvis:pw@db:5432/stegvis' });
    expect(config.auth).toEqual({
      mode: 'jwks',
      jwksUrl: 'https://idp.example/jwks',
      issuer: 'https://idp.example',
      audience: 'stegvis',
      claims: { role: 'role', unit: 'stegvis_unit', name: 'name' },
      clockToleranceSeconds: 5,
    });
  });

  it('lists every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'abc', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x', AUTH_JWKS_URL: 'http://idp.example/jwks', DEV_TOKEN_SECRET: 'short' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['PORT', 'LOG_LEVEL', 'DATABASE_URL', 'AUTH_JWKS_URL', 'AUTH_ISSUER', 'AUTH_AUDIENCE', 'DEV_TOKEN_SECRET']) {
      expect(message).toContain(`${name}:`);
    }
    expect((error as ConfigError).problems).toHaveLength(7);
  });

  it('binds only 127.0.0.1 in dev mode unless HOST is set; every interface in jwks mode', () => {
    const jwks = { AUTH_JWKS_URL: 'https://idp.example/jwks', AUTH_ISSUER: 'https://idp.example', AUTH_AUDIENCE: 'stegvis' };
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig(jwks).host).toBe('0.0.0.0');
    expect(loadConfig({ ...jwks, HOST: '10.1.2.3' }).host).toBe('10.1.2.3');
  });

  it('refuses dev mode when NODE_ENV=production, naming AUTH_JWKS_URL', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_JWKS_URL: required when NODE_ENV=production/);
    expect(loadConfig({ NODE_ENV: 'production', AUTH_JWKS_URL: 'https://idp.example/jwks', AUTH_ISSUER: 'https://idp.example', AUTH_AUDIENCE: 'stegvis' }).auth.mode).toBe('jwks');
    expect(loadConfig({ NODE_ENV: 'development' }).auth.mode).toBe('dev');
  });

  it('reads TRUST_PROXY: off by default, a number of hops, or addresses, subnets and loopback/linklocal/uniquelocal', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,192.168.1.5, fd00::/8' }).trustProxy).toEqual(['loopback', '10.0.0.0/8', '192.168.1.5', 'fd00::/8']);
    let error: unknown;
    try {
      loadConfig({ TRUST_PROXY: 'true' });
    } catch (caught) {
      error = caught;
    }
    expect((error as ConfigError).problems).toEqual([expect.stringMatching(/^TRUST_PROXY: .*name the proxies/)]);
    expect(() => loadConfig({ TRUST_PROXY: 'loopback,proxy.example' })).toThrow(/TRUST_PROXY: "proxy.example" is not/);
  });

  it('runs several worker processes only on a PostgreSQL server, each with its share of the per-user limits and one dev secret', async () => {
    expect(loadConfig({}).workers).toBe(1);
    expect(() => loadConfig({ WORKERS: '2' })).toThrow(/WORKERS: more than one process needs DATABASE_URL/);
    const config = loadConfig({ WORKERS: '3', DATABASE_URL: 'postgresql://u@h/db', API_RATE_LIMIT_PER_MINUTE: '600', LOOKUP_RATE_LIMIT_PER_MINUTE: '30', STATISTICS_RATE_LIMIT_PER_MINUTE: '0' });
    expect(config.workers).toBe(3);
    const { workerEnv } = await import('../../src/cluster');
    const first = workerEnv(config, 0);
    const second = workerEnv(config, 1);
    expect(first).toMatchObject({ API_RATE_LIMIT_PER_MINUTE: '200', LOOKUP_RATE_LIMIT_PER_MINUTE: '10', STATISTICS_RATE_LIMIT_PER_MINUTE: '0' });
    expect(first.SCHEDULER_INTERVAL_SECONDS).toBeUndefined();
    expect(second.SCHEDULER_INTERVAL_SECONDS).toBe('0');
    expect(first.DEV_TOKEN_SECRET).toBe(second.DEV_TOKEN_SECRET);
    expect(first.DEV_TOKEN_SECRET).toBe(config.auth.mode === 'dev' ? config.auth.devTokenSecret : undefined);
  });

  it('reads the per-user rate limits (0 = off)', () => {
    expect(loadConfig({}).rateLimits).toEqual({ apiPerMinute: 600, lookupPerMinute: 30, statisticsPerMinute: 20, registerutdragPerMinute: 10 });
    expect(loadConfig({ API_RATE_LIMIT_PER_MINUTE: '0', LOOKUP_RATE_LIMIT_PER_MINUTE: '5', STATISTICS_RATE_LIMIT_PER_MINUTE: '0', REGISTERUTDRAG_RATE_LIMIT_PER_MINUTE: '0' }).rateLimits).toEqual({ apiPerMinute: 0, lookupPerMinute: 5, statisticsPerMinute: 0, registerutdragPerMinute: 0 });
    expect(() => loadConfig({ API_RATE_LIMIT_PER_MINUTE: 'many' })).toThrow(/API_RATE_LIMIT_PER_MINUTE: must be a number/);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' })).toMatchObject({ port: 3000, database: { kind: 'pglite' } });
  });

  it('sends e-mail to the outbox by default, with links to this server', () => {
    expect(loadConfig({}).mail).toEqual({ smtpUrl: null, from: 'Stegvis <noreply@stegvis.local>', publicBaseUrl: 'http://localhost:3000' });
    expect(loadConfig({ PORT: '8080' }).mail.publicBaseUrl).toBe('http://localhost:8080');
    expect(Object.isFrozen(loadConfig({}).mail)).toBe(true);
  });

  it('reads SMTP_URL, MAIL_FROM and PUBLIC_BASE_URL', () => {
    const config = loadConfig({ SMTP_URL: 'smtps://stegvis:pw@smtp.goteborg.example:465', MAIL_FROM: 'noreply@goteborg.example', PUBLIC_BASE_URL: 'https://stegvis.goteborg.example/' });
    // The trailing slash goes, so links are `${publicBaseUrl}/cases/…` without a double slash.
    expect(config.mail).toEqual({ smtpUrl: 'smtps://stegvis:pw@smtp.goteborg.example:465', from: 'noreply@goteborg.example', publicBaseUrl: 'https://stegvis.goteborg.example' });
    expect(loadConfig({ SMTP_URL: 'smtp://127.0.0.1:2525', MAIL_FROM: 'Stegvis Göteborg <stegvis@goteborg.example>' }).mail).toMatchObject({
      smtpUrl: 'smtp://127.0.0.1:2525',
      from: 'Stegvis Göteborg <stegvis@goteborg.example>',
    });
  });

  it('refuses a mail setting that could not work', () => {
    let error: unknown;
    try {
      loadConfig({ SMTP_URL: 'http://smtp.example', MAIL_FROM: 'Stegvis', PUBLIC_BASE_URL: 'ftp://stegvis.example' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((problem) => problem.split(':')[0])).toEqual(['SMTP_URL', 'MAIL_FROM', 'PUBLIC_BASE_URL']);
    expect(loadConfig({ SMTP_URL: '', MAIL_FROM: '', PUBLIC_BASE_URL: '' }).mail.smtpUrl).toBeNull();
  });
});
