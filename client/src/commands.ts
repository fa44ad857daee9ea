/**
 * The palette commands: re-analyse, show a function's simulation, pick the
 * scenario, set the kernel tree. Each asks the server or writes a setting;
 * nothing is executed.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  FUNCTIONS_REQUEST, type FunctionEntry, LANGUAGE_ID, REANALYSE_REQUEST, SCENARIOS_REQUEST, type ScenariosResult,
  SHOW_SIMULATION_COMMAND,
} from '../../server/src/lsp/protocol.js';
import { SimulationProvider } from './simulation-provider.js';

function activePatchUri(): string | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  return doc && doc.languageId === LANGUAGE_ID ? doc.uri.toString() : undefined;
}

/** Where a setting the user picks is written: the workspace when there is one. */
function settingsTarget(): vscode.ConfigurationTarget {
  return vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
}

async function reanalyse(client: LanguageClient): Promise<void> {
  await client.sendRequest(REANALYSE_REQUEST, { uri: activePatchUri() });
}

async function pickFunction(client: LanguageClient, uri: string): Promise<FunctionEntry | undefined> {
  const functions = await client.sendRequest<FunctionEntry[]>(FUNCTIONS_REQUEST, { uri });
  if (functions.length === 0) {
    void vscode.window.showInformationMessage('mmreview: this document changes no C function it could simulate.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    functions.map((f) => ({ label: f.name, description: f.headline, detail: f.incomplete ? `incomplete: ${f.incomplete}` : undefined, f })),
    { placeHolder: 'Changed function to simulate' },
  );
  return picked?.f;
}

/** From the code lens: (uri, functionId). From the palette: no arguments, so ask. */
async function showSimulation(client: LanguageClient, uri?: unknown, functionId?: unknown): Promise<void> {
  let target: { uri: string; functionId: string; name: string } | undefined;
  if (typeof uri === 'string' && typeof functionId === 'string') target = { uri, functionId, name: functionId };
  else {
    const active = activePatchUri();
    if (!active) {
      void vscode.window.showInformationMessage('mmreview: open a kernel patch mail document first.');
      return;
    }
    const f = await pickFunction(client, active);
    if (f) target = { uri: active, functionId: f.functionId, name: f.name };
  }
  if (!target) return;
  const doc = await vscode.workspace.openTextDocument(SimulationProvider.uriFor(target.uri, target.functionId, target.name));
  await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside, preserveFocus: true });
}

async function selectScenario(client: LanguageClient): Promise<void> {
  const names = await client.sendRequest<ScenariosResult>(SCENARIOS_REQUEST, {});
  const current = vscode.workspace.getConfiguration('mmreview').get<string>('scenario', 'auto');
  const picked = await vscode.window.showQuickPick(
    names.map((name) => ({ label: name, description: name === current ? 'current' : undefined })),
    { placeHolder: 'Scenario to simulate the changed functions in' },
  );
  if (picked) await vscode.workspace.getConfiguration('mmreview').update('scenario', picked.label, settingsTarget());
}

async function setKernelTree(): Promise<void> {
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: false, canSelectFolders: true, canSelectMany: false,
    openLabel: 'Use as kernel tree', title: 'Linux kernel source tree (the folder that holds mm/)',
  });
  if (!picked?.[0]) return;
  // A kernel tree is a property of the machine, not of one review workspace.
  await vscode.workspace.getConfiguration('mmreview').update('kernelTree', picked[0].fsPath, vscode.ConfigurationTarget.Global);
}

export function registerCommands(client: LanguageClient): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('mmreview.reanalyse', () => reanalyse(client)),
    vscode.commands.registerCommand(SHOW_SIMULATION_COMMAND, (uri?: unknown, fn?: unknown) => showSimulation(client, uri, fn)),
    vscode.commands.registerCommand('mmreview.selectScenario', () => selectScenario(client)),
    vscode.commands.registerCommand('mmreview.setKernelTree', () => setKernelTree()),
  ];
}
