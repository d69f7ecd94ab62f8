/** Who is calling: the user the API acts for, and the users port. Roles come from the process model. */
import { HUMAN_ROLES, type HumanRole, type Role } from '../../machines/shared/roles';

export { HUMAN_ROLES, type HumanRole, type Role };

export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unit: string;
  /** Where reminders go; from the identity provider's standard `email` claim in production. */
  email?: string | null;
}

/** The users port. The database implements it (src/db/user-directory.ts). */
export interface UserDirectory {
  /** A user who may log in; null for unknown users and for `system`. */
  findByUsername(username: string): Promise<AuthUser | null>;
  /** Create or update the user an identity provider vouched for (production mode). */
  upsertFromClaims(user: AuthUser): Promise<AuthUser>;
}

export function isHumanRole(value: unknown): value is HumanRole {
  return (HUMAN_ROLES as readonly unknown[]).includes(value);
}
