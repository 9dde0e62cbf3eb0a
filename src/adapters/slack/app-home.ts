// The App Home tab, published (views.publish) each time the user opens it: what threadsql can do,
// the user's own last questions — read through the store's viewer-scoped listing, so never anyone
// else's, admins included — each linked to its thread, and example questions from the knowledge base.
import type { App as BoltApp } from '@slack/bolt';
import type { KnowledgeBase } from '../../kb/kb-index.ts';
import type { AttemptStatus, Store } from '../../store/store.ts';
import { MAX_HOME_QUESTIONS, MAX_HOME_SUGGESTIONS, MAX_SECTION_TEXT } from './limits.ts';
import { escapeText, type Block } from './render-reply.ts';
import { SLASH_COMMAND } from './slash-command.ts';
import type { SlackApi } from './slack-api.ts';

export interface HomeDeps {
  store: Store;
  kb: KnowledgeBase;
  api: SlackApi;
  teamId: string;
  /** The workspace's address from auth.test (https://<team>.slack.com/), for links to threads. */
  workspaceUrl: string;
  background(work: () => Promise<unknown>): void;
}

/** One of the user's questions as the tab lists it. */
export interface HomeQuestion {
  text: string;
  status: AttemptStatus;
  askedAt: Date;
  /** The thread it was asked in, when it was asked in one. */
  link: string | undefined;
}

export function registerAppHome(bolt: BoltApp, deps: HomeDeps): void {
  bolt.event('app_home_opened', async ({ event, body }) => {
    if (event.tab !== 'home') return; // the Messages tab is the DM itself
    const teamId = (body as { team_id?: string }).team_id ?? deps.teamId;
    deps.background(async () => {
      const questions = await homeQuestions(deps, teamId, event.user);
      await deps.api.publishHome(event.user, { type: 'home', blocks: renderHome(questions, deps.kb.suggestions(MAX_HOME_SUGGESTIONS)) });
    });
  });
}

/** The user's own last questions, newest first; none for someone who never asked. */
export async function homeQuestions(deps: Pick<HomeDeps, 'store' | 'workspaceUrl'>, teamId: string, slackUserId: string): Promise<HomeQuestion[]> {
  const user = await deps.store.users.find({ platform: 'slack', tenantId: teamId, platformUserId: slackUserId });
  if (!user) return [];
  // `all` is not set: even an admin's tab lists only their own questions.
  const attempts = await deps.store.attempts.listForViewer({ userId: user.id, role: user.role }, { limit: MAX_HOME_QUESTIONS, platform: 'slack' });
  const sessions = new Map<string, Awaited<ReturnType<Store['sessions']['get']>>>();
  const out: HomeQuestion[] = [];
  for (const a of attempts) {
    if (a.sessionId && !sessions.has(a.sessionId)) sessions.set(a.sessionId, await deps.store.sessions.get(a.sessionId));
    const session = a.sessionId ? sessions.get(a.sessionId) : undefined;
    out.push({
      text: a.naturalLanguageQuery ?? (a.generatedSql ? `SQL: ${a.generatedSql}` : `attempt ${a.id.slice(0, 8)}`),
      status: a.status,
      askedAt: a.createdAt,
      link: session?.channelId && session.threadKey ? threadLink(deps.workspaceUrl, session.channelId, session.threadKey) : undefined,
    });
  }
  return out;
}

/**
 * A thread's permalink, built the way chat.getPermalink builds it (https://<team>.slack.com/archives/
 * <channel>/p<ts without the dot>): no API call per question. Only for real message timestamps:
 * private slash-command sessions have keys of their own and no thread to open.
 */
export function threadLink(workspaceUrl: string, channelId: string, threadTs: string): string | undefined {
  if (!workspaceUrl || !/^\d+\.\d+$/.test(threadTs) || !/^[A-Z0-9]+$/.test(channelId)) return undefined;
  return `${workspaceUrl.replace(/\/?$/, '/')}archives/${channelId}/p${threadTs.replace('.', '')}`;
}

/** The tab's blocks. Pure. */
export function renderHome(questions: HomeQuestion[], suggestions: string[]): Block[] {
  const blocks: Block[] = [
    { type: 'header', block_id: 'home-title', text: { type: 'plain_text', text: 'threadsql' } },
    section(
      'home-about',
      'Ask a question about the data in plain words. threadsql writes one read-only SQL query, runs it, and answers in the thread with a summary, a table, a chart and a CSV. ' +
        `@-mention it in a channel, write to it here in Messages, or use \`${SLASH_COMMAND} ask …\`. Follow-ups in a thread build on the earlier answers.`,
    ),
    { type: 'divider' },
    section('home-questions-title', '*Your last questions*'),
  ];
  if (questions.length === 0) blocks.push(context('home-questions-none', 'No questions yet.'));
  questions.forEach((q, i) => {
    const text = escapeText(oneLine(q.text, 150));
    const label = q.link ? `<${q.link}|${text.replace(/\|/g, '¦')}>` : text;
    blocks.push(section(`home-q-${i}`, `${label}\n${STATUS_LABEL[q.status]} · ${q.askedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`));
  });
  if (suggestions.length > 0) {
    blocks.push({ type: 'divider' }, section('home-try-title', '*Try asking*'));
    blocks.push(section('home-try', suggestions.map((s) => `• ${escapeText(oneLine(s, 200))}`).join('\n')));
  }
  return blocks;
}

const STATUS_LABEL: Record<AttemptStatus, string> = {
  pending: ':hourglass_flowing_sand: working',
  success: ':white_check_mark: answered',
  failed_generation: ':x: no SQL written',
  failed_execution: ':x: the query failed',
  timeout: ':stopwatch: timed out',
  not_executed: ':heavy_minus_sign: not run',
};

function section(blockId: string, mrkdwn: string): Block {
  return { type: 'section', block_id: blockId, text: { type: 'mrkdwn', text: mrkdwn.slice(0, MAX_SECTION_TEXT) } };
}

function context(blockId: string, mrkdwn: string): Block {
  return { type: 'context', block_id: blockId, elements: [{ type: 'mrkdwn', text: mrkdwn }] };
}

function oneLine(text: string, max: number): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : chars.join('');
}
