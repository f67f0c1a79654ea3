import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articleIdFor, createSearchClient, ensureIndices, searchArticles, searchTasks, writeArticles, type IndexNames } from '@ingest/search';
import { cleanup, isolatedConfig } from '../support/test-env';
import { article, doc } from './corpus';

const U = (name: string) => `https://forms.example/${name}`;

/** Other word forms (stems computed in code) and Vietnamese phrases, against a real Elasticsearch. */
describe('word forms and phrases', () => {
  const config = isolatedConfig();
  const es = createSearchClient(config.elasticsearchUrl);
  let names: IndexNames;
  const ids = async (q: string, extra: Record<string, unknown> = {}) => (await searchArticles(es, names, { q, duplicates: true, facets: false, ...extra })).hits.map((h) => h.id);

  beforeAll(async () => {
    names = await ensureIndices(es, config.indexPrefix);
    const docs = [
      doc(U('plural'), article({ title: 'Government sets out its priorities', body: 'Ministers reported on the reforms of the health system and of the schools.', tasks: [{ ordinal: 1, marker: '1.', text: 'Cut waiting lists, the first of the priorities', paragraphs: 1 }] })),
      doc(U('singular'), article({ title: 'A priority for the city', body: 'The mayor is reporting on one reform of the bus network.' })),
      doc(U('de'), article({ language: 'de', title: 'Die Aufgaben der neuen Regierung', body: 'Die Koalition nennt drei Aufgaben für das kommende Jahr.' })),
      doc(U('fr'), article({ language: 'fr', title: 'Les réformes du gouvernement', body: 'Le Premier ministre a présenté les réformes prioritaires.' })),
      doc(U('es'), article({ language: 'es', title: 'Las reformas del gobierno', body: 'El presidente anunció tres reformas económicas.' })),
      // The phrase, in a longer text…
      doc(U('vi-phrase'), article({ language: 'vi', title: 'Hội nghị tổng kết công tác năm', body: 'Hội nghị đã thảo luận và thống nhất các nhiệm vụ trọng tâm của năm tới, cùng nhiều nội dung khác về tổ chức, cán bộ và kinh tế xã hội của địa phương.' })),
      // …and its syllables apart, in a shorter one (which plain term scoring would rank first).
      doc(U('vi-apart'), article({ language: 'vi', title: 'Chuyện nhà nông', body: 'Nhiệm kỳ mới, vụ mùa trọng điểm, tâm huyết.' })),
      // Other Vietnamese articles, so the syllables are not in every document.
      ...['Giá lúa tăng mạnh', 'Mưa lớn ở miền Trung', 'Khai trương cầu mới'].map((title, i) => doc(U(`vi-other-${i}`), article({ language: 'vi', title, body: `${title} trong tuần qua, người dân phấn khởi.` }))),
    ];
    await writeArticles(es, names, docs, { refresh: true });
  });
  afterAll(async () => {
    await es.close();
    await cleanup(config);
  });

  it('finds other English word forms, the very word ranking first', async () => {
    expect(await ids('priority')).toEqual([U('singular'), U('plural')].map(articleIdFor));
    expect(await ids('priorities')).toEqual([U('plural'), U('singular')].map(articleIdFor));
    expect((await ids('reported reforms')).slice(0, 2).sort()).toEqual([U('plural'), U('singular')].map(articleIdFor).sort());
    expect((await ids('reported reforms'))[0]).toBe(articleIdFor(U('plural')));
  });

  it('finds German, French and Spanish word forms, accents optional', async () => {
    expect(await ids('Aufgabe')).toEqual([articleIdFor(U('de'))]);
    // The query's language is not known: its stems under every stemmer are looked for, so
    // "reforme" also finds the English "reforms" and the Spanish "reformas" (one stem).
    expect(await ids('reforme')).toContain(articleIdFor(U('fr')));
    expect(await ids('réformes', { language: ['fr'] })).toEqual([articleIdFor(U('fr'))]);
    expect(await ids('reforma')).toContain(articleIdFor(U('es')));
    expect(await ids('reformas')).not.toContain(articleIdFor(U('de')));
  });

  it('finds task texts by another word form', async () => {
    const res = await searchTasks(es, names, { q: 'priority' });
    expect(res.hits.map((h) => h.articleId)).toEqual([articleIdFor(U('plural'))]);
  });

  it('ranks a Vietnamese phrase above its syllables apart, with or without diacritics', async () => {
    expect(await ids('nhiệm vụ trọng tâm')).toEqual([U('vi-phrase'), U('vi-apart')].map(articleIdFor));
    expect(await ids('nhiem vu trong tam')).toEqual([U('vi-phrase'), U('vi-apart')].map(articleIdFor));
  });

  it('keeps the query syntax: an excluded word stays excluded under the stemmed query too', async () => {
    expect(await ids('priority -bus')).toEqual([articleIdFor(U('plural'))]);
    expect(await ids('priorities -bus')).toEqual([articleIdFor(U('plural'))]);
    expect(await ids('"reporting on one reform"')).toEqual([articleIdFor(U('singular'))]);
  });
});
