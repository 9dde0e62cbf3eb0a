// The App Home view and the thread links in it: pure rendering, Slack's limits and escaping.
import { describe, expect, it } from 'vitest';
import { renderHome, threadLink, type HomeQuestion } from '../../../../src/adapters/slack/app-home.ts';
import { MAX_SECTION_TEXT } from '../../../../src/adapters/slack/limits.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const at = new Date('2026-03-04T05:06:07Z');

describe('Slack App Home', () => {
  it('links a thread the way Slack permalinks look, and nothing for keys that are not message timestamps', () => {
    expect(threadLink('https://acme.slack.com/', 'C0SALES01', '1760000100.000100')).toBe('https://acme.slack.com/archives/C0SALES01/p1760000100000100');
    expect(threadLink('https://acme.slack.com', 'D0BOB0001', '1760000100.000100')).toBe('https://acme.slack.com/archives/D0BOB0001/p1760000100000100');
    expect(threadLink('https://acme.slack.com/', 'C0SALES01', 'slash:C0SALES01:U0ALICE01')).toBeUndefined();
    expect(threadLink('', 'C0SALES01', '1760000100.000100')).toBeUndefined();
  });

  it('lists questions with their status, escaped, each linked when it has a thread', () => {
    const questions: HomeQuestion[] = [
      { text: 'revenue <by> region & store | top', status: 'success', askedAt: at, link: 'https://acme.slack.com/archives/C1/p1' },
      { text: 'x'.repeat(5000), status: 'failed_execution', askedAt: at, link: undefined },
    ];
    const blocks = renderHome(questions, ['How many films per rating?']) as Json[];
    const q0 = blocks.find((b) => b.block_id === 'home-q-0')!;
    expect(q0.text.text).toBe('<https://acme.slack.com/archives/C1/p1|revenue &lt;by&gt; region &amp; store ¦ top>\n:white_check_mark: answered · 2026-03-04 05:06 UTC');
    const q1 = blocks.find((b) => b.block_id === 'home-q-1')!;
    expect(q1.text.text).toMatch(/^x{149}…\n:x: the query failed/);
    for (const b of blocks) if (b.type === 'section') expect(b.text.text.length).toBeLessThanOrEqual(MAX_SECTION_TEXT);
    expect(JSON.stringify(blocks)).toContain('• How many films per rating?');
  });

  it('says so when there are no questions, and leaves out examples when the knowledge base has none', () => {
    const blocks = renderHome([], []) as Json[];
    expect(JSON.stringify(blocks)).toContain('No questions yet.');
    expect(blocks.some((b) => b.block_id === 'home-try')).toBe(false);
    expect(blocks[0]).toMatchObject({ type: 'header' });
  });
});
