/**
 * The one plain line `npm start` prints for a person (beside the JSON log lines for operators):
 * the address to open and, in dev mode, who can log in. Usernames and roles only, never more.
 */
import type { Role } from '../machines/shared/roles';
import { ROLE_TEXTS } from './web/texts';

/** A wildcard or loopback address is opened as localhost; another host as it is (IPv6 in brackets). */
export function addressToOpen(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' || host === '127.0.0.1' || host === '::1' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}/`;
}

export function startupLine(options: { host: string; port: number; demoUsers?: readonly { username: string; role: Role }[] }): string {
  const lines = [`Stegvis: öppna ${addressToOpen(options.host, options.port)}`];
  if (options.demoUsers && options.demoUsers.length > 0) {
    lines.push(`Utvecklingsläge: logga in som ${options.demoUsers.map((user) => `${user.username} (${lowerFirst(ROLE_TEXTS[user.role])})`).join(', ')}.`);
  }
  return `${lines.join('\n')}\n`;
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
