/**
 * Opens (or adopts) the database, brings it up to date and decorates the instance with the
 * store, so routes reach repositories as `app.store.users` and so on. A database opened here is
 * closed with the app; one handed in by the caller stays the caller's to close.
 */
import fp from 'fastify-plugin';
import { Kysely } from 'kysely';
import { createStore, openDatabase, prepareDatabase, type DatabaseConfig, type Store } from '../../store';
import type { Database } from '../../store/schema';

declare module 'fastify' {
  interface FastifyInstance {
    store: Store;
    /** The server's clock; tests pass a fixed one. */
    now: () => Date;
  }
}

export interface StorePluginOptions {
  database: DatabaseConfig | Kysely<Database>;
  now: () => Date;
}

export default fp<StorePluginOptions>(
  async (app, { database, now }) => {
    const owned = !(database instanceof Kysely);
    const onPoolError = (err: Error) => app.log.warn({ err: { message: err.message } }, 'database connection lost');
    // A migration may build an index over every revision ever stored: on PostgreSQL it runs on
    // connections of its own, without the per-statement timeout that serving requests have.
    const migrateApart = !(database instanceof Kysely) && database.kind === 'postgres';
    if (migrateApart) {
      const migrating = openDatabase({ ...database, timeoutMs: 0, poolSize: 2 }, { onPoolError });
      try {
        await prepareDatabase(migrating, now());
      } finally {
        await migrating.destroy();
      }
    }
    const db = database instanceof Kysely ? database : openDatabase(database, { onPoolError });
    try {
      if (!migrateApart) await prepareDatabase(db, now());
    } catch (error) {
      if (owned) await db.destroy();
      throw error;
    }
    if (owned) app.addHook('onClose', async () => db.destroy());
    app.decorate('store', createStore(db));
    app.decorate('now', now);
  },
  { name: 'store' },
);
