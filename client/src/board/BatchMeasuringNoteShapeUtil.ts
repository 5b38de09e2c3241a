import { NoteShapeUtil, unsafe__withoutCapture, type TLMeasuredTextSize, type TLMeasureTextOpts, type TLNoteShape } from 'tldraw';

/** Measurement requests of more notes than this go to the DOM in slices (bounded pool of hidden elements). */
const BATCH_SIZE = 500;

/**
 * tldraw's sticky note, whose label sizes are measured in one layout when many notes need one.
 *
 * A note's geometry depends on its label's measured size. Upstream every note is measured on its
 * own when its geometry is first asked for, and each measurement forces a layout of the page: an
 * opening 2,000-card board spent a fifth of its main thread there. Here the first geometry
 * request that finds several unmeasured notes measures them all with
 * `textMeasure.measureHtmlBatch` (one layout per slice). The sizing rules stay tldraw's own: its
 * measuring code runs twice, once to learn which measurements it wants, then with their answers
 * (anything further it asks, such as a shrunken font for a long word, is measured as usual).
 */
export class BatchMeasuringNoteShapeUtil extends NoteShapeUtil {
  /** Notes whose label tldraw has measured through this util (its own cache is private). */
  private readonly measured = new WeakSet<TLNoteShape>();

  override getGeometry(shape: TLNoteShape): ReturnType<NoteShapeUtil['getGeometry']> {
    if (!this.measured.has(shape)) this.measureUnmeasuredNotes(shape);
    return super.getGeometry(shape);
  }

  private measureUnmeasuredNotes(requested: TLNoteShape): void {
    // Called inside tldraw's geometry computeds: reading other notes must not make them dependencies.
    unsafe__withoutCapture(() => {
      const notes = this.editor.store.query.records('shape', () => ({ type: { eq: 'note' } })).get() as TLNoteShape[];
      const unmeasured = notes.filter((note) => !this.measured.has(note));
      if (!unmeasured.some((note) => note === requested)) unmeasured.push(requested);
      for (const note of unmeasured) this.measured.add(note);
      if (unmeasured.length < 2) return;
      this.measureInBatches(unmeasured);
    });
  }

  private measureInBatches(notes: readonly TLNoteShape[]): void {
    const textMeasure = this.editor.textMeasure;
    const measureOne = textMeasure.measureHtml.bind(textMeasure);
    const requests = new Map<string, { html: string; opts: TLMeasureTextOpts }>();
    const answers = new Map<string, TLMeasuredTextSize>();
    const keyOf = (html: string, opts: TLMeasureTextOpts): string => `${JSON.stringify(opts)}\u0000${html}`;
    try {
      // Pass 1: learn the first measurement each note asks for. A zero size ends tldraw's fitting
      // loop. tldraw caches label sizes by record, so this pass works on copies: the made-up sizes
      // are cached for the copies alone.
      textMeasure.measureHtml = (html, opts) => {
        requests.set(keyOf(html, opts), { html, opts });
        return { x: 0, y: 0, w: 0, h: 0, scrollWidth: 0 };
      };
      for (const note of notes) super.getGeometry({ ...note });
      const pending = [...requests];
      for (let start = 0; start < pending.length; start += BATCH_SIZE) {
        const slice = pending.slice(start, start + BATCH_SIZE);
        const sizes = textMeasure.measureHtmlBatch(slice.map(([, request]) => request));
        slice.forEach(([key], index) => {
          const size = sizes[index];
          if (size) answers.set(key, size);
        });
      }
      // Pass 2: the same code with real answers fills tldraw's label cache for each note.
      textMeasure.measureHtml = (html, opts) => answers.get(keyOf(html, opts)) ?? measureOne(html, opts);
      for (const note of notes) super.getGeometry(note);
    } finally {
      // Back to the prototype's method.
      Reflect.deleteProperty(textMeasure, 'measureHtml');
      // measureHtmlBatch keeps one hidden element per request until its next call: give them back.
      const [first] = requests.values();
      if (first && requests.size > 1) textMeasure.measureHtmlBatch([{ html: '', opts: first.opts }]);
    }
  }
}
