// drizzle-kit: `npx drizzle-kit generate` turns src/store/schema.ts into SQL migrations in drizzle/,
// which openStore() applies at start. Commit the generated files with the schema change.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './src/store/schema.ts',
  out: './drizzle',
  strict: true,
  verbose: true,
  // Only `drizzle-kit studio` / `check` against a local file use this; generate needs no database.
  dbCredentials: { url: 'file:./data/threadsql.db' },
});
