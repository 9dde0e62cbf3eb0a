import { describe, expect, it } from 'vitest';
import { buildPrompt, buildRepairPrompt, DEFAULT_PROMPT_BUDGETS, type PromptInput } from '../../../src/nl2sql/prompt.ts';
import { estimateTokens } from '../../../src/nl2sql/tokens.ts';

const base: PromptInput = {
  question: 'Revenue per month in 2022',
  schemaSlice: 'CREATE TABLE public.payment (\n  amount numeric(5,2) NOT NULL\n);',
  examples: [
    { question: 'Total revenue in 2022', sql: 'SELECT sum(p.amount) FROM public.payment p' },
    { question: 'Payments per customer', sql: 'SELECT p.customer_id, count(*) FROM public.payment p GROUP BY p.customer_id' },
  ],
  notes: ['Revenue excludes refunds.', 'Weeks start on Monday.'],
  turns: [
    { question: 'How many payments?', sql: 'SELECT count(*) FROM public.payment', rowCount: 1, columns: ['count'] },
    { question: 'Which films are longest?', sql: null, rowCount: null, columns: [] },
  ],
  today: '2025-06-01',
};

describe('buildPrompt', () => {
  it('lays out sections in a fixed order: instructions, notes, schema, examples, turns, question', () => {
    const { messages, sections } = buildPrompt(base);
    expect(sections.map((s) => s.name)).toEqual(['instructions', 'notes', 'schema', 'examples', 'turns', 'question']);
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant', 'user', 'assistant', 'user', 'assistant', 'user']);

    const system = messages[0]!.content;
    const at = (text: string) => system.indexOf(text);
    expect(at('Dialect: PostgreSQL')).toBeGreaterThanOrEqual(0);
    expect(at('## How to answer')).toBeLessThan(at('## House notes'));
    expect(at('## House notes')).toBeLessThan(at('## Schema'));
    expect(system).toContain('- Revenue excludes refunds.\n- Weeks start on Monday.');
    expect(system).toContain('## Schema\nCREATE TABLE public.payment (');
    expect(system).toContain('Today is 2025-06-01.');

    expect(messages[1]).toEqual({ role: 'user', content: 'Total revenue in 2022' });
    expect(messages[2]).toEqual({ role: 'assistant', content: '```sql\nSELECT sum(p.amount) FROM public.payment p\n```' });
    expect(messages[3]!.content).toBe('Payments per customer');
    expect(messages[5]).toEqual({ role: 'user', content: 'How many payments?' });
    expect(messages[6]).toEqual({ role: 'assistant', content: '```sql\nSELECT count(*) FROM public.payment\n```\n(returned 1 row: count)' });
    expect(messages[8]).toEqual({ role: 'assistant', content: '(no SQL was written for this question)' });
    expect(messages.at(-1)).toEqual({ role: 'user', content: 'Revenue per month in 2022' });
  });

  it('tells the model the rules of the answer', () => {
    const system = buildPrompt(base).messages[0]!.content;
    for (const rule of ['ONE read-only SELECT', '```sql block', 'CLARIFY: <one short question>', 'Use only the tables and columns shown', 'Qualify every column', 'explicit JOIN', 'LIMIT only when']) {
      expect(system).toContain(rule);
    }
  });

  it('describes an earlier turn by row count and column names, never its data', () => {
    const turns = [{ question: 'Top films', sql: 'SELECT f.title, f.length FROM public.film f', rowCount: 1000, columns: Array.from({ length: 15 }, (_, i) => `c${i}`) }];
    const { messages } = buildPrompt({ ...base, turns });
    expect(messages.at(-2)!.content).toBe('```sql\nSELECT f.title, f.length FROM public.film f\n```\n(returned 1000 rows: c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, …)');
  });

  it('counts tokens and items per section', () => {
    const { sections } = buildPrompt(base);
    const byName = Object.fromEntries(sections.map((s) => [s.name, s]));
    expect(byName.notes).toMatchObject({ items: 2, dropped: 0 });
    expect(byName.examples).toMatchObject({ items: 2, dropped: 0 });
    expect(byName.turns).toMatchObject({ items: 2, dropped: 0 });
    expect(byName.schema).toMatchObject({ items: 1 }); // one CREATE TABLE
    expect(byName.question).toMatchObject({ items: 1, truncated: false });
    for (const s of sections) expect(s.tokens).toBeGreaterThan(0);
  });

  it('drops the farthest examples whole when the examples go over their budget', () => {
    const long = 'SELECT ' + Array.from({ length: 80 }, (_, i) => `p.col_${i}`).join(', ') + ' FROM public.payment p';
    const examples = [
      { question: 'closest', sql: 'SELECT 1' },
      { question: 'second', sql: long },
      { question: 'third', sql: 'SELECT 3' },
      { question: 'farthest', sql: long },
    ];
    const { messages, sections } = buildPrompt({ ...base, examples, turns: [], budgets: { examples: 300 } });
    const users = messages.filter((m) => m.role === 'user').map((m) => m.content);
    expect(users).toContain('closest');
    expect(users).toContain('second');
    expect(users).toContain('third');
    expect(users).not.toContain('farthest');
    // Whatever was kept is whole: every assistant example is a complete fenced block.
    for (const m of messages.filter((x) => x.role === 'assistant')) expect(m.content).toMatch(/^```sql\n[\s\S]+\n```/);
    const examplesSection = sections.find((s) => s.name === 'examples')!;
    expect(examplesSection).toMatchObject({ items: 3, dropped: 1 });
    expect(examplesSection.tokens).toBeLessThanOrEqual(300);
  });

  it('drops the oldest turns first and keeps the newest run', () => {
    const turns = Array.from({ length: 10 }, (_, i) => ({ question: `question ${i}`, sql: `SELECT ${i} AS n, 'padding padding padding padding' AS p`, rowCount: 1, columns: ['n', 'p'] }));
    const { messages, sections } = buildPrompt({ ...base, examples: [], turns, budgets: { turns: 130 } });
    const asked = messages.filter((m) => m.role === 'user').map((m) => m.content).slice(0, -1);
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.length).toBeLessThan(10);
    // The kept turns are the newest ones, oldest first.
    expect(asked).toEqual(Array.from({ length: asked.length }, (_, i) => `question ${10 - asked.length + i}`));
    const section = sections.find((s) => s.name === 'turns')!;
    expect(section.items + section.dropped).toBe(10);
    expect(section.tokens).toBeLessThanOrEqual(130);
  });

  it('drops notes that do not fit, whole', () => {
    const notes = ['short note', 'x'.repeat(4_000), 'another short note'];
    const { messages, sections } = buildPrompt({ ...base, notes });
    expect(messages[0]!.content).toContain('- short note\n- another short note');
    expect(messages[0]!.content).not.toContain('xxxx');
    expect(sections.find((s) => s.name === 'notes')).toMatchObject({ items: 2, dropped: 1 });
  });

  it('cuts a 10,000-character question to its budget with a marker, and says so', () => {
    const question = 'How many films '.repeat(700).slice(0, 10_000);
    const { messages, sections } = buildPrompt({ ...base, question });
    const sent = messages.at(-1)!.content;
    expect(sent.length).toBeLessThan(question.length);
    expect(sent).toMatch(/\n\[… question cut here: it had 10000 characters; the first \d+ are shown\]$/);
    expect(sent.startsWith(question.slice(0, 100))).toBe(true);
    const section = sections.find((s) => s.name === 'question')!;
    expect(section.truncated).toBe(true);
    expect(estimateTokens(sent)).toBeLessThanOrEqual(DEFAULT_PROMPT_BUDGETS.question);
  });

  it('says when no tables matched rather than leaving the schema section empty', () => {
    const { messages, sections } = buildPrompt({ ...base, schemaSlice: '' });
    expect(messages[0]!.content).toContain('## Schema\n(no tables matched the question)');
    expect(sections.find((s) => s.name === 'schema')).toMatchObject({ items: 0 });
  });

  it('leaves out the notes heading when there are no notes', () => {
    const { messages } = buildPrompt({ ...base, notes: [] });
    expect(messages[0]!.content).not.toContain('## House notes');
  });
});

describe('buildRepairPrompt', () => {
  it('appends the failed SQL as the model’s turn and the reason as the user’s', () => {
    const { messages } = buildPrompt(base);
    const repaired = buildRepairPrompt(messages, 'SELECT amount FROM public.payments', 'relation "public.payments" does not exist.');
    expect(repaired.slice(0, messages.length)).toEqual(messages);
    expect(repaired.slice(messages.length)).toEqual([
      { role: 'assistant', content: '```sql\nSELECT amount FROM public.payments\n```' },
      { role: 'user', content: 'That SQL failed: relation "public.payments" does not exist. Reply with a corrected query.' },
    ]);
  });

  it('keeps a long reason to one bounded line', () => {
    const repaired = buildRepairPrompt([], 'SELECT 1', `line one\nline two ${'x'.repeat(3_000)}`);
    const last = repaired.at(-1)!.content;
    expect(last).not.toContain('\n');
    expect(last.length).toBeLessThan(1_100);
  });
});
