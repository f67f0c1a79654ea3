import { describe, expect, it } from 'vitest';
import type { Article } from '@ingest/contracts';
import { articleIdFor, storedArticle, storedDocuments, storedTask, toArticleDocument, toTaskDocuments } from '../src';

const article: Article = {
  title: '6 nhiệm vụ trọng tâm công tác dân vận năm 2022',
  lead: 'Ban Dân vận Trung ương xác định 6 nhiệm vụ trọng tâm.',
  authors: ['Phạm Đông', 'Hải Nguyễn'],
  sourceLabel: 'LĐO',
  publishedAt: '2021-12-31T17:04:00+07:00',
  modifiedAt: null,
  language: 'vi',
  canonicalUrl: null,
  siteName: null,
  section: 'Thời sự',
  tags: ['dân vận'],
  images: [],
  body: 'Thứ nhất, tiếp tục quán triệt.\n\nThứ hai, chú trọng công tác nắm bắt tâm tư.',
  blocks: [],
  wordCount: 14,
  announcedTaskCount: 2,
  taskHeading: '2 nhiệm vụ',
  tasks: [
    { ordinal: 1, marker: 'Thứ nhất', text: 'tiếp tục quán triệt', paragraphs: 1 },
    { ordinal: 2, marker: 'Thứ hai', text: 'chú trọng công tác nắm bắt tâm tư', paragraphs: 1 },
  ],
  taskWarnings: [],
  warnings: [],
};

describe('storedDocuments', () => {
  it('stores the same article and task documents as storedArticle and storedTask, folding each text once', () => {
    const doc = toArticleDocument(article, { url: 'https://x.vn/a', finalUrl: 'https://x.vn/a', source: 'x.vn', fetchedAt: '2024-01-01T00:00:00Z', contentHash: 'h' }, '2024-01-01T00:00:01Z');
    const id = articleIdFor(doc.finalUrl);
    const stored = storedDocuments(id, doc);
    expect(stored.article).toEqual(storedArticle(doc));
    expect(stored.tasks).toEqual(toTaskDocuments(id, doc).map(storedTask));
    expect(stored.tasks.map((t) => [t.text_folded, t.articleTitle_folded])).toEqual([
      ['tiep tuc quan triet', '6 nhiem vu trong tam cong tac dan van nam 2022'],
      ['chu trong cong tac nam bat tam tu', '6 nhiem vu trong tam cong tac dan van nam 2022'],
    ]);
  });
});
