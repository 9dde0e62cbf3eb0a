// Slack's platform limits, each with where it is documented. The renderer applies them with a
// graceful fallback (a table too big for a table block becomes a code block; `text` always carries
// the whole answer), so a limit never costs the user the answer.

/** Blocks per message. https://docs.slack.dev/reference/block-kit/blocks ("up to 50 blocks in each message") */
export const MAX_BLOCKS_PER_MESSAGE = 50;

/** Section text. https://docs.slack.dev/reference/block-kit/blocks/section-block (text: max 3000 characters) */
export const MAX_SECTION_TEXT = 3000;

/** Context block elements. https://docs.slack.dev/reference/block-kit/blocks/context-block (max 10 elements) */
export const MAX_CONTEXT_ELEMENTS = 10;

/** Elements in an actions block. https://docs.slack.dev/reference/block-kit/blocks/actions-block (max 25) */
export const MAX_ACTIONS_ELEMENTS = 25;

/** Button label and value. https://docs.slack.dev/reference/block-kit/block-elements/button-element (text 75, value 2000) */
export const MAX_BUTTON_TEXT = 75;
export const MAX_BUTTON_VALUE = 2000;

/**
 * Table block: at most 100 rows (the header row counts: it is the first row) of at most 20 cells.
 * https://docs.slack.dev/reference/block-kit/blocks/table-block ("Maximum 100 rows … max of 20 table cells").
 */
export const MAX_TABLE_ROWS = 100;
export const MAX_TABLE_CELLS = 20;

/**
 * Characters across all cells of one table. The table block page names no number; the data table
 * block's page gives 10,000 per table and per message, and we stay under that for the plain table too.
 * https://docs.slack.dev/reference/block-kit/blocks/data-table-block
 */
export const MAX_TABLE_CHARS = 10_000;

/** Our own cap on one cell: long text (JSON, descriptions) is cut so one cell cannot eat the budget. */
export const MAX_CELL_CHARS = 200;

/** Rows of a page shown in the message; the rest are in the CSV and the next pages. */
export const CHAT_ROWS = 20;

/**
 * Message `text`. https://docs.slack.dev/reference/methods/chat.postMessage ("truncate … over 40,000
 * characters"); we cut earlier and say so, rather than let Slack cut mid-word.
 */
export const MAX_MESSAGE_TEXT = 39_000;

/** Modal title (24) and plain-text input (3000). https://docs.slack.dev/reference/views/modal-views */
export const MAX_MODAL_TITLE = 24;
export const MAX_FEEDBACK_TEXT = 3000;

/** Assistant thread title; Slack shows about one line. Our own cap. */
export const MAX_THREAD_TITLE = 80;

/**
 * Suggested prompts in the assistant pane: at most 4.
 * https://docs.slack.dev/reference/methods/assistant.threads.setSuggestedPrompts
 */
export const MAX_SUGGESTED_PROMPTS = 4;

/** Slack needs every event, command and action acknowledged within 3 seconds or it retries. https://docs.slack.dev/apis/events-api/#responding */
export const ACK_DEADLINE_MS = 3000;

/** Placeholder edits while working: chat.update is Tier 3 (~50 per minute); one edit per 2 s per answer is plenty. */
export const PROGRESS_EDIT_INTERVAL_MS = 2000;

/** App Home: a view holds at most 100 blocks (https://docs.slack.dev/reference/views); we list 10 questions and 4 examples. */
export const MAX_HOME_QUESTIONS = 10;
export const MAX_HOME_SUGGESTIONS = 4;

/**
 * After the ack a question starts once no other came for QUESTION_QUIET_MS, at the latest
 * QUESTION_MAX_START_DELAY_MS after it came: a burst of events is acked first (a bare Bolt app acks
 * 200 at once in ~100–150 ms on 2 cores, bench scenario 1), then answered. A lone question loses 20 ms.
 */
export const QUESTION_QUIET_MS = 20;
export const QUESTION_MAX_START_DELAY_MS = 250;

