/**
 * The project's folder, where Stegvis reads prisma/ (the schema and the migrations),
 * content/ (the questionnaires) and web/ (the interface) at run time. This module
 * lies directly in src/ (run from source by vitest and tsx) and is bundled into
 * dist/main.js, dist/verify.js and dist/scheduler.js (`npm run build`), which lie
 * directly in dist/: in both cases the project is the folder above this module's.
 */
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');
