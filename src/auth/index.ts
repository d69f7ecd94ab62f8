export { createAuthMiddleware, currentUser } from './middleware';
export { createAuthRouter, registerAuthOpenApi } from './router';
export { createTokenVerifier, issueDevToken, type AuthDeps, type TokenVerifier } from './tokens';
export { HUMAN_ROLES, isHumanRole, type AuthUser, type HumanRole, type Role, type UserDirectory } from './types';
