import { describe, expect, it } from 'vitest';
import { stemLanguageOf, stemQuery, stemText } from '../src/stem';
import { storedArticle, toArticleDocument } from '../src/documents';

describe('stemming in code', () => {
  it('stems English word forms alike', () => {
    expect(stemText('Priorities', 'en')).toBe(stemText('priority', 'en'));
    expect(stemText('reforms reporting', 'en')).toBe(stemText('reform reported', 'en'));
  });

  it('stems German, French and Spanish with their own stemmers, folded', () => {
    expect(stemText('Aufgaben', 'de')).toBe(stemText('aufgabe', 'de'));
    expect(stemText('réformes', 'fr')).toBe('reform');
    expect(stemText('reformas', 'es')).toBe(stemText('reforma', 'es'));
  });

  it('picks the stemmer from the article language; Vietnamese gets none, unknown gets English', () => {
    expect([stemLanguageOf('en'), stemLanguageOf('de'), stemLanguageOf('fr-CA'), stemLanguageOf('es'), stemLanguageOf('vi'), stemLanguageOf(null), stemLanguageOf('pt')]).toEqual(['en', 'de', 'fr', 'es', null, 'en', 'en']);
    expect(stemText('nhiệm vụ trọng tâm', null)).toBe('');
  });

  it('stems a query word by word and keeps its syntax', () => {
    expect(stemQuery('"housing priorities" -reforms | reporting*', 'en')).toBe('"hous prioriti" -reform | report*');
  });

  it('stores stemmed copies of title, lead, body and task texts, none for a Vietnamese article', () => {
    const base = { title: 'Five priorities', lead: 'Reforms announced', body: 'The ministers reported progress.', authors: [], sourceLabel: null, publishedAt: null, modifiedAt: null, canonicalUrl: null, siteName: null, section: null, tags: [], images: [], blocks: [], wordCount: 4, announcedTaskCount: null, taskHeading: null, tasks: [{ ordinal: 1, marker: '1.', text: 'Cutting taxes', paragraphs: 1 }], taskWarnings: [], warnings: [] };
    const visit = { url: 'https://x.example/a', finalUrl: 'https://x.example/a', source: 'x.example', fetchedAt: '2024-01-01T00:00:00Z', contentHash: 'h' };
    const en = storedArticle(toArticleDocument({ ...base, language: 'en' }, visit));
    expect([en.title_stemmed, en.lead_stemmed, en.body_stemmed, en.tasks[0]!.text_stemmed]).toEqual(['five prioriti', 'reform announc', 'the minist report progress', 'cut tax']);
    const vi = storedArticle(toArticleDocument({ ...base, language: 'vi' }, visit));
    expect([vi.title_stemmed, vi.body_stemmed]).toEqual(['', '']);
  });
});
