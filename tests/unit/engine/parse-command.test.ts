import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../src/engine/commands/parse-command.ts';

const ID = '3f2a9c1e-1234-4abc-8def-0123456789ab';

describe('parseCommand', () => {
  it.each([
    ['help', { name: 'help' }],
    ['history', { name: 'history', limit: 10, all: false }],
    ['history 5', { name: 'history', limit: 5, all: false }],
    ['history all', { name: 'history', limit: 10, all: true }],
    ['history 30 all', { name: 'history', limit: 30, all: true }],
    ['history search refunds by month', { name: 'history_search', words: 'refunds by month' }],
    [`show ${ID}`, { name: 'show', attemptId: ID }],
    ['show 3f2a9c1e', { name: 'show', attemptId: '3f2a9c1e' }],
    ['page 3f2a9c1e 2', { name: 'page', attemptId: '3f2a9c1e', page: 2 }],
    [`retry ${ID.toUpperCase()}`, { name: 'retry', attemptId: ID }],
    ['sql SELECT 1\nFROM x', { name: 'sql', sql: 'SELECT 1\nFROM x' }],
    ['schema', { name: 'schema', table: undefined }],
    ['schema orders', { name: 'schema', table: 'orders' }],
    ['schema refresh', { name: 'schema_refresh' }],
    ['kb reload', { name: 'kb_reload' }],
    ['stats', { name: 'stats', weeks: 4 }],
    ['stats 12', { name: 'stats', weeks: 12 }],
    ['new topic', { name: 'new_topic' }],
    ['/threadsql history', { name: 'history', limit: 10, all: false }],
    ['feedback 3f2a9c1e down wrong year', { name: 'feedback', attemptId: '3f2a9c1e', value: 'down', text: 'wrong year' }],
  ])('recognises %j', (input, expected) => {
    expect(parseCommand(input)).toEqual(expected);
  });

  it.each([
    'show me revenue by month',
    'history of refunds in 2024',
    'what is the schema of orders?',
    'page views per day',
    'retry the last one with Europe only',
    'sql',
    'stats for Europe',
    'How many orders were placed?',
  ])('leaves a question alone: %j', (input) => {
    expect(parseCommand(input)).toBeUndefined();
  });
});
