#!/usr/bin/env node
// The `threadsql` command. threadsql runs its TypeScript sources directly through tsx (a runtime
// dependency), so `npm start`, the CLI and the Docker image need no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/adapters/terminal/cli.ts');
