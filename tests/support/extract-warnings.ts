/** Warnings extract() writes on purpose; anything else is a step that threw (`<step>: <message>`). */
export const KNOWN_WARNINGS = [
  /^empty document$/,
  /^no title found$/,
  /^no article body found$/,
  /^no publication date found$/,
  /^publication time has no timezone and none is known for the site; UTC assumed$/,
  /^markup nested deeper than \d+ elements was flattened$/,
  /^input longer than \d+ characters was cut$/,
  /^timezone option ".*" not understood; ignored$/s,
  /^json-ld: unparseable script skipped$/,
  /^not an article: .+$/,
  /^article text read from the JSON in the page: its HTML holds less of it$/,
];

/** The warnings that are none of KNOWN_WARNINGS. */
export const unknownWarnings = (warnings: readonly string[]): string[] => warnings.filter((w) => !KNOWN_WARNINGS.some((re) => re.test(w)));
