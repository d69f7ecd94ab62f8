/** Demo users for the embedded default and the tests (README lists them). */
import type { PrismaClient } from './database';

export const DEMO_USERS = [
  { id: 'anna', username: 'anna', displayName: 'Anna Andersson', role: 'socialsekreterare', unit: 'SF Nordost', email: 'anna@stegvis.local' },
  { id: 'bo', username: 'bo', displayName: 'Bo Berg', role: 'socialsekreterare', unit: 'SF Hisingen', email: 'bo@stegvis.local' },
  { id: 'kalle', username: 'kalle', displayName: 'Kalle Karlsson', role: 'arbetsmarknadskonsulent', unit: 'KC', email: 'kalle@stegvis.local' },
  { id: 'fatima', username: 'fatima', displayName: 'Fatima Hassan', role: 'forste_socialsekreterare', unit: 'SF Nordost', email: 'fatima@stegvis.local' },
  { id: 'sven', username: 'sven', displayName: 'Sven Svensson', role: 'kc_samordnare', unit: 'KC', email: 'sven@stegvis.local' },
  { id: 'kim', username: 'kim', displayName: 'Kim Lind', role: 'arbetsmarknadskonsulent', unit: 'KC', email: 'kim@stegvis.local' },
  { id: 'maja', username: 'maja', displayName: 'Maja Ek', role: 'socialsekreterare', unit: 'SF Nordost', email: 'maja@stegvis.local' },
  { id: 'gustav', username: 'gustav', displayName: 'Gustav Holm', role: 'forste_socialsekreterare', unit: 'SF Hisingen', email: 'gustav@stegvis.local' },
] as const;

/** The service itself, as the actor of events such as DECISION_EXPIRED. Cannot log in. */
export const SYSTEM_USER = { id: 'system', username: 'system', displayName: 'Stegvis (automatiskt)', role: 'system', unit: 'Stegvis' } as const;

export async function seedUsers(prisma: PrismaClient, options: { demo: boolean }): Promise<void> {
  const users = options.demo ? [SYSTEM_USER, ...DEMO_USERS] : [SYSTEM_USER];
  for (const user of users) {
    await prisma.user.upsert({ where: { id: user.id }, create: user, update: { email: 'email' in user ? user.email : null } });
  }
}
