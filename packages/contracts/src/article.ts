/** What the extractor returns for one page, and what the indexer stores. */

export interface ArticleImage {
  src: string;
  caption: string | null;
  credit: string | null;
}

export type ArticleBlock =
  | { type: 'paragraph'; text: string }
  | { type: 'heading'; text: string; level: number }
  | { type: 'list'; ordered: boolean; items: string[] }
  | { type: 'quote'; text: string };

export interface ArticleTask {
  /** 1-based position in the enumeration. */
  ordinal: number;
  /** The raw marker as written ("Thứ ba", "Thứ 2", "2.", "Firstly"); "" when implicit. */
  marker: string;
  /** The item's whole text, paragraphs joined by a blank line, marker left out. */
  text: string;
  /** How many paragraphs the item spans. */
  paragraphs: number;
}

export interface Article {
  title: string;
  lead: string;
  authors: string[];
  /** Roles or desks printed with the names ("Health Correspondent", "Phóng viên thường trú"), never taken as authors. */
  authorRoles?: string[];
  /** Outlet label printed beside the byline ("LDO"), when there is one. */
  sourceLabel: string | null;
  /** ISO 8601 with offset, e.g. 2021-12-31T17:04:00+07:00. */
  publishedAt: string | null;
  modifiedAt: string | null;
  language: string | null;
  canonicalUrl: string | null;
  siteName: string | null;
  section: string | null;
  tags: string[];
  images: ArticleImage[];
  /** Article text only: paragraphs separated by a blank line, sub-headings kept in place. */
  body: string;
  blocks: ArticleBlock[];
  wordCount: number;
  announcedTaskCount: number | null;
  taskHeading: string | null;
  tasks: ArticleTask[];
  taskWarnings: string[];
  warnings: string[];
}

/**
 * What the parser hands to the indexer: the article without its blocks. Nothing downstream
 * reads them (the index stores the body text), and they are as large again as the body, in
 * every index job that Redis holds and the indexer parses.
 */
export type IndexedArticle = Omit<Article, 'blocks'>;

export function toIndexedArticle({ blocks: _blocks, ...indexed }: Article): IndexedArticle {
  return indexed;
}
