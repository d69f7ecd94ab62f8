/** The users port (src/auth) on the database. */
import type { AuthUser, UserDirectory } from '../auth/types';
import type { PrismaClient } from './database';

export function createUserDirectory(prisma: PrismaClient): UserDirectory {
  return {
    async findByUsername(username) {
      const user = await prisma.user.findUnique({ where: { username } });
      // The system user is an actor for the scheduler, never someone who logs in.
      if (!user || user.role === 'system') return null;
      return toAuthUser(user);
    },
    async upsertFromClaims(claims) {
      const data = { username: claims.username, displayName: claims.displayName, role: claims.role, unit: claims.unit, email: claims.email ?? null };
      return toAuthUser(await prisma.user.upsert({ where: { id: claims.id }, create: { id: claims.id, ...data }, update: data }));
    },
  };
}

function toAuthUser(user: { id: string; username: string; displayName: string; role: AuthUser['role']; unit: string; email: string | null }): AuthUser {
  return { id: user.id, username: user.username, displayName: user.displayName, role: user.role, unit: user.unit, email: user.email };
}
