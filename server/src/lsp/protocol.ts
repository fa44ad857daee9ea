/**
 * The custom requests and notifications between the mmreview server and its
 * clients, as plain names and shapes. No imports, so the VS Code client can
 * bundle this file without pulling in the server library.
 */

/** The language id of kernel patch mail in every client. */
export const LANGUAGE_ID = 'kernel-patch-mail';

/** URI scheme of the read-only simulation documents the client shows. */
export const SIMULATION_SCHEME = 'mmreview-sim';

/** Client command that shows a function's simulation; the code lens runs it with [uri, functionId]. */
export const SHOW_SIMULATION_COMMAND = 'mmreview.showSimulation';

/** Server -> client notification: how the analysis of one document stands. */
export const STATUS_NOTIFICATION = 'mmreview/status';

export type StatusState = 'analysing' | 'done' | 'skipped' | 'failed';

export interface StatusParams {
  uri: string;
  version: number;
  state: StatusState;
  /** Number of findings (0 unless state is 'done'). */
  findings: number;
  /** True when some simulation hit a budget or a gap. */
  incomplete: boolean;
  /** Why the document was skipped or the analysis failed. */
  message?: string;
}

/** Client -> server request: the text of one function's full simulation. */
export const SIMULATION_REQUEST = 'mmreview/simulation';

export interface SimulationParams {
  uri: string;
  functionId: string;
}

/** null when the document or the function is unknown. */
export type SimulationResult = string | null;

/** Client -> server request: the changed functions of a document. */
export const FUNCTIONS_REQUEST = 'mmreview/functions';

export interface FunctionsParams {
  uri: string;
}

export interface FunctionEntry {
  functionId: string;
  name: string;
  headline: string;
  incomplete?: string;
}

/** Client -> server request: the names `mmreview.scenario` accepts ('auto' first). */
export const SCENARIOS_REQUEST = 'mmreview/scenarios';

export type ScenariosResult = string[];

/**
 * Client -> server request: drop caches, re-read the kernel tree and analyse
 * again (one document, or every open one when uri is absent).
 */
export const REANALYSE_REQUEST = 'mmreview/reanalyse';

export interface ReanalyseParams {
  uri?: string;
}

/** What the client may pass in `initializationOptions`. */
export interface InitializationOptions {
  /** The client handles `mmreview/status`; other clients are not sent it. */
  statusNotifications?: boolean;
}
