/**
 * A half-open range of UTF-16 offsets [start, end) into some text.
 *
 * Inside the simulator a Span always points into the source text of the
 * function being executed (the text the frontend rebuilt from the patch). The
 * analysis core maps those spans back to document ranges, once per quoted
 * occurrence of the function, so the simulator never needs to know where the
 * function came from.
 */
export interface Span {
  start: number;
  end: number;
}
