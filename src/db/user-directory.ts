/** The users port (src/auth) on the database. */
import type { AuthUser, UserDirectory } from '../auth/types';
import { AppError } from '../errors';
import type { PrismaClient } from './database';
import { isUniqueViolation } from './idempotency';

export function createUserDirectory(prisma: PrismaClient): UserDirectory {
  return {
    async findByUsername(username) {
      // Every request asks this (a removed user loses access at once): raw SQL goes to the driver as it is, where a
      // model query is first compiled to a query plan and its result mapped by Prisma's runtime (issue 19: CPU per request).
      const [user] = await prisma.$queryRaw<UserColumns[]>`
        SELECT id, username, "displayName", role::text AS role, unit, email FROM "User" WHERE username = ${username}`;
      // The system user is an actor for the scheduler, never someone who logs in.
      if (!user || user.role === 'system') return null;
      return toAuthUser(user);
    },
    async upsertFromClaims(claims) {
      const data = { username: claims.username, displayName: claims.displayName, role: claims.role, unit: claims.unit, email: claims.email ?? null };
      const upsert = () => prisma.user.upsert({ where: { id: claims.id }, create: { id: claims.id, ...data }, update: data });
      try {
        return toAuthUser(await upsert());
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        // Usernames are unique: another user (another id) may already have this one.
        const holder = await prisma.user.findUnique({ where: { username: claims.username }, select: { id: true } });
        if (holder && holder.id !== claims.id) {
          throw new AppError('CONFLICT', 'username_taken');
        }
        // Two first requests of the same new user at once: the other one created the row.
        return toAuthUser(await upsert());
      }
    },
  };
}

interface UserColumns {
  id: string;
  username: string;
  displayName: string;
  role: AuthUser['role'];
  unit: string;
  email: string | null;
}

function toAuthUser(user: UserColumns): AuthUser {
  return { id: user.id, username: user.username, displayName: user.displayName, role: user.role, unit: user.unit, email: user.email };
}
