// requireAuth puts the caller on the request; routes read it with currentUser(req).
import type { AuthUser } from './types';

declare global {
  namespace Express {
    interface Request {
      user?: AuthUser;
    }
  }
}
