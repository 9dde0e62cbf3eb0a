// `threadsql chat`: the same engine in a readline loop. One thread per chat, so follow-ups build on
// earlier answers; commands (help, history, page …) work as in Slack and Teams.
import readline from 'node:readline/promises';
import type { App } from '../../../app.ts';
import { renderReplyText } from '../render-reply.ts';
import { printLine } from '../output.ts';
import { terminalInput } from './ask-command.ts';

export async function chatCommand(app: App, stop: AbortSignal): Promise<number> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  const threadKey = `chat-${app.clock.newId()}`;
  const examples = app.kb.suggestions(3);
  printLine(`threadsql chat on ${app.warehouse.description}. Ask a question, or "help". Ctrl-D to leave.`);
  if (!app.config.llm) printLine('No language model is configured: questions close to a knowledge-base example are answered; set OPENAI_MODEL for the rest.');
  if (examples.length) printLine(`Try: ${examples.join(' · ')}`);
  stop.addEventListener('abort', () => rl.close(), { once: true });
  const prompt = () => {
    if (process.stdin.isTTY) process.stdout.write('\n› ');
  };
  prompt();
  try {
    // The async iterator buffers lines typed (or piped) while an answer is still being worked on;
    // rl.question() would drop them.
    for await (const line of rl) {
      if (/^(exit|quit)$/i.test(line.trim())) break;
      if (line.trim()) {
        const reply = await app.engine.handleMessage(terminalInput(line, threadKey), (p) => process.stderr.write(`… ${p.text}\n`), stop);
        if (reply) printLine(renderReplyText(reply, { color: process.stdout.isTTY, width: process.stdout.columns }));
      }
      if (stop.aborted) break;
      prompt();
    }
  } finally {
    rl.close();
  }
  return 0;
}
