/** Talking to the Stegvis server under test: dev tokens (signed with the benchmark's secret) and case creation. */
import { issueDevToken } from '../../src/auth/tokens';
import type { AuthUser } from '../../src/auth/types';
import { personnummer, type FlowRole } from './flow';
import { DEV_TOKEN_SECRET } from './processes';

const devAuth = { mode: 'dev' as const, devTokenSecret: DEV_TOKEN_SECRET, devTokenSecretGenerated: false, devTokenTtlSeconds: 24 * 3600 };

/** A bearer token for a user that exists in the server's database (dev login checks the username on every request). */
export async function tokenFor(user: { id: string; username: string; role: AuthUser['role']; unit: string }): Promise<string> {
  const { token } = await issueDevToken(devAuth, { ...user, displayName: user.username });
  return token;
}

/** The demo users every dev-mode server seeds: anna (socialsekreterare) and kalle (arbetsmarknadskonsulent). */
export async function demoHeaders(): Promise<(role: FlowRole) => Record<string, string>> {
  const anna = await tokenFor({ id: 'anna', username: 'anna', role: 'socialsekreterare', unit: 'SF Nordost' });
  const kalle = await tokenFor({ id: 'kalle', username: 'kalle', role: 'arbetsmarknadskonsulent', unit: 'KC' });
  return (role) => ({ authorization: `Bearer ${role === 'socialsekreterare' ? anna : kalle}` });
}

// Far above the serials the scale seeder uses (index / 20 000 < 1000 there), so created clients never collide with seeded ones.
let nextClientIndex = 19_000_000 + Math.floor(Math.random() * 900_000);

/** Creates `count` referrals through POST /api/cases (a few at a time); returns their ids. */
export async function createCases(baseUrl: string, headers: Record<string, string>, count: number, parallel = 8): Promise<string[]> {
  const ids: string[] = [];
  let remaining = count;
  async function worker() {
    while (remaining > 0) {
      remaining -= 1;
      const index = nextClientIndex++;
      const response = await fetch(`${baseUrl}/api/cases`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ client: { personnummer: personnummer(index), name: `Bench Klient ${index}` } }),
      });
      if (response.status !== 201) throw new Error(`POST /api/cases answered ${response.status}: ${await response.text()}`);
      ids.push(((await response.json()) as { id: string }).id);
    }
  }
  await Promise.all(Array.from({ length: parallel }, worker));
  return ids;
}
