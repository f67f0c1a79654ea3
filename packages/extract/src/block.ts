/**
 * The shape body/ cuts the content into and every later step (tasks/, extract.ts) reads. It lives
 * on its own so that tasks/ need not import body/: body/ uses the task marker recogniser, so
 * the dependency runs one way only (body → tasks → this file).
 */

/** A block of the article body with the formatting facts later steps need. */
export interface BodyBlock {
  type: 'paragraph' | 'heading' | 'list' | 'quote';
  text: string;
  /** Heading level; a paragraph that is entirely bold and short counts as a level-4 heading. */
  level: number;
  /** A heading made from a bold paragraph rather than an <h2>…<h6>. */
  pseudo: boolean;
  ordered: boolean;
  items: string[];
  /** First number of an ordered list (<ol start>). */
  start: number;
  /** Text at the start of the block that is bold (markers are often bold). */
  leadBold: string;
  /** Right-aligned paragraph (author lines at the end of some articles). */
  alignedRight: boolean;
  bold: boolean;
  /** Lines split out of one <br>-separated paragraph of marked lines share a non-zero group. */
  lineGroup: number;
}
