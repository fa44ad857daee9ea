/**
 * The read-only simulation documents live at
 * `mmreview-sim:/<function>.txt?uri=<document>&fn=<functionId>`; the `.txt`
 * gives them plain-text mode. Pure string helpers, testable without VS Code.
 */
export interface SimulationTarget {
  uri: string;
  functionId: string;
}

export function simulationPath(functionName: string): string {
  const safe = functionName.replace(/[^A-Za-z0-9_.-]+/g, '_') || 'function';
  return `/${safe}.simulation.txt`;
}

export function simulationQuery(target: SimulationTarget): string {
  return new URLSearchParams({ uri: target.uri, fn: target.functionId }).toString();
}

export function parseSimulationQuery(query: string): SimulationTarget | undefined {
  const params = new URLSearchParams(query);
  const uri = params.get('uri');
  const functionId = params.get('fn');
  return uri && functionId ? { uri, functionId } : undefined;
}
