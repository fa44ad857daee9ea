// Placeholder until the language-client issue: activation does nothing yet.
import type * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext): void {}

export function deactivate(): void {}
