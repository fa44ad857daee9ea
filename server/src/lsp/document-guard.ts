/**
 * Decides whether a document is fit to analyse at all. Huge documents and
 * binary content get one clear informational notice instead of an analysis,
 * so the server never spends seconds (or crashes) on what is not mail.
 */

export interface Notice {
  code: 'mmreview/too-large' | 'mmreview/binary' | 'mmreview/analysis-failed';
  message: string;
}

export function checkDocument(text: string, maxBytes: number): Notice | undefined {
  // The UTF-16 length bounds the UTF-8 size from below (and from above by 3x),
  // so most documents are cleared without measuring.
  if (text.length * 3 > maxBytes) {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > maxBytes) {
      return {
        code: 'mmreview/too-large',
        message: `mmreview: this document is ${formatBytes(bytes)}, over the ${formatBytes(maxBytes)} limit (mmreview.maxDocumentSize); it was not analysed.`,
      };
    }
  }
  if (text.includes('\u0000')) {
    return {
      code: 'mmreview/binary',
      message: 'mmreview: this document holds binary data (NUL bytes), not patch mail; it was not analysed.',
    };
  }
  return undefined;
}

export function failureNotice(): Notice {
  return {
    code: 'mmreview/analysis-failed',
    message: 'mmreview: the analysis of this document failed; the mmreview output log has the details.',
  };
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}
