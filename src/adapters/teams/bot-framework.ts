// The one file that imports botbuilder. Everything else in the Teams adapter talks to the small
// BotFramework interface below, in plain activity JSON, so moving to the Microsoft 365 Agents SDK
// (@microsoft/agents-hosting: same activity protocol, same CloudAdapter shape) replaces this file only.
import type http from 'node:http';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  TurnContext,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type ConversationReference,
  type TurnContext as Turn,
} from 'botbuilder';
import type { TeamsConfig } from '../../config/config.ts';
import type { Logger } from '../../lib/logger.ts';

/** The fields of an inbound Bot Framework activity the adapter reads (https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference#activity-object). */
export interface TeamsActivity {
  type: string;
  id?: string;
  name?: string;
  text?: string;
  timestamp?: string;
  serviceUrl: string;
  channelId: string;
  replyToId?: string;
  locale?: string;
  from: { id: string; name?: string; aadObjectId?: string; role?: string };
  recipient: { id: string; name?: string };
  conversation: { id: string; conversationType?: string; tenantId?: string; isGroup?: boolean; name?: string };
  entities?: Array<{ type: string; mentioned?: { id: string; name?: string }; text?: string }>;
  channelData?: {
    tenant?: { id: string };
    team?: { id: string; name?: string };
    channel?: { id: string; name?: string };
    eventType?: string;
  };
  value?: unknown;
  membersAdded?: Array<{ id: string; name?: string }>;
  action?: string;
}

/** What the adapter sends: a message (card and/or text) or a typing indicator. */
export interface OutgoingActivity {
  type: 'message' | 'typing';
  text?: string;
  textFormat?: 'plain' | 'markdown' | 'xml';
  /** Shown where a card cannot be (notifications, the activity feed). */
  summary?: string;
  attachments?: Array<{ contentType: string; content: unknown }>;
}

/** Where to send later (proactively): Bot Framework's ConversationReference, as plain JSON. */
export interface ConversationRef {
  activityId?: string;
  user?: { id: string; name?: string; aadObjectId?: string };
  bot: { id: string; name?: string };
  conversation: { id: string; conversationType?: string; tenantId?: string; isGroup?: boolean };
  channelId: string;
  serviceUrl: string;
  locale?: string;
}

/** Sending into one conversation. */
export interface Outbox {
  /** The new activity's id (what a later update needs). */
  send(activity: OutgoingActivity): Promise<string | undefined>;
  update(activityId: string, activity: OutgoingActivity): Promise<void>;
}

/** The HTTP answer to an invoke activity (adaptiveCard/action): status and body. */
export interface InvokeResult {
  status: number;
  body?: unknown;
}

export type ActivityHandler = (activity: TeamsActivity, outbox: Outbox, ref: ConversationRef) => Promise<InvokeResult | void>;

export interface BotFramework {
  /**
   * One POST /api/messages: authenticates the request (Bot Framework JWT), runs `onActivity`, and
   * writes the HTTP response (401 when authentication fails, the invoke result for invokes).
   */
  handle(body: unknown, headers: http.IncomingHttpHeaders, res: http.ServerResponse, onActivity: ActivityHandler): Promise<void>;
  /** Send into a conversation after its turn has ended (long answers, card updates). */
  continue(ref: ConversationRef, work: (outbox: Outbox) => Promise<void>): Promise<void>;
  /** Open (or reopen) the personal chat with a user of that tenant and send into it; returns that chat's reference. */
  openPersonalChat(from: ConversationRef, user: { id: string; tenantId: string }, work: (outbox: Outbox) => Promise<void>): Promise<ConversationRef>;
}

// Bot Framework's public-cloud endpoints (botframework-connector's AuthenticationConstants). When
// MICROSOFT_OPENID_METADATA_URL is set, botbuilder takes its "parameterized" path and wants every
// endpoint spelled out, so the other ones are given here unchanged.
const PUBLIC_CLOUD = {
  ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
  ToChannelFromBotOAuthScope: 'https://api.botframework.com',
  ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
  OAuthUrl: 'https://api.botframework.com',
  ToBotFromEmulatorOpenIdMetadataUrl: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
  CallerId: 'urn:botframework:azure',
};

/**
 * `config` undefined: the Bot Framework Emulator's local mode. Without an app id botbuilder
 * authenticates nothing (any request is accepted, replies go out without a token), so the caller
 * must only hand it requests from this machine (see emulator-mode.ts).
 */
export function createBotFramework(config: TeamsConfig | undefined, logger: Logger): BotFramework {
  const log = logger.child({ module: 'teams' });
  const appId = config?.appId ?? '';
  const options: Record<string, string | boolean> = config
    ? {
        MicrosoftAppId: config.appId,
        MicrosoftAppType: config.appType,
        ...(config.appPassword ? { MicrosoftAppPassword: config.appPassword } : {}),
        ...(config.tenantId ? { MicrosoftAppTenantId: config.tenantId } : {}),
        ...(config.openIdMetadataUrl ? { ...PUBLIC_CLOUD, ToBotFromChannelOpenIdMetadataUrl: config.openIdMetadataUrl, ValidateAuthority: true } : {}),
      }
    : {};
  const auth = new ConfigurationBotFrameworkAuthentication(options as ConfigurationBotFrameworkAuthenticationOptions);
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (_context, err) => {
    log.error({ err }, 'Teams turn failed');
  };

  const outboxOf = (context: Turn): Outbox => ({
    async send(activity) {
      const sent = await context.sendActivity(activity as Partial<Activity>);
      return sent?.id || undefined;
    },
    async update(activityId, activity) {
      await context.updateActivity({ ...(activity as Partial<Activity>), id: activityId });
    },
  });

  return {
    async handle(body, headers, res, onActivity) {
      // Authenticate first, ourselves: CloudAdapter answers 500, not 401, when the token's signature
      // is wrong (jsonwebtoken's error is not an AuthenticationError). Any failure here is a 401 and
      // no work. CloudAdapter then validates again (the signing keys are cached, so that is cheap).
      const authorization = [headers.authorization].flat()[0] ?? '';
      try {
        await auth.authenticateRequest(body as Activity, authorization);
      } catch (err) {
        log.warn({ reason: err instanceof Error ? err.message.slice(0, 120) : 'unknown' }, 'Teams request refused: Bot Framework authentication failed');
        res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Unauthorized\n');
        return;
      }
      const response = responseShim(res);
      await adapter.process({ body: body as Record<string, unknown>, headers, method: 'POST' }, response, async (context) => {
        const activity = context.activity as unknown as TeamsActivity;
        const ref = TurnContext.getConversationReference(context.activity) as ConversationRef;
        const result = await onActivity(activity, outboxOf(context), ref);
        if (result && context.activity.type === 'invoke') {
          // CloudAdapter returns this as the HTTP response of the invoke.
          await context.sendActivity({ type: 'invokeResponse', value: { status: result.status, body: result.body } });
        }
      });
    },

    async continue(ref, work) {
      await adapter.continueConversationAsync(appId, ref as ConversationReference, async (context) => work(outboxOf(context)));
    },

    async openPersonalChat(from, user, work) {
      let opened: ConversationRef | undefined;
      await adapter.createConversationAsync(
        appId,
        from.channelId,
        from.serviceUrl,
        PUBLIC_CLOUD.ToChannelFromBotOAuthScope,
        {
          isGroup: false,
          bot: { id: from.bot.id, name: from.bot.name ?? '' },
          members: [{ id: user.id, name: '' }],
          tenantId: user.tenantId,
          channelData: { tenant: { id: user.tenantId } },
        },
        async (context) => {
          opened = TurnContext.getConversationReference(context.activity) as ConversationRef;
          await work(outboxOf(context));
        },
      );
      if (!opened) throw new Error('createConversation finished without a conversation');
      return opened;
    },
  };
}

/** CloudAdapter writes through an express-like response; this maps it onto Node's. */
function responseShim(res: http.ServerResponse) {
  let status = 200;
  let body: unknown;
  const headers: Record<string, string> = {};
  return {
    socket: res.socket,
    status(code: number) {
      status = code;
    },
    header(name: string, value: unknown) {
      headers[name.toLowerCase()] = String(value);
    },
    send(b: unknown) {
      body = b;
    },
    end() {
      if (res.headersSent) return;
      if (body === undefined) {
        res.writeHead(status, headers);
        res.end();
      } else if (typeof body === 'string') {
        res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
        res.end(body);
      } else {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
        res.end(JSON.stringify(body));
      }
    },
  };
}
