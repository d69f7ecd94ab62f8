/** Roles of the people who work in Stegvis, plus the service itself (docs/process.md "People and roles"). */
export const HUMAN_ROLES = [
  'socialsekreterare',
  'arbetsmarknadskonsulent',
  'forste_socialsekreterare',
  'kc_samordnare',
] as const;

export type HumanRole = (typeof HUMAN_ROLES)[number];
export type Role = HumanRole | 'system';
export const ROLES: readonly Role[] = [...HUMAN_ROLES, 'system'];

/** Which side of the collaboration a role belongs to: the social services or Kompetenscenter. */
export function sideOf(role: Role): 'socialtjanst' | 'kc' | 'system' {
  if (role === 'arbetsmarknadskonsulent' || role === 'kc_samordnare') return 'kc';
  if (role === 'system') return 'system';
  return 'socialtjanst';
}
