// Placeholder until the language-server issue.
process.stderr.write('mmreview language server: not implemented yet\n');
