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
    const db = database instanceof Kysely
      ? database
      : openDatabase(database, { onPoolError: (err) => app.log.warn({ err: { message: err.message } }, 'database connection lost') });
    try {
      await prepareDatabase(db, now());
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
