// Teams and Bot Framework limits, each with where it is documented or observed. The renderer applies
// them with a graceful fallback (rows, then columns, then the table go; the text and the CSV link
// always stay), so a limit never costs the user the answer.

/**
 * Budget for one card's JSON, in UTF-8 bytes. Teams documents the bot message limit as about 100 KB
 * (UTF-16, "keep it within 80 KB"; older pages said 40 KB) and Power Automate/Workflows cards fail
 * past about 28 KB. https://learn.microsoft.com/microsoftteams/platform/bots/how-to/format-your-bot-messages
 * We keep to 28 KB: under every published number, and a card that big is already long to read.
 */
export const MAX_CARD_BYTES = 28_000;

/** Inbound activity bodies we accept; Teams' own messages stop near 100 KB (same page). */
export const MAX_ACTIVITY_BYTES = 256 * 1024;

/**
 * Adaptive Card schema version. 1.5 brings the Table element; Teams desktop, web and mobile render
 * 1.5 for bots. https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/cards-reference#adaptive-card
 */
export const CARD_VERSION = '1.5';

/** Rows of a page shown in the card; the rest are in the CSV and the next pages. Same as Slack. */
export const CARD_ROWS = 20;

/**
 * Columns in the card's table. Our own cap: Teams draws Table columns side by side without
 * horizontal scrolling, and past about 10 they become unreadable slivers. All columns are in the CSV.
 */
export const MAX_TABLE_COLUMNS = 10;

/** Our own cap on one cell, so a JSON blob or a description cannot eat the card budget. */
export const MAX_CELL_CHARS = 120;

/** SQL shown under "Show SQL"; longer SQL is cut with a note (`show <id>` has it whole). */
export const MAX_SQL_CHARS = 6_000;

/**
 * Actions on a card. Teams shows at most 6 in a card's action bar.
 * https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/cards-actions
 */
export const MAX_CARD_ACTIONS = 6;

/** Feedback comment length (Input.Text maxLength). Our own cap, same as Slack's modal. */
export const MAX_FEEDBACK_TEXT = 3000;

/**
 * Typing indicator renewal while a question runs. Teams shows one typing activity for a few
 * seconds (observed ~3 s); Bot Framework throttles a conversation near 1 message per second.
 * https://learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit
 */
export const TYPING_RENEW_MS = 3_000;

/** Welcome card: how many knowledge-base questions to suggest. */
export const WELCOME_EXAMPLES = 3;
