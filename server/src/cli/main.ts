// Placeholder; the ingest issue gives the CLI its commands.
process.stdout.write('mmreview\n');
