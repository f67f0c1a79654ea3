/** A search parameter that no query can be built from (bad cursor, bad date): the caller's 400. */
export class BadSearchRequest extends Error {
  override readonly name = 'BadSearchRequest';
  readonly statusCode = 400;
}
