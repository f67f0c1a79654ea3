export { fetchPage, type FetchOptions, type FetchedPage } from './http-client';
export { FetchError, type FetchFailureReason } from './fetch-error';
export { decodeBody, detectCharset } from './charset';
export { normalizeUrl } from './normalize-url';
