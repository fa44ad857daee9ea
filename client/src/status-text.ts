/**
 * What the status bar item says for a document's `mmreview/status`. Pure, so
 * it is tested without VS Code.
 */
import type { StatusParams } from '../../server/src/lsp/protocol.js';

export interface StatusView {
  text: string;
  tooltip: string;
}

export function statusView(status: StatusParams | undefined): StatusView {
  if (!status) return { text: '$(circle-outline) mmreview', tooltip: 'mmreview: not analysed yet' };
  switch (status.state) {
    case 'analysing':
      return { text: '$(sync~spin) mmreview: analysing…', tooltip: 'mmreview is analysing this document' };
    case 'skipped':
      return { text: '$(circle-slash) mmreview: skipped', tooltip: status.message ?? 'mmreview did not analyse this document' };
    case 'failed':
      return { text: '$(error) mmreview: failed', tooltip: status.message ?? 'the analysis failed; see the mmreview output' };
    case 'done':
      return doneView(status);
  }
}

function doneView(status: StatusParams): StatusView {
  const n = status.findings;
  const found = n === 0 ? 'no findings' : n === 1 ? '1 finding' : `${n} findings`;
  const icon = n === 0 ? '$(check)' : '$(warning)';
  const suffix = status.incomplete ? ' (incomplete)' : '';
  const tooltip = status.incomplete
    ? `mmreview: ${found}; some simulations hit a budget or a gap, so they are incomplete`
    : `mmreview: ${found}`;
  return { text: `${icon} mmreview: ${found}${suffix}`, tooltip };
}
