/**
 * @ingest/extract — HTML + URL → Article. Pure: no network, no file system, no shared state.
 *
 * Layout (see README.md): dom/ parses once and indexes the tree; body/ finds the content,
 * drops boilerplate and cuts it into blocks (their shape is in block.ts, which tasks/ reads);
 * metadata/ reads title, lead, authors, language, images and site facts; dates/ parses and
 * picks dates; tasks/ finds announced counts, markers and enumerations.
 */
export { extract, type ExtractOptions } from './extract';
export type { Article, ArticleBlock, ArticleImage, ArticleTask } from '@ingest/contracts';
