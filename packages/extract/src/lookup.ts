/**
 * A table looked up by words of the page. Without a prototype, a page that says
 * "constructor" or "__proto__" finds nothing instead of Object.prototype's members.
 */
export function lookupTable<T>(entries: Record<string, T>): Readonly<Record<string, T>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}
