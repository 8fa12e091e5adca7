/**
 * Which fields a revision changed, as paths (`firearms[0].serialNumber`, `notes`), never the
 * values: the audit trail and the history view say *what* was edited without copying possessor
 * data into a second place.
 */

// Set by the server on every revision; a change there is not an edit.
const SERVER_SET = new Set(['revision']);

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

export function changedPaths(before: unknown, after: unknown): string[] {
  const paths: string[] = [];
  const walk = (a: unknown, b: unknown, path: string) => {
    if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], `${path}[${i}]`);
      return;
    }
    if (isObject(a) && isObject(b)) {
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
      for (const key of keys) {
        if (path === '' && SERVER_SET.has(key)) continue;
        walk(a[key], b[key], path === '' ? key : `${path}.${key}`);
      }
      return;
    }
    if (JSON.stringify(a) !== JSON.stringify(b)) paths.push(path);
  };
  walk(before, after, '');
  return paths;
}
