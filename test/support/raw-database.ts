/**
 * Every value of every object store of an IndexedDB database, as stored, read around Dexie and
 * the app, as one text (byte arrays decoded as Latin-1, so a plain string kept as bytes still
 * shows). Self-contained, so a browser test can hand it to page.evaluate as it is.
 */
export function rawDatabaseText(name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const idb = request.result;
      const stores = [...idb.objectStoreNames];
      const tx = idb.transaction(stores);
      const all: unknown[] = [];
      for (const store of stores) {
        const get = tx.objectStore(store).getAll();
        get.onsuccess = () => all.push(...(get.result as unknown[]));
      }
      tx.oncomplete = () => {
        idb.close();
        resolve(JSON.stringify(all, (_key, value: unknown) => (value instanceof Uint8Array ? new TextDecoder('latin1').decode(value) : value)));
      };
    };
  });
}
