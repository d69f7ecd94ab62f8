import { describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../src/db/demo-users';
import { startupLine } from '../../src/startup-line';

describe('the plain start-up line', () => {
  it('names the address to open: loopback and wildcard hosts as localhost', () => {
    expect(startupLine({ host: '127.0.0.1', port: 3000 })).toBe('Stegvis: öppna http://localhost:3000/\n');
    expect(startupLine({ host: '0.0.0.0', port: 8080 })).toBe('Stegvis: öppna http://localhost:8080/\n');
    expect(startupLine({ host: 'stegvis.goteborg.se', port: 443 })).toBe('Stegvis: öppna http://stegvis.goteborg.se:443/\n');
  });

  it('in dev mode lists the demo users by username and role, and nothing else about them', () => {
    const line = startupLine({ host: '127.0.0.1', port: 3000, demoUsers: DEMO_USERS });
    expect(line).toContain('anna (socialsekreterare)');
    expect(line).toContain('fatima (1:e socialsekreterare)');
    expect(line).toContain('sven (samordnare på KC)');
    expect(line).toContain('kalle (arbetsmarknadskonsulent)');
    for (const user of DEMO_USERS) {
      expect(line).not.toContain(user.displayName);
      expect(line).not.toContain(user.email);
    }
  });
});
