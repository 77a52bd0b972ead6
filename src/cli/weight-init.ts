#!/usr/bin/env node
// The `weight-init` command. `demo` prints the sampling report.
import { samplingReport } from './sampling-report.js';

const [command] = process.argv.slice(2);
if (command === 'demo') {
  samplingReport();
} else {
  console.error('usage: weight-init demo');
  process.exit(command === undefined || command === '--help' ? 0 : 2);
}
