// Prisma CLI configuration. The running service never uses it: it opens the
// database through driver adapters (src/db/database.ts) and applies
// prisma/migrations itself at start-up.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
