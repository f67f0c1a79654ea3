import { fixture } from './helpers';

/**
 * What a user expects extracted from the seed article (`fixtures/seed.expected.json`, from
 * `shared/seed/`): the extraction tests check against it, and the search tests, the
 * end-to-end test and `pnpm bench index` build their documents from it.
 */
export interface SeedExpected {
  title: string;
  lead: string;
  authors: string[];
  sourceLabel: string;
  publishedAt: string;
  language: string;
  announcedTaskCount: number;
  taskHeading: string;
  tasks: { ordinal: number; marker: string; text: string }[];
  imageCaptions: string[];
  bodyParagraphs: string[];
  notInBody: string[];
}

export const seedExpected = JSON.parse(fixture('seed.expected.json')) as SeedExpected;
